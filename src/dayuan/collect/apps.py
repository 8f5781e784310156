from django.apps import AppConfig


class CollectConfig(AppConfig):
    name = "dayuan.collect"
    label = "collect"
    verbose_name = "采集"
