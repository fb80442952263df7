from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "polon.exports"
    label = "exports"
