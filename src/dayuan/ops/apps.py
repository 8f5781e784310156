from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running Dayuan on several servers: health endpoints, deployment checks, the shared cache."""

    name = "dayuan.ops"
    label = "ops"
    verbose_name = "运维"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deployment checks)
