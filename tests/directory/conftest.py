"""A local web server with good, redirecting, failing, slow and TLS-broken endpoints."""

import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/good":
            self._reply(200, "ok")
        elif self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/good")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/fail":
            self._reply(500, "broken")
        elif self.path == "/missing":
            self._reply(404, "gone")
        elif self.path == "/slow":
            time.sleep(3)
            self._reply(200, "late")
        else:
            self._reply(404, "?")

    def _reply(self, status, text):
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass


def _serve(server):
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session")
def link_server(tmp_path_factory):
    """Base URLs of a plain HTTP server and an HTTPS server with a self-signed certificate."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    plain = _serve(ThreadingHTTPServer(("127.0.0.1", 0), Handler))
    secure = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    secure.socket = context.wrap_socket(secure.socket, server_side=True)
    _serve(secure)
    yield {
        "http": f"http://127.0.0.1:{plain.server_address[1]}",
        "https": f"https://127.0.0.1:{secure.server_address[1]}",
    }
    plain.shutdown()
    secure.shutdown()


@pytest.fixture
def services(base_data):
    from dayuan.directory.basedata import load_initial_services

    load_initial_services()
