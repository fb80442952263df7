from django.apps import AppConfig


class ExchangesConfig(AppConfig):
    name = "polon.exchanges"
    label = "exchanges"
