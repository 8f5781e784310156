from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app below the site needs: site settings, the content version and memo."""

    name = "dayuan.core"
    label = "core"
    verbose_name = "站点"

    def ready(self):
        from . import checks  # noqa: F401  (registers the environment check)
