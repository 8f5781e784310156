from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "dayuan.api"
    label = "api"
    verbose_name = "开放接口"

    def ready(self):
        from . import changes  # noqa: F401  (records withdrawals and deletions for the changes feed)
