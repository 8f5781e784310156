"""Where a public URL's baked file lives, and which URLs can be baked.

`/gsyl/jinzhong/4597.html` → `PUBLIC_ROOT/gsyl/jinzhong/4597.html`;
`/gsyl/` → `PUBLIC_ROOT/gsyl/index.html`. The same layout lets nginx serve
`public/` with `try_files $uri $uri/index.html @dayuan`.
"""

import functools
from pathlib import Path
from urllib.parse import unquote

from django.urls import Resolver404, resolve

from . import conf

# List pages (a window of articles each): the bulk renderer draws these a chunk at a time.
LIST_VIEWS = frozenset(
    {
        "news:channel",
        "news:channel_page",
        "news:channel_region",
        "news:channel_region_page",
        "news:region",
        "news:region_page",
        "news:tag",
        "news:tag_page",
    }
)
FEED_VIEWS = frozenset(
    {
        "publish:rss",
        "publish:atom",
        "publish:channel_rss",
        "publish:channel_atom",
        "publish:region_rss",
        "publish:region_atom",
        "publish:tag_rss",
        "publish:tag_atom",
    }
)
# Pages whose view the bulk renderer calls without the middleware (which changes nothing in their body).
DIRECT_VIEWS = LIST_VIEWS | FEED_VIEWS | {"portal:home"}
# URL names whose pages are the same for every reader (per-request values are
# filled in by JavaScript), so they can be written to files.
BAKEABLE = frozenset(
    {
        "portal:home",
        "portal:about",
        "directory:index",
        "directory:city",
        "news:article",
        "publish:sitemap",
        "publish:sitemap_section",
        "publish:sitemap_news",
        "publish:robots",
    }
    | DIRECT_VIEWS
)

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
# Feeds keep the media type their view sends.
FEED_TYPES = {"rss.xml": "application/rss+xml; charset=utf-8", "atom.xml": "application/atom+xml; charset=utf-8"}
TEMP_SUFFIX = ".tmp"


def relative_file(url_path):
    """The file for a decoded URL path (as in PATH_INFO), relative to the public root; None when
    the path can't be a file."""
    if not url_path.startswith("/") or "\x00" in url_path or "\\" in url_path:
        return None
    parts = url_path[1:].split("/")
    for part in parts[:-1]:
        if part in ("", ".", "..") or part.startswith("."):
            return None
    last = parts[-1]
    if last == "":
        return "/".join([*parts[:-1], "index.html"])
    if last.startswith(".") or Path(last).suffix not in CONTENT_TYPES:
        return None
    return "/".join(parts)


def file_for(url_path, root=None):
    """The file for a URL path as reverse() gives it (percent-encoded) or decoded."""
    relative = relative_file(unquote(url_path))
    if relative is None:
        return None
    return (root or conf.public_root()) / relative


def url_for_file(relative):
    """The URL path a file under the public root was baked from (inverse of relative_file)."""
    if relative.endswith("/index.html") or relative == "index.html":
        return "/" + relative[: -len("index.html")]
    return "/" + relative


def content_type(relative):
    name = relative.rsplit("/", 1)[-1]
    return FEED_TYPES.get(name) or CONTENT_TYPES[Path(name).suffix]


@functools.lru_cache(maxsize=4096)
def view_of(url_path):
    """The ResolverMatch of a URL path, None when nothing answers it; cached, as a bake asks
    it of each page a few times in a row."""
    try:
        return resolve(url_path)
    except Resolver404:
        return None


def is_bakeable(url_path):
    if relative_file(url_path) is None:
        return False
    view = view_of(url_path)
    return view is not None and view.view_name in BAKEABLE
