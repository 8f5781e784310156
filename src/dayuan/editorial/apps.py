from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "dayuan.editorial"
    label = "editorial"
    verbose_name = "编辑部"

    def ready(self):
        from . import signals  # noqa: F401  (revisions on every article save)
