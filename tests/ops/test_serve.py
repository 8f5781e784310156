"""`dayuan serve --workers N` warns when limits would hold per process only."""

import os
import subprocess
import sys
import time

import pytest

from tests.portal.test_config import free_port
from tests.processes import stop


def serve_output(tmp_path, workers, **env):
    """Start `dayuan serve`, wait until it says it is running, stop it; returns its stderr.

    Output goes to files, not pipes: a blocking read on a server that never prints
    (its stdout was once block-buffered) would hang the suite instead of failing."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DAYUAN_")}
    environment.pop("PYTHONUNBUFFERED", None)  # as under systemd or CI: the line must still show
    environment.update({"DAYUAN_HOME": str(tmp_path), "DJANGO_SETTINGS_MODULE": "dayuan.settings", **env})
    out_path, err_path = tmp_path / f"serve-{workers}.out", tmp_path / f"serve-{workers}.err"
    port = free_port()
    with open(out_path, "w") as out, open(err_path, "w") as err:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "dayuan",
                "serve",
                "--port",
                str(port),
                "--workers",
                str(workers),
                "--no-worker",
            ],
            env=environment,
            stdout=out,
            stderr=err,
            start_new_session=True,
        )
    try:
        deadline = time.time() + 90
        while "已启动" not in out_path.read_text() and server.poll() is None and time.time() < deadline:
            time.sleep(0.2)
        assert "已启动" in out_path.read_text(), f"dayuan serve did not say it started: {err_path.read_text()[-2000:]}"
        # Stopped only once it answers: a SIGTERM while granian is still starting its
        # workers is not acted on, and the stop would wait for the kill.
        wait_until_answering(port, deadline)
    finally:
        stop(server)
    return err_path.read_text()


def wait_until_answering(port, deadline):
    import httpx

    while True:
        try:
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
            return
        except httpx.HTTPError:
            assert time.time() < deadline, "dayuan serve did not answer"
            time.sleep(0.3)


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """A data folder made once by `dayuan init` (serve refuses a folder without a database)."""
    path = tmp_path_factory.mktemp("serve-home")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DAYUAN_")}
    environment.update({"DAYUAN_HOME": str(path), "DJANGO_SETTINGS_MODULE": "dayuan.settings"})
    subprocess.run(
        [sys.executable, "-m", "dayuan", "init", "-v", "0"],
        env=environment,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return path


@pytest.mark.parametrize(
    "workers, cache_url, warned", [(2, "", True), (1, "", False), (2, "redis://127.0.0.1:6379/9", False)]
)
def test_serve_warns_about_per_process_limits(home, workers, cache_url, warned):
    err = serve_output(home, workers, DAYUAN_CACHE_URL=cache_url)
    assert ("without a shared cache" in err) is warned


def test_idle_keep_alive_connections_do_not_hold_back_other_readers(home):
    """Browsers and proxies keep idle connections open; with granian's backpressure set to a
    few connections, every further reader waited for one of them to time out (30 s stalls)."""
    import socket

    import httpx

    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DAYUAN_")}
    environment.update({"DAYUAN_HOME": str(home), "DJANGO_SETTINGS_MODULE": "dayuan.settings"})
    server = subprocess.Popen(
        [sys.executable, "-m", "dayuan", "serve", "--port", str(port), "--no-worker"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    idle = []
    try:
        wait_until_answering(port, time.time() + 90)
        for _ in range(40):  # more than any thread or connection budget of one worker
            connection = socket.create_connection(("127.0.0.1", port), timeout=30)
            connection.sendall(b"GET /robots.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n")
            assert connection.recv(65536).startswith(b"HTTP/1.1 200")
            idle.append(connection)  # answered, then left open and silent
        # A new reader is answered while all of those stay open (the stall was 20-30 s).
        assert httpx.get(f"http://127.0.0.1:{port}/robots.txt", timeout=10).status_code == 200
    finally:
        for connection in idle:
            connection.close()
        stop(server)
