from django.apps import AppConfig


class DutiesConfig(AppConfig):
    name = "polon.duties"
    label = "duties"
