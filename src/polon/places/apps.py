from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "polon.places"
    label = "places"
