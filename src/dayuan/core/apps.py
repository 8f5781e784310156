from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app below the site needs: site settings, the content version and memo."""

    name = "dayuan.core"
    label = "core"
    verbose_name = "站点"
