from django.apps import AppConfig


class CtaConfig(AppConfig):
    name = "polon.cta"
    label = "cta"
