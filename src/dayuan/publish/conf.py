"""Publishing settings: settings.py reads them from the environment (the table in dayuan.core.conf)."""

from django.conf import settings


def get(name):
    return getattr(settings, name)


def public_root():
    from pathlib import Path

    return Path(settings.PUBLIC_ROOT)
