"""The Jinja2 environment of the reader's pages (issue 12).

Every public page has one template, under an app's `jinja2/` folder, rendered by
Jinja2 (compiled once per process, autoescaped): live views get them through
Django's Jinja2 backend, the bulk renderer (publish.bulk) straight from this
environment. The admin stays on Django templates.

The helpers the templates call are the apps' own template-tag functions, so one
piece of Python computes each block for both engines.
"""

from django.conf import settings
from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.feedgenerator import rfc2822_date, rfc3339_date
from django.utils.html import strip_tags
from django.utils.text import Truncator
from jinja2 import ChainableUndefined, Environment, Undefined, pass_context
from markupsafe import Markup

from dayuan.collect.templatetags.collect import collected_attribution
from dayuan.core.memo import memoized
from dayuan.core.reversing import cached_reverse
from dayuan.core.templatetags.core import with_gaps
from dayuan.editorial.templatetags.editorial_images import cover_image
from dayuan.engage.templatetags import engage
from dayuan.news.templatetags import news
from dayuan.search.templatetags.search_tags import related_articles

from .templatetags import publish_seo


def static_url(path):
    """Django's `static`, once per content version: a page asks for eight files, each looked up in
    the hashed-names manifest (7 % of an article page in a bake)."""
    return memoized(("static", path), lambda: static(path))


def url(name, *args, **kwargs):
    if kwargs:
        return reverse(name, kwargs=kwargs)
    return cached_reverse(name, args)


# The formats the templates use, as strftime: what Django's dateformat gives for them, faster.
STRFTIME = {
    "Y-m-d": "%Y-%m-%d",
    "Y-m-d H:i": "%Y-%m-%d %H:%M",
    "Y-m-d H:i:s": "%Y-%m-%d %H:%M:%S",
    "Y-m-d\\TH:i:sO": "%Y-%m-%dT%H:%M:%S%z",
}


def date(value, format_string=None):
    """Django's `date` filter: aware datetimes in the site's time zone."""
    if value in (None, "") or isinstance(value, Undefined):
        return ""
    if hasattr(value, "tzinfo") and value.tzinfo is not None and settings.USE_TZ:
        value = timezone.localtime(value)
    if format_string == "c":
        return value.isoformat()
    if format_string in STRFTIME and hasattr(value, "hour"):
        return value.strftime(STRFTIME[format_string])
    return dateformat.format(value, format_string or settings.DATE_FORMAT)


def truncatechars(value, length):
    return Truncator(value).chars(int(length))


def linebreaksbr(value):
    return Markup(defaultfilters.linebreaksbr(value, autoescape=True))


def _plain(value):
    return None if isinstance(value, Undefined) else value


@pass_context
def memo(context, *parts, caller):
    """`{% call memo("name", value, ...) %}…{% endcall %}`: the block rendered once per content
    version for these values (core.memo); only for blocks that depend on nothing but them."""
    return memoized(("fragment", *map(_plain, parts)), caller)


def inclusion(template_name, function, takes_context=False):
    """A Django inclusion tag's function, its template rendered by Jinja2."""

    @pass_context
    def call(context, *args, **kwargs):
        args = [_plain(a) for a in args]
        kwargs = {k: _plain(v) for k, v in kwargs.items()}
        data = function(context, *args, **kwargs) if takes_context else function(*args, **kwargs)
        return Markup(context.environment.get_template(template_name).render(data))

    return call


# Globals added by apps above this layer (portal's site blocks): see add_globals().
_EXTRA_GLOBALS = {}
_ENVIRONMENTS = []


def add_globals(**functions):
    """Let an app above publish (which it may not import) give the templates a function;
    called from that app's ready(), before any page is rendered."""
    _EXTRA_GLOBALS.update(functions)
    for env in _ENVIRONMENTS:
        env.globals.update(functions)


def environment(**options):
    options["undefined"] = ChainableUndefined  # `{{ channel.description }}` on a page without one is ""
    options.setdefault("autoescape", True)
    options.setdefault("keep_trailing_newline", True)  # as Django templates do
    env = Environment(**options)
    env.globals.update(
        url=url,
        static=static_url,
        memo=memo,
        page_meta=inclusion("publish/_page_meta.html", publish_seo.page_meta, takes_context=True),
        article_meta=inclusion("publish/_article_meta.html", publish_seo.article_meta, takes_context=True),
        like_button=inclusion("engage/_like.html", engage.like_button, takes_context=True),
        comment_section=inclusion("engage/_comments.html", engage.comment_section, takes_context=True),
        hot_list=inclusion("engage/_hot_list.html", engage.hot_list),
        related_articles=inclusion("search/_related.html", related_articles),
        collected_attribution=inclusion("collect/_attribution.html", collected_attribution),
        article_aside=news.article_aside,
        latest_articles=news.latest_articles,
        city_regions=news.cities,
        cover_image=cover_image,
    )
    env.globals.update(_EXTRA_GLOBALS)
    _ENVIRONMENTS.append(env)
    env.filters.update(
        date=date,
        truncatechars=truncatechars,
        striptags=strip_tags,
        linebreaksbr=linebreaksbr,
        urlencode=defaultfilters.urlencode,
        with_gaps=with_gaps,
        lead=news.lead,
        rfc2822=rfc2822_date,
        rfc3339=rfc3339_date,
    )
    return env
