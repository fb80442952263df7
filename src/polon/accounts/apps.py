from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "polon.accounts"
    label = "accounts"

    def ready(self) -> None:
        # Failed logins and lockouts are audited (polon.accounts.logins).
        from polon.accounts import logins

        logins.connect()
