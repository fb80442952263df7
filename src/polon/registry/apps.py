from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "polon.registry"
    label = "registry"

    def ready(self) -> None:
        # The file store removes a shared file only when no person's document (or thumbnail) still uses it.
        from polon.core.files import register_holder
        from polon.registry.selectors import document_holds

        register_holder(document_holds)
