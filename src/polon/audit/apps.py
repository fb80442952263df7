from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "polon.audit"
    label = "audit"
