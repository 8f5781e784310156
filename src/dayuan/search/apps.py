from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "dayuan.search"
    label = "search"
    verbose_name = "搜索"
