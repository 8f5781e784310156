import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.utils import timezone

from dayuan.tasks.models import Task
from dayuan.tasks.worker import run_once

from .conftest import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def baidu(settings):
    """A local stand-in for data.zz.baidu.com on a free local port: fails once, then accepts."""
    received, answers = [], [500, 200]

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"])).decode()
            received.append((self.path, body, self.headers["Content-Type"]))
            code = answers.pop(0) if answers else 200
            payload = b'{"remain":99,"success":1}' if code == 200 else b'{"error":500,"message":"busy"}'
            self.send_response(code)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)  # port 0: two runs at once never collide
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.DAYUAN_BAIDU_PUSH_URL = f"http://127.0.0.1:{server.server_port}/urls"
    settings.DAYUAN_BAIDU_PUSH_TOKEN = "secret-token"
    yield received
    server.shutdown()
    server.server_close()


def test_publishing_pushes_the_url_and_retries_on_failure(baidu, base_data):
    """A published article's URL is POSTed to the push endpoint by the worker, retried after a failure."""
    article = make_article("推送测试")
    job = Task.objects.get(name="publish.baidu_push")
    now = timezone.now()
    run_once(now)
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("pending", 1)
    assert "HTTP 500" in job.last_error
    run_once(now + timedelta(minutes=5))
    job.refresh_from_db()
    assert job.status == "done"
    path, body, content_type = baidu[-1]
    assert path == "/urls?site=http%3A%2F%2F127.0.0.1%3A8000&token=secret-token"
    assert body == "http://127.0.0.1:8000" + article.get_absolute_url()
    assert content_type == "text/plain"


def test_push_is_off_without_a_token(base_data, settings):
    settings.DAYUAN_BAIDU_PUSH_TOKEN = ""
    make_article("不推送")
    assert not Task.objects.filter(name="publish.baidu_push").exists()


def test_drafts_are_not_pushed(baidu, base_data):
    make_article("草稿", status="draft", published_at=None)
    assert not Task.objects.filter(name="publish.baidu_push").exists()
