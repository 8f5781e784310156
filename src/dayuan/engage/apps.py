from django.apps import AppConfig


class EngageConfig(AppConfig):
    name = "dayuan.engage"
    label = "engage"
    verbose_name = "读者互动"
