"""Secret preview links for unpublished articles: a signed, expiring token names the article
and the generation of its links; revoking bumps the generation, so older links stop working."""

from django.conf import settings
from django.core import signing
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

SALT = "dayuan.editorial.preview"


def max_age():
    return getattr(settings, "EDITORIAL_PREVIEW_MAX_AGE", 7 * 24 * 3600)


def generation(article_id):
    from .models import PreviewKey

    return PreviewKey.objects.filter(article_id=article_id).values_list("generation", flat=True).first() or 0


def make_token(article):
    return signing.dumps({"a": article.pk, "g": generation(article.pk)}, salt=SALT, compress=True)


def preview_url(article):
    return reverse("editorial:preview", args=[make_token(article)])


def revoke(article):
    """Invalidate every preview link of this article given out so far."""
    from .models import PreviewKey

    key, created = PreviewKey.objects.get_or_create(
        article=article, defaults={"generation": 1, "revoked_at": timezone.now()}
    )
    if not created:
        PreviewKey.objects.filter(pk=key.pk).update(generation=F("generation") + 1, revoked_at=timezone.now())


def article_id(token):
    """The article id in a valid, unrevoked token, else None (tampered, expired or revoked)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age())
        pk, signed_generation = data["a"], data.get("g", 0)
    except (signing.BadSignature, KeyError, TypeError):
        return None
    if not isinstance(pk, int) or signed_generation != generation(pk):
        return None
    return pk
