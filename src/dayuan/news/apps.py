from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "dayuan.news"
    label = "news"
    verbose_name = "新闻"
