"""The interactive docs page: Swagger UI from the site's own static files, no other host contacted."""

import os
import re
import shutil
from urllib.parse import urlsplit

import pytest

from tests.livehttp import fresh_cache  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)
CHROMIUM = "/usr/bin/chromium"


def test_docs_page_links_only_the_sites_own_assets(api):
    """Every script and stylesheet of /api/v1/docs is under /static/ and is served."""
    html = api.get("/docs").text
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(path.endswith("swagger-ui-bundle.js") for path in assets)
    for path in assets:
        assert path.startswith("/static/"), path
        assert api.get(str(api.base_url.copy_with(path=path))).status_code == 200, path


@pytest.mark.browser
def test_docs_render_in_a_browser_without_other_hosts(live_server, base_data, monkeypatch):
    """Chromium renders the operations from /api/v1/openapi.json and requests nothing from another host."""
    if not os.path.exists(CHROMIUM) and not shutil.which("chromium"):
        pytest.skip("chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    hosts = set()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()
        page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
        page.goto(live_server.url + "/api/v1/docs")
        page.wait_for_selector(".opblock-summary-path", timeout=20000)
        assert page.locator(".opblock").count() >= 20
        assert "/api/v1/articles/{article_id}/comments" in page.inner_text("#swagger-ui")
        browser.close()
    assert hosts == {urlsplit(live_server.url).netloc}, hosts
