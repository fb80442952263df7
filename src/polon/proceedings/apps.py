from django.apps import AppConfig


class ProceedingsConfig(AppConfig):
    name = "polon.proceedings"
    label = "proceedings"
    verbose_name = "Proceedings against prisoners of war"
