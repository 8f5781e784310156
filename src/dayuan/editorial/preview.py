"""Secret preview links for unpublished articles: a signed, expiring token names the article."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "dayuan.editorial.preview"


def max_age():
    return getattr(settings, "EDITORIAL_PREVIEW_MAX_AGE", 7 * 24 * 3600)


def make_token(article):
    return signing.dumps({"a": article.pk}, salt=SALT, compress=True)


def preview_url(article):
    return reverse("editorial:preview", args=[make_token(article)])


def article_id(token):
    """The article id in a valid token, else None (tampered or expired)."""
    try:
        return signing.loads(token, salt=SALT, max_age=max_age())["a"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
