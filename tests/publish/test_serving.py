import gzip

import pytest

from dayuan.publish import paths

from .conftest import wsgi_get

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(baked_site, articles):
    return articles[0].get_absolute_url()


def test_baked_page_is_served_with_validators(page):
    """A baked page is answered from its file with ETag, Last-Modified, Cache-Control and the page's type."""
    status, headers, body = wsgi_get(page)
    assert status == 200
    assert body == paths.file_for(page).read_bytes()
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["ETag"].startswith('"') and headers["Last-Modified"].endswith("GMT")
    assert headers["Cache-Control"].startswith("public, max-age=")
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_revalidation_answers_304(page):
    """A matching If-None-Match or a recent If-Modified-Since gets 304 without a body."""
    _, headers, _ = wsgi_get(page)
    status, _, body = wsgi_get(page, if_none_match=headers["ETag"])
    assert (status, body) == (304, b"")
    status, _, _ = wsgi_get(page, if_modified_since=headers["Last-Modified"])
    assert status == 304
    status, _, _ = wsgi_get(page, if_none_match='"other"')
    assert status == 200


def test_gzip_twin_is_sent_to_clients_that_accept_it(page):
    """With Accept-Encoding: gzip the precompressed twin is sent."""
    status, headers, body = wsgi_get(page, accept_encoding="gzip, br")
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == paths.file_for(page).read_bytes()


def test_rebaked_file_is_seen_at_once(page):
    """The in-memory copy is revalidated by the file's mtime and size on every request."""
    wsgi_get(page)
    target = paths.file_for(page)
    target.write_bytes(target.read_bytes().replace(b"</html>", b"<!-- new --></html>"))
    target.with_name(target.name + ".gz").unlink()
    _, _, body = wsgi_get(page)
    assert body.endswith(b"<!-- new --></html>\n")


def test_pages_without_a_file_and_other_requests_go_to_django(baked_site, articles):
    """No file, a query string, a POST or a dot path all reach Django."""
    status, headers, _ = wsgi_get("/gsyl/")  # not baked here: rendered live, and queued for baking
    assert status == 200 and "ETag" not in headers
    from dayuan.tasks.models import Task

    assert Task.objects.filter(name="publish.bake_paths", args=[["/gsyl/"]]).exists()
    status, headers, _ = wsgi_get("/", query="utm=1")
    assert status == 200 and "ETag" not in headers
    status, _, _ = wsgi_get("/.index.html.abc.tmp")
    assert status == 404
    status, _, _ = wsgi_get("/no-such-channel/")
    assert status == 404
    assert not Task.objects.filter(args=[["/no-such-channel/"]]).exists()


def test_head_has_no_body(page):
    status, headers, body = wsgi_get(page, method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0


def test_reader_with_a_pending_message_gets_the_live_page(page):
    """After posting a form (a `messages` cookie is set) the page is rendered live to show the message."""
    status, headers, _ = wsgi_get(page, cookie="messages=abc")
    assert status == 200 and "ETag" not in headers
    status, headers, _ = wsgi_get(page, cookie="csrftoken=abc")
    assert status == 200 and "ETag" in headers


@pytest.mark.parametrize(
    "path",
    ["/gsyl/" + "a" * 300 + ".html", "/tag/" + "a" * 300 + "/", "/" + "a" * 300 + "/", "/gsyl/" + "汉" * 90 + ".html"],
)
def test_path_the_filesystem_cannot_hold_is_a_plain_404(baked_site, path, caplog):
    """A segment over 255 bytes (ENAMETOOLONG) falls through to the Chinese 404 with the security
    headers, and logs no traceback."""
    (baked_site / "tag").mkdir(exist_ok=True)  # ENAMETOOLONG, not ENOENT on a missing parent
    status, headers, body = wsgi_get(path)
    assert status == 404
    assert "页面不存在" in body.decode() or "不存在" in body.decode()
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert not [record for record in caplog.records if record.levelname in ("ERROR", "CRITICAL")]
