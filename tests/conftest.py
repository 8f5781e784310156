"""Shared fixtures: base data in the test database, and the seed page when present."""

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED_PAGE = SHARED / "seed" / "000_8ee638c484d02a70.txt"
SITE_TOML = SHARED / "seed" / "site.toml"


@pytest.fixture(autouse=True)
def fresh_memo():
    """Each test's database starts from the same content version: nothing kept may leak across."""
    from django.core.cache import cache

    from dayuan.core import memo
    from dayuan.core.models import SITE_SETTINGS_CACHE_KEY
    from dayuan.engage import ratestore

    memo.forget()
    cache.delete(SITE_SETTINGS_CACHE_KEY)
    ratestore.reset()  # rate-limit counters live outside the cache (shared by processes)
    yield
    memo.forget()


@pytest.fixture
def base_data(db):
    from dayuan.news.basedata import load_base_data

    load_base_data()


@pytest.fixture
def seed_page():
    if not SEED_PAGE.exists():
        pytest.skip(f"seed page not found at {SEED_PAGE} (the shared/ folder is absent)")
    return SEED_PAGE


@pytest.fixture
def site_toml():
    if not SITE_TOML.exists():
        pytest.skip(f"site.toml not found at {SITE_TOML} (the shared/ folder is absent)")
    return SITE_TOML


@pytest.fixture
def seed_article(base_data, seed_page, site_toml):
    """The seed page imported as the foundation issue says: article 4597 in gsyl/jinzhong."""
    from django.core.management import call_command

    from dayuan.core.siteconfig import load_site_file
    from dayuan.news.models import Article

    load_site_file(site_toml)
    call_command(
        "import", str(seed_page), "--id", "4597", "--channel", "gsyl", "--region", "jinzhong", "--publish", verbosity=0
    )
    return Article.objects.get(pk=4597)
