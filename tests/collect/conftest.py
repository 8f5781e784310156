"""Fixtures for the collector: the fake news web and short timeouts."""

import pytest

from .site import FixtureSite


@pytest.fixture(scope="session")
def fixture_site():
    site = FixtureSite().start()
    yield site
    site.stop()


@pytest.fixture(autouse=True)
def fast_collect_settings(settings, tmp_path):
    """Short timeouts and no politeness delay, so the whole suite stays fast."""
    settings.COLLECT_TIMEOUT = 0.5
    settings.COLLECT_RETRIES = 0  # retries are tested once, in test_fetch
    settings.COLLECT_BACKOFF = 0.01
    settings.COLLECT_HOST_DELAY = 0
    settings.COLLECT_MAX_BYTES = 2 * 1024 * 1024
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def make_source(base_data):
    from dayuan.collect.models import Source
    from dayuan.news.models import Channel, Region

    def make(url, kind="feed", **fields):
        fields.setdefault("name", "三晋在线")
        fields.setdefault("trusted", True)
        return Source.objects.create(
            kind=kind,
            url=url,
            channel=Channel.objects.get(slug="gsyl"),
            region=Region.objects.get(slug="taiyuan"),
            **fields,
        )

    return make
