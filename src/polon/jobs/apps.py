from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "polon.jobs"
    label = "jobs"
    verbose_name = "Background jobs"

    def ready(self) -> None:
        # Every installed app's `jobs` module registers its kinds (like admin.py for the admin site), so the
        # worker, the web server and the CLI all know the same kinds.
        from django.utils.module_loading import autodiscover_modules

        from polon.core.files import register_holder
        from polon.jobs.retention import holds

        autodiscover_modules("jobs")
        # The file store removes a shared file only when no job's input or output still uses it.
        register_holder(holds)
