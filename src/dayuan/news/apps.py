from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "dayuan.news"
    label = "news"
    verbose_name = "新闻"

    def ready(self):
        from . import signals  # noqa: F401  (turns article saves into news.signals.article_changed)
