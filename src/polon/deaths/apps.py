from django.apps import AppConfig


class DeathsConfig(AppConfig):
    name = "polon.deaths"
    label = "deaths"
