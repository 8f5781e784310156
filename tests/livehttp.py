"""Fixtures for tests that read pages from pytest-django's live server over real HTTP.

Import them into a test module: `from tests.livehttp import fresh_cache, http  # noqa: F401`.
"""

import httpx
import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache():
    """Site settings are cached in memory; each test starts from its own database rows."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def http(live_server, base_data):
    """An HTTP client on the live server, with base data loaded; redirects are not followed."""
    with httpx.Client(base_url=live_server.url, follow_redirects=False, timeout=10) as client:
        yield client
