from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "polon.core"
    label = "core"
