"""The bulk renderer: many article pages at once, without the request cycle (issue 12).

A chunk of articles is loaded in a few set-based queries (the articles with their
channel, region and flag; their tags, approved comments and other sources; their
related articles, scored from one in-memory table of the published articles), and
rendered with the same compiled Jinja2 template and the same context as the live
view (news.views.article_context). What the context processors add is computed once
per chunk. The per-reader values are blank (no CSRF token, a placeholder captcha),
and `strip_per_request` runs as for a page rendered through the handler, so a page
from here is byte for byte the live page once those values are blanked.
"""

import logging
from types import SimpleNamespace

from django.db import DatabaseError, transaction
from django.http import Http404
from django.template import engines
from django.test.client import RequestFactory
from markupsafe import Markup

from dayuan.collect.models import ArticleSource
from dayuan.core import memo
from dayuan.core.models import SiteSettings
from dayuan.engage.forms import CaptchaWidget, CommentForm
from dayuan.engage.models import Comment
from dayuan.news import loading
from dayuan.news.context_processors import navigation
from dayuan.news.views import WHOLE_LISTS, article_context
from dayuan.search.related import keep_related, kept_or_scored, related_ids_many

from . import feeds, paths
from .render import Rendered, bake_host, strip_per_request

ARTICLE_URL = "news:article"
log = logging.getLogger(__name__)


class FrozenField:
    """A bound field rendered once: what the comment form's template reads of it."""

    def __init__(self, bound):
        self.id_for_label = bound.id_for_label
        self.label = bound.label
        self.help_text = bound.help_text
        self.errors = Markup(str(bound.errors))
        self.html = Markup(str(bound))

    def __html__(self):
        return self.html

    __str__ = __html__


class FrozenForm:
    """An empty comment form rendered once per chunk: on a baked page it is the same on every
    article (no token, a placeholder captcha), and rendering its widgets is most of a page's time."""

    def __init__(self, form):
        for name in form.fields:
            setattr(self, name, FrozenField(form[name]))
        self.errors = form.errors
        self._non_field_errors = form.non_field_errors()

    def non_field_errors(self):
        return self._non_field_errors


def article_pk(url_path):
    """The article id of an article page's URL, else None."""
    view = paths.view_of(url_path)
    return view.kwargs["pk"] if view and view.view_name == ARTICLE_URL else None


def load_articles(pks):
    """{id: article} with everything its page shows (channel, region, flag, tags, approved
    comments, other sources), in five written-out queries (news.loading says why)."""
    articles = loading.articles_by_id(pks)
    ids = list(articles)
    loading.attach_tags(list(articles.values()))
    approved = loading.by_article(Comment, ids, "AND status = %s", [Comment.Status.APPROVED], "created_at, id")
    sources = loading.by_article(ArticleSource, ids, order="collected_at, id")
    for pk, article in articles.items():
        article.approved_comments = approved[pk]
        loading.attach_prefetched(article, "also_sources", sources[pk])
    return articles


def render_articles(url_paths, whole=False, version=None, kept_related=False, cold=False):
    """{url path: Rendered} for article pages; a page that is gone answers 404 or 301 as live.
    `version`: the content version to render under, when the caller has read it already.
    A bake keeps each article's related articles with it; with `kept_related` the kept ones are
    shown again (search.related.kept_or_scored). `cold`: a reader's page with no file, which
    shows the kept ones and writes nothing."""
    wanted = {path: article_pk(path) for path in url_paths}
    template = engines["jinja2"].env.get_template("news/article.html")
    results = {}
    with memo.scope(version):
        articles = load_articles([pk for pk in wanted.values() if pk is not None])
        public = [a for a in articles.values() if a.is_public]
        related = kept_or_scored(public) if kept_related or cold else related_ids_many(public, table=whole)
        if not cold:
            try:
                with transaction.atomic():  # a failure rolls back to here, not the caller's transaction
                    keep_related(public, related)
            except DatabaseError:
                # Only a cold page's shortcut: the pages bake all the same.
                log.warning("could not keep the related articles of %d articles", len(public), exc_info=True)
        for article in public:
            article.related_articles = related[article.pk]  # used once: kept off the memo store
        token = CaptchaWidget.placeholder_only.set(True)
        try:
            shared = {
                "site": SiteSettings.load(),
                "csrf_token": "",
                "csrf_input": "",
                "messages": [],
                # The same on every page of a content version: one page rendered cold pays for it once.
                "comment_form": memo.memoized("frozen-comment-form", lambda: FrozenForm(CommentForm())),
            }
            for path, pk in wanted.items():
                article = articles.get(pk)
                if article is None or article.status == article.Status.WITHDRAWN or not article.is_public:
                    # A withdrawn article's notice (410) is rendered live; its baked file goes.
                    results[path] = Rendered(410 if article is not None else 404, "", b"")
                    continue
                if path != article.get_absolute_url():
                    results[path] = Rendered(301, "", b"", article.get_absolute_url())
                    continue
                request = SimpleNamespace(path=path)
                context = {**shared, **navigation(request), "request": request, **article_context(article)}
                body, _ = strip_per_request(template.render(context).encode())
                results[path] = Rendered(200, "text/html; charset=utf-8", body)
        finally:
            CaptchaWidget.placeholder_only.reset(token)
    return results


def is_direct(url_path):
    """A list page or a feed: rendered by render_views."""
    view = paths.view_of(url_path)
    return bool(view) and view.view_name in paths.DIRECT_VIEWS


def render_views(url_paths, whole=False, version=None):
    """{url path: Rendered} for list pages and feeds: their views called without the middleware
    (nothing in it changes their body); with `whole`, each list's ids read once for all its pages.
    `version`: as for render_articles."""
    factory = RequestFactory(HTTP_HOST=bake_host())
    results = {}
    with memo.scope(version):
        # A publish re-bakes the first pages of a few lists: whole lists pay off in a full bake only.
        token = WHOLE_LISTS.set(whole)
        try:
            matches = [paths.view_of(path) for path in url_paths]
            feeds.prefetch([(m.func, m.kwargs) for m in matches if m and isinstance(m.func, feeds.ArticleFeed)])
            for path in url_paths:
                request = factory.get(path)
                request.dayuan_baking = True
                match = paths.view_of(request.path_info)
                try:
                    response = match.func(request, *match.args, **match.kwargs)
                except Http404:
                    results[path] = Rendered(404, "", b"")
                    continue
                body = response.content
                if response.status_code == 200:
                    body, _ = strip_per_request(body)
                results[path] = Rendered(
                    response.status_code, response.get("Content-Type", ""), body, response.get("Location", "")
                )
        finally:
            WHOLE_LISTS.reset(token)
    return results
