from django.apps import AppConfig


class PublishConfig(AppConfig):
    name = "dayuan.publish"
    label = "publish"
    verbose_name = "页面发布"

    def ready(self):
        from . import signals

        signals.connect_directory()
