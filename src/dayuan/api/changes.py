"""Keep the changes feed: a row for every article that leaves the public site.

Edits, publishing and restores show up in `articles?since=` (their updated_at
moves); what leaves the site does not, so it is recorded here, in the same
transaction as the change (post_save and post_delete run inside it).
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from dayuan.news.models import Article

from .models import ArticleRemoval

Kind = ArticleRemoval.Kind


def _was_public(pk):
    row = Article.objects.filter(pk=pk).values("status", "published_at").first()
    return row is not None and Article(**row).is_public


@receiver(pre_save, sender=Article, dispatch_uid="api.article_before")
def remember_public(sender, instance, raw=False, update_fields=None, **kwargs):
    counters_only = update_fields is not None and set(update_fields) <= {"like_count", "view_count", "comment_count"}
    instance._api_was_public = False if (raw or instance.pk is None or counters_only) else _was_public(instance.pk)


@receiver(post_save, sender=Article, dispatch_uid="api.article_saved")
def record_unpublish(sender, instance, raw=False, **kwargs):
    if raw or not getattr(instance, "_api_was_public", False) or instance.is_public:
        return
    kind = Kind.WITHDRAWN if instance.status == Article.Status.WITHDRAWN else Kind.UNPUBLISHED
    ArticleRemoval.objects.create(article_id=instance.pk, kind=kind)


@receiver(post_delete, sender=Article, dispatch_uid="api.article_deleted")
def record_delete(sender, instance, **kwargs):
    if instance.status in (Article.Status.PUBLISHED, Article.Status.WITHDRAWN):
        ArticleRemoval.objects.create(article_id=instance.pk, kind=Kind.DELETED)


def _engage_changed(sender, article, reason="", **kwargs):
    """engage's withdraw writes with UPDATE (no save signal) and says so after commit."""
    if reason == "withdrawn":
        ArticleRemoval.objects.create(article_id=article.pk, kind=Kind.WITHDRAWN)


try:
    from dayuan.engage.services import article_changed
except ImportError:  # pragma: no cover - engage without its signal
    pass
else:
    article_changed.connect(_engage_changed, dispatch_uid="api.engage_changed")
