from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "polon.sources"
    label = "sources"

    def ready(self) -> None:
        # The file store removes a shared file only when no source or attachment still uses it.
        from polon.core.files import register_holder
        from polon.sources.storage import holds

        register_holder(holds)
