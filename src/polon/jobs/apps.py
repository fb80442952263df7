from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "polon.jobs"
    label = "jobs"
    verbose_name = "Background jobs"

    def ready(self) -> None:
        # Every installed app's `jobs` module registers its kinds (like admin.py for the admin site), so the
        # worker, the web server and the CLI all know the same kinds.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("jobs")
