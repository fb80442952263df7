from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "polon.visits"
    label = "visits"
