from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "polon.web"
    label = "web"
