from django.apps import AppConfig


class EnquiriesConfig(AppConfig):
    name = "polon.enquiries"
    label = "enquiries"
