from django.apps import AppConfig


class EffectsConfig(AppConfig):
    name = "polon.effects"
    label = "effects"
