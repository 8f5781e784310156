from django.http import Http404
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from dayuan.news.models import Article

from .preview import article_id


def preview(request, token):
    """An unpublished article at a secret, signed and expiring URL; never indexed or cached."""
    pk = article_id(token)
    if pk is None:
        raise Http404("预览链接无效或已过期")
    article = Article.objects.select_related("channel", "region", "flag").filter(pk=pk).first()
    if article is None or article.status == Article.Status.WITHDRAWN:
        raise Http404("文章不存在或已撤稿")
    response = render(request, "editorial/preview.html", {"article": article})
    response["X-Robots-Tag"] = "noindex, nofollow"
    add_never_cache_headers(response)
    return response
