"""Turn content changes into queued re-bakes: the save writes a task row and returns.

Articles come through news.signals (article_changed, article_page_changed); the site's
structure (channels, regions, flags, tags, settings) and the directory through their
models' signals. The content version is news' and core's business, not this module's.

A withdrawn, deleted or moved article loses its old file at commit, before any
worker runs, so its old URL reaches Django at once (410 or 301), never a stale
baked page.
"""

import threading
from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from dayuan.core.models import SiteSettings
from dayuan.news.models import Article, ArticleTag, Channel, Flag, Region, Tag
from dayuan.news.signals import Change, article_changed, article_page_changed
from dayuan.tasks.registry import enqueue

from . import baking, pages

_paused = threading.local()
COUNTER_FIELDS = {"like_count", "view_count"}


@contextmanager
def paused():
    """Don't queue re-bakes (bulk imports); run `dayuan bake` afterwards."""
    _paused.value = True
    try:
        yield
    finally:
        _paused.value = False


def active():
    return not getattr(_paused, "value", False)


def queue_article(article_id, before):
    enqueue(
        "publish.article_changed",
        article_id,
        before.as_json() if before else None,
        unique_key=f"publish:article:{article_id}",
    )


def remove_at_commit(url_path):
    transaction.on_commit(lambda: baking.remove_page(url_path))


def queue_paths(url_paths, key):
    enqueue("publish.rebake_paths", list(url_paths), unique_key=f"publish:paths:{key}"[:200])


def queue_site():
    enqueue("publish.bake_site", unique_key="publish:site")


@receiver(pre_save, sender=Article)
def remember_article(sender, instance, update_fields=None, raw=False, **kwargs):
    instance._publish_before = None
    if raw or not active() or instance.pk is None:
        return
    if update_fields is not None and set(update_fields) <= COUNTER_FIELDS:
        return
    old = Article.objects.select_related("channel", "region").filter(pk=instance.pk).first()
    instance._publish_before = pages.state_of(old) if old else None


@receiver(pre_delete, sender=Article)
def article_deleting(sender, instance, **kwargs):
    if active():
        instance._publish_before = pages.state_of(instance)


@receiver(article_changed, dispatch_uid="publish.article_changed")
def article_changed_receiver(sender, article, change, **kwargs):
    if not active():
        return
    before = getattr(article, "_publish_before", None)
    if change == Change.DELETED:
        if before is not None and before.public:
            remove_at_commit(before.path)
            queue_article(article.pk, before)
        return
    after = pages.state_of(article, tags=before.tags if before else [])
    if before is not None and before.content == after.content and before.path == after.path:
        return  # only counters changed: JavaScript shows them
    if before is not None and before.public and (not after.public or after.path != before.path):
        remove_at_commit(before.path)
    if before is None and not after.public:
        return  # a new draft is on no page
    queue_article(article.pk, before)
    if change in (Change.PUBLISHED, Change.RESTORED):
        from .baidu import queue_push

        queue_push(article)


@receiver(post_save, sender=ArticleTag)
@receiver(post_delete, sender=ArticleTag)
def article_tag_changed(sender, instance, raw=False, signal=None, **kwargs):
    if raw or not active():
        return
    article = Article.objects.filter(pk=instance.article_id).first()
    if article is None or not article.is_public:
        return
    queue_article(article.pk, None)  # merges with the article's own pending re-bake
    if signal is post_save:
        return  # the article's re-bake covers the tags it has now
    try:
        name = instance.tag.name
    except Tag.DoesNotExist:
        return
    # A tag the article lost still has to drop it from its list.
    head = pages.reverse("news:tag", args=[name])
    queue_paths([head, *pages.feeds("tag_", [name])], f"tag:{name}")


@receiver(m2m_changed, sender=Article.flags.through)
def placements_changed(sender, instance, action, **kwargs):
    if (
        active()
        and action in ("post_add", "post_remove", "post_clear")
        and isinstance(instance, Article)
        and instance.is_public
    ):
        queue_paths([pages.reverse("portal:home")], "home")


@receiver(post_save, sender=Tag)
def tag_saved(sender, instance, created, raw=False, **kwargs):
    if raw or created or not active():
        return
    queue_site()


@receiver(post_save, sender=Channel)
@receiver(post_delete, sender=Channel)
@receiver(post_save, sender=Region)
@receiver(post_save, sender=Flag)
@receiver(post_save, sender=SiteSettings)
def structure_changed(sender, raw=False, created=False, **kwargs):
    """Names in the navigation, breadcrumbs and footer are on every page."""
    if raw or not active() or (created and sender in (SiteSettings, Region)):
        return  # the settings row is created with defaults on first use; a new region is on no page yet
    queue_site()


@receiver(article_page_changed, dispatch_uid="publish.article_page_changed")
def page_changed(sender, article, reason="", **kwargs):
    """Its sources or comments changed: the article's page (its lists show neither)."""
    if active() and article.is_public:
        queue_paths([article.get_absolute_url()], f"article:{article.pk}")


def directory_changed(sender, raw=False, **kwargs):
    """A service entry or category added, edited, checked or removed: the directory pages."""
    if raw or not active():
        return
    queue_paths(pages.services_paths(), "services")


def connect_directory():
    from django.apps import apps

    for name in ("ServiceEntry", "ServiceCategory"):
        try:
            model = apps.get_model("directory", name)
        except LookupError:
            continue
        post_save.connect(directory_changed, sender=model, dispatch_uid=f"publish.{name}_saved")
        post_delete.connect(directory_changed, sender=model, dispatch_uid=f"publish.{name}_deleted")
