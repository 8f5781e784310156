from django.db.models.signals import post_save
from django.dispatch import receiver

from dayuan.news.models import Article

from .revisions import record_revision


@receiver(post_save, sender=Article, dispatch_uid="editorial.article_revision")
def keep_revision(sender, instance, raw=False, **kwargs):
    """Every save of an article keeps a revision (unchanged saves are not repeated)."""
    if raw:
        return
    revision, created = record_revision(
        instance,
        getattr(instance, "_revision_user", None),
        getattr(instance, "_revision_note", ""),
        force=getattr(instance, "_revision_force", False),
    )
    instance._new_revision = revision if created else None
    instance._revision_force = False
