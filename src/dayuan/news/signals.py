"""What happened to articles, said once for every app that cares (as pretix's base/signals.py).

news sits below the apps that react (search, publish, engage), so it names the events and
they subscribe; no app calls another's "something changed" function. Saving or deleting an
Article sends `article_changed` (the receivers at the bottom turn model saves into it), so
every way of changing an article is heard: the editorial services, the admin, imports, 采集.

Receivers run inside the transaction that made the change: what they write (the search
index, queued re-bakes, the content version) commits or rolls back with it.
"""

from dataclasses import dataclass

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import Signal, receiver

from dayuan.core import memo

from .models import Article, ArticleTag, Channel, Flag, Region, Tag


class Change:
    """What `article_changed` says happened."""

    PUBLISHED = "published"  # now on the site, for the first time (or again, not from withdrawn)
    WITHDRAWN = "withdrawn"  # was on the site, is no longer (withdrawn, or taken back to draft)
    RESTORED = "restored"  # a withdrawn article is back on the site
    MOVED = "moved"  # on the site before and after, at another channel or region
    CHANGED = "changed"  # anything else: an edit, a draft saved, a schedule set
    DELETED = "deleted"


# An Article was saved or deleted. Arguments: article, change (a Change value), before
# (an ArticleState, None for a new article). Not sent for raw (fixture) saves or saves
# of the counters alone.
article_changed = Signal()

# Something an article's page shows but the Article row does not hold changed: a source
# collected for it, its approved comments. Arguments: article, reason ("sources", "comments").
article_page_changed = Signal()

COUNTER_FIELDS = {"like_count", "view_count"}  # JavaScript shows them; no page changes


@dataclass(frozen=True)
class ArticleState:
    status: str
    public: bool
    channel_id: int
    region_id: int

    @classmethod
    def of(cls, article):
        return cls(article.status, bool(article.is_public), article.channel_id, article.region_id)


def classify(before, after, deleted=False):
    """The Change from state `before` (None: just created) to `after`."""
    if deleted:
        return Change.DELETED
    was_public = before is not None and before.public
    if was_public and not after.public:
        return Change.WITHDRAWN
    if after.public and not was_public:
        return Change.RESTORED if before and before.status == Article.Status.WITHDRAWN else Change.PUBLISHED
    if after.public and (before.channel_id, before.region_id) != (after.channel_id, after.region_id):
        return Change.MOVED
    return Change.CHANGED


def _counters_only(update_fields):
    return update_fields is not None and set(update_fields) <= COUNTER_FIELDS


@receiver(pre_save, sender=Article, dispatch_uid="news.article_before_save")
def remember_state(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._news_before = None
    if raw or instance.pk is None or _counters_only(update_fields):
        return
    old = Article.objects.filter(pk=instance.pk).only("status", "published_at", "channel", "region").first()
    instance._news_before = ArticleState.of(old) if old else None


@receiver(post_save, sender=Article, dispatch_uid="news.article_saved")
def article_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or _counters_only(update_fields):
        return
    before = getattr(instance, "_news_before", None)
    change = classify(before, ArticleState.of(instance))
    article_changed.send(sender=Article, article=instance, change=change, before=before)


@receiver(pre_delete, sender=Article, dispatch_uid="news.article_before_delete")
def remember_state_before_delete(sender, instance, **kwargs):
    instance._news_before = ArticleState.of(instance)


@receiver(post_delete, sender=Article, dispatch_uid="news.article_deleted")
def article_deleted(sender, instance, **kwargs):
    before = getattr(instance, "_news_before", None)
    article_changed.send(sender=Article, article=instance, change=Change.DELETED, before=before)


# The content version (core.memo) subscribes here: every change to what public pages show
# marks the blocks they share stale, in the change's own transaction.


def content_changed(sender, raw=False, action=None, **kwargs):
    if raw or (action is not None and action not in ("post_add", "post_remove", "post_clear")):
        return
    memo.bump()


article_changed.connect(content_changed, dispatch_uid="news.memo.article")
article_page_changed.connect(content_changed, dispatch_uid="news.memo.page")
for _model in (Channel, Region, Flag, Tag, ArticleTag):
    post_save.connect(content_changed, sender=_model, dispatch_uid=f"news.memo.{_model.__name__}.saved")
    post_delete.connect(content_changed, sender=_model, dispatch_uid=f"news.memo.{_model.__name__}.deleted")
for _through in (Article.flags.through, Article.tags.through):
    m2m_changed.connect(content_changed, sender=_through, dispatch_uid=f"news.memo.{_through.__name__}")
