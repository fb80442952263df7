from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "polon.sources"
    label = "sources"
