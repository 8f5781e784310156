"""`reverse()` with its answers kept: a page of the bulk renderer asks for the same few
dozen URLs (channels, regions, the comment form's address) again and again."""

import functools

from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse


# Bounded: list pages ask for their neighbours' addresses, which a bake draws in order.
@functools.lru_cache(maxsize=20_000)
def _reverse(urlconf, prefix, name, args):
    return reverse(name, urlconf=urlconf, args=args or None)


def cached_reverse(name, args=()):
    """reverse(name, args=args) for positional arguments, remembered per URLconf and script prefix."""
    return _reverse(get_urlconf(), get_script_prefix(), name, tuple(args))


def _clear(setting, **kwargs):
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME"):
        _reverse.cache_clear()


setting_changed.connect(_clear)
