"""Publishing settings: a Django setting of the same name wins over the environment."""

import os

from django.conf import settings

DEFAULTS = {
    # Seconds a browser or CDN may keep a baked page before revalidating it.
    "DAYUAN_PUBLIC_MAX_AGE": 60,
    # List pages re-baked at once after a change (deeper pages are dropped and
    # re-baked on their next request or by the next full bake).
    "DAYUAN_REBAKE_LIST_PAGES": 1,
    # Memory the serving layer may use to hold baked pages, per process.
    "DAYUAN_SERVE_CACHE_BYTES": 256 * 1024 * 1024,
    # Baidu link push (百度普通收录 API): off until a token is given.
    "DAYUAN_BAIDU_PUSH_URL": "http://data.zz.baidu.com/urls",
    "DAYUAN_BAIDU_PUSH_TOKEN": "",
    # How long sitemap re-bakes wait, so a burst of publishes bakes them once.
    "DAYUAN_SITEMAP_DELAY": 30,
}


def get(name):
    if hasattr(settings, name):
        return getattr(settings, name)
    default = DEFAULTS[name]
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    return type(default)(value) if isinstance(default, int) else value


def public_root():
    from pathlib import Path

    return Path(settings.PUBLIC_ROOT)
