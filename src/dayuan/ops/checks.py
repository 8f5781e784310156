"""Dayuan's own deployment checks, run by `dayuan check --deploy` next to Django's."""

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.db import connections

from .cache import shared_cache_url


@register(Tags.security, deploy=True)
def dayuan_deploy_checks(app_configs, **kwargs):
    problems = []
    if getattr(settings, "CAPTCHA_TEST_MODE", False):
        problems.append(
            Warning(
                "DAYUAN_CAPTCHA_TEST_MODE accepts any captcha answer.",
                hint="Unset DAYUAN_CAPTCHA_TEST_MODE.",
                id="dayuan.W001",
            )
        )
    if connections["default"].vendor == "sqlite" and shared_cache_url():
        problems.append(
            Warning(
                "A shared cache is set but the database is SQLite, which one machine holds.",
                hint="Several app servers need DAYUAN_DATABASE_URL=postgresql://...",
                id="dayuan.W002",
            )
        )
    if not shared_cache_url():
        problems.append(
            Warning(
                "No shared cache: rate limits and duplicate checks hold per process only.",
                hint="With more than one process (`dayuan serve --workers N`, or several servers) "
                "set DAYUAN_CACHE_URL=redis://host:6379/0.",
                id="dayuan.W003",
            )
        )
    if getattr(settings, "DAYUAN_ENV", "") != "production":
        problems.append(
            Warning(
                "DAYUAN_ENV is not production: missing settings are not refused at start.",
                hint="Set DAYUAN_ENV=production.",
                id="dayuan.W004",
            )
        )
    return problems
