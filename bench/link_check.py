"""How fast the directory's link checker gets through a list: pooled vs one at a time.

    .venv/bin/python bench/link_check.py [N] [DELAY_MS]

Serves N URLs from a local server that answers each after DELAY_MS (like a slow
government site), then checks them with the checker's thread pool and, as the
baseline in the same run, one after another.
"""

import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dayuan.settings")
import django  # noqa: E402

django.setup()
from dayuan.directory.checker import check_url  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 60
DELAY = (int(sys.argv[2]) if len(sys.argv) > 2 else 50) / 1000


class Slow(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        time.sleep(DELAY)
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")


server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
server.daemon_threads = True
threading.Thread(target=server.serve_forever, daemon=True).start()
urls = [f"http://127.0.0.1:{server.server_address[1]}/{i}" for i in range(N)]

start = time.monotonic()
for url in urls:
    assert check_url(url, timeout=5).ok
sequential = time.monotonic() - start

start = time.monotonic()
with ThreadPoolExecutor(max_workers=8) as pool:
    assert all(result.ok for result in pool.map(lambda u: check_url(u, timeout=5), urls))
pooled = time.monotonic() - start

print(
    f"{N} links, {DELAY * 1000:.0f} ms each: pooled (8 threads) {N / pooled:.0f} links/s "
    f"({pooled:.2f} s); baseline one at a time {N / sequential:.0f} links/s ({sequential:.2f} s)"
)
server.shutdown()
