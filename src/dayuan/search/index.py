"""Keeping the index in step with the articles (services; signals call these).

An article is in the index while its status is published; the publish time is
checked at query time, so a scheduled article appears when its time comes
without another write. Tokenizing is cached per text, because saving an
article and then its tags reindexes it several times in one transaction.
"""

from functools import lru_cache
from html import unescape

from django.utils.html import strip_tags

from dayuan.news.models import Article, Channel, Flag, Tag
from dayuan.text import tokenize as tokenizer

from .backends import get_search_backend
from .backends.base import Document

_dictionary_loaded = False


def ensure_dictionary():
    """Load site terms (tag, channel and flag names) into the tokenizer, once per process."""
    global _dictionary_loaded
    if _dictionary_loaded:
        return
    words = [
        *Tag.objects.values_list("name", flat=True),
        *Channel.objects.values_list("name", flat=True),
        *Flag.objects.values_list("name", flat=True),
    ]
    tokenizer.add_words(words)
    _dictionary_loaded = True


def plain_text(html):
    return unescape(strip_tags(html or ""))


@lru_cache(maxsize=256)
def _tokens(text, terms_version):
    return tuple(tokenizer.tokenize(text))


def tokens(text):
    # The cache key includes the dictionary size: new site terms re-cut the text.
    return list(_tokens(text or "", len(tokenizer.site_terms())))


def document_for(article, tag_names=None):
    ensure_dictionary()
    if tag_names is None:
        tag_names = [link.tag.name for link in article.tag_links.select_related("tag")]
    tag_tokens = []
    for name in tag_names:
        tag_tokens.extend(tokens(name))
    body = plain_text(article.body)
    texts = {"title": article.title, "tags": "\n".join(tag_names), "summary": article.summary, "body": body}
    return Document(
        article_id=article.pk,
        title=tokens(article.title),
        tags=tag_tokens,
        summary=tokens(article.summary),
        body=tokens(body),
        grams={name: tokenizer.grams(text or "") for name, text in texts.items()},
    )


def should_index(article):
    return article.status == Article.Status.PUBLISHED


def update_article(article):
    """Add, replace or remove the article's index entry according to its status."""
    backend = get_search_backend()
    if should_index(article):
        backend.add(document_for(article))
    else:
        backend.delete(article.pk)


def remove_article(article_id):
    get_search_backend().delete(article_id)


def update_article_id(article_id):
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        remove_article(article_id)
    else:
        update_article(article)
