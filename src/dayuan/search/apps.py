from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "dayuan.search"
    label = "search"
    verbose_name = "搜索"

    def ready(self):
        from . import signals  # noqa: F401  (connects the index-sync receivers)
