"""SSRF: the collector's fetcher and the directory link checker refuse the site's own network
(after DNS resolution, on every redirect, with the resolved address pinned), except what the
allow-list settings name; file sources read only under the import folder."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dayuan.collect.fetch import Fetcher, FetchError
from dayuan.directory.checker import check_url


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/go":
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.1:{self.server.server_address[1]}/secret")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = "内部管理页面 secret".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def internal():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture
def no_exceptions(settings):
    settings.DAYUAN_FETCH_ALLOW_NETWORKS = []
    settings.DAYUAN_FETCH_ALLOW_HOSTS = []
    return settings


def fetch(url):
    with Fetcher(timeout=2, retries=0, delay=0, robots=False) as fetcher:
        return fetcher.get(url)


BLOCKED = [
    "http://127.0.0.1:{port}/secret",
    "http://localhost:{port}/secret",
    "http://[::1]:{port}/secret",
    "http://10.0.0.1/",
    "http://192.168.1.1/",
    "http://172.16.0.1/",
    "http://169.254.169.254/latest/",
    "http://100.64.0.1/",
    "http://224.0.0.1/",
    "http://0.0.0.0:{port}/",
    "http://[::ffff:127.0.0.1]:{port}/",
    "http://2130706433:{port}/secret",
    "http://0x7f.1:{port}/secret",
]


@pytest.mark.parametrize("template", BLOCKED)
def test_fetcher_refuses_internal_addresses(internal, no_exceptions, template):
    with pytest.raises(FetchError, match="不允许访问"):
        fetch(template.format(port=internal))


@pytest.mark.parametrize("template", BLOCKED[:4])
def test_link_checker_refuses_internal_addresses(internal, no_exceptions, template):
    result = check_url(template.format(port=internal), timeout=2)
    assert not result.ok and "不允许访问" in result.error and result.status_code is None


def test_redirect_into_the_network_is_refused(internal, no_exceptions):
    """localhost is allowed by name; its redirect to 127.0.0.1 is checked again and refused."""
    no_exceptions.DAYUAN_FETCH_ALLOW_HOSTS = ["localhost"]
    with pytest.raises(FetchError, match="不允许访问"):
        fetch(f"http://localhost:{internal}/go")
    assert not check_url(f"http://localhost:{internal}/go", timeout=2).ok


def test_allowed_network_is_fetched(internal, no_exceptions):
    no_exceptions.DAYUAN_FETCH_ALLOW_NETWORKS = ["127.0.0.0/8"]
    assert "secret" in fetch(f"http://127.0.0.1:{internal}/secret").text
    assert check_url(f"http://127.0.0.1:{internal}/secret", timeout=2).ok


def test_name_is_resolved_once_and_the_checked_address_is_used(internal, no_exceptions, monkeypatch):
    """DNS rebinding: the first answer is checked and connected to; a second lookup (which could
    answer 127.0.0.1) never happens."""
    no_exceptions.DAYUAN_FETCH_ALLOW_NETWORKS = ["127.0.0.1/32"]
    real = socket.getaddrinfo
    asked = []

    def rebinding(host, port, *args, **kwargs):
        if host == "news.example.test":
            asked.append(host)
            address = "127.0.0.1" if len(asked) == 1 else "10.9.9.9"
            return real(address, port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    page = fetch(f"http://news.example.test:{internal}/secret")
    assert "secret" in page.text and asked == ["news.example.test"]


def test_file_sources_read_only_under_the_import_folder(tmp_path, settings, base_data):
    from dayuan.collect.models import Source
    from dayuan.collect.services import run_source
    from dayuan.news.models import Channel, Region

    settings.DAYUAN_IMPORT_DIR = tmp_path / "import"
    settings.DAYUAN_IMPORT_DIR.mkdir()
    outside = tmp_path / "secret.txt"
    outside.write_text("机密文件标题\n\n这是不应被采集的服务器上的文件内容，共有好几句话。", encoding="utf-8")
    (settings.DAYUAN_IMPORT_DIR / "link.txt").symlink_to(outside)
    channel, region = Channel.objects.get(slug="gsyl"), Region.objects.get(slug="taiyuan")
    for path in (
        str(outside),
        str(settings.DAYUAN_IMPORT_DIR / ".." / "secret.txt"),
        "/etc/passwd",
        str(settings.DAYUAN_IMPORT_DIR / "link.txt"),
    ):
        source = Source(kind="file", url=path, name="本地", channel=channel, region=region)
        with pytest.raises(Exception, match="导入目录"):
            source.full_clean()
        source.save()
        assert run_source(source).new == 0
    folder = Source(kind="file", url=str(settings.DAYUAN_IMPORT_DIR), name="导入", channel=channel, region=region)
    folder.full_clean()
    folder.save()
    assert run_source(folder).new == 0  # the symlink inside leads out: skipped
    from dayuan.news.models import Article

    assert not Article.objects.filter(title="机密文件标题").exists()
