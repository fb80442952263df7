from django.apps import AppConfig


class ActorsConfig(AppConfig):
    name = "polon.actors"
    label = "actors"
