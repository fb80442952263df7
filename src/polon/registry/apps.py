from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "polon.registry"
    label = "registry"
