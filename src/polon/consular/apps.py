from django.apps import AppConfig


class ConsularConfig(AppConfig):
    name = "polon.consular"
    label = "consular"
