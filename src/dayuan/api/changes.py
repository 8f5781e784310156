"""Keep the changes feed: a row for every article that leaves the public site.

Edits, publishing and restores show up in `articles?since=` (their updated_at
moves); what leaves the site does not, so it is recorded here. news.signals'
article_changed runs inside the change's transaction, so the row commits (or
rolls back) with the change itself and the feed never misses one.
"""

from django.dispatch import receiver

from dayuan.news.models import Article
from dayuan.news.signals import Change, article_changed

from .models import ArticleRemoval

Kind = ArticleRemoval.Kind
WITHDRAWN = Article.Status.WITHDRAWN


@receiver(article_changed, dispatch_uid="api.record_removal")
def record_removal(sender, article, change, before=None, **kwargs):
    if change == Change.WITHDRAWN:
        kind = Kind.WITHDRAWN if article.status == WITHDRAWN else Kind.UNPUBLISHED
    elif change == Change.DELETED and before is not None and (before.public or before.status == WITHDRAWN):
        kind = Kind.DELETED
    else:
        return
    ArticleRemoval.objects.create(article_id=article.pk, kind=kind)
