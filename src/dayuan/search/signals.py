"""Index sync: receivers run inside the transaction that writes the article,
so the index never shows what was rolled back and never misses what was
committed. Articles come through news.signals.article_changed; tag links and
names through their models' signals. Bulk queryset updates send no signals:
run `dayuan reindex` after them.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from dayuan.news.models import Article, ArticleTag, Channel, Flag, Tag
from dayuan.news.signals import Change, article_changed
from dayuan.text import tokenize as tokenizer

from . import index


@receiver(article_changed, dispatch_uid="search_article_changed")
def reindex_article(sender, article, change, **kwargs):
    if change == Change.DELETED:
        index.remove_article(article.pk)
    else:
        index.update_article(article)


@receiver(post_save, sender=ArticleTag, dispatch_uid="search_tag_link_saved")
@receiver(post_delete, sender=ArticleTag, dispatch_uid="search_tag_link_deleted")
def tag_link_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        index.update_article_id(instance.article_id)


@receiver(m2m_changed, sender=Article.tags.through, dispatch_uid="search_tags_m2m_changed")
def tags_m2m_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """article.tags.add()/remove()/clear() bulk-write ArticleTag rows without post_save."""
    if action == "pre_clear" and reverse:  # tag.articles.clear(): remember who loses the tag
        instance._search_cleared_ids = list(instance.article_links.values_list("article_id", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        index.update_article(instance)
        return
    ids = pk_set if pk_set is not None else getattr(instance, "_search_cleared_ids", [])
    for article_id in ids:
        index.update_article_id(article_id)


@receiver(post_save, sender=Tag, dispatch_uid="search_tag_saved")
def tag_saved(sender, instance, created=False, raw=False, **kwargs):
    tokenizer.add_words([instance.name])
    if not created and not raw:  # a renamed tag: its articles show the new name
        for article_id in instance.article_links.values_list("article_id", flat=True):
            index.update_article_id(article_id)


@receiver(post_save, sender=Channel, dispatch_uid="search_channel_saved")
@receiver(post_save, sender=Flag, dispatch_uid="search_flag_saved")
def site_term_saved(sender, instance, **kwargs):
    tokenizer.add_words([instance.name])
