from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "polon.core"
    label = "core"

    def ready(self) -> None:
        from polon.core import collation

        collation.connect()  # SQLite connections sort names by the reader's alphabet (ICU)
