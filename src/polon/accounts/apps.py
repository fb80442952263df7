from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "polon.accounts"
    label = "accounts"
