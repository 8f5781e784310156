"""The cluster's services on a Lab: PostgreSQL, Redis, nginx and Dayuan app servers."""

import glob
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

import httpx

from .netlab import Lab, sh

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
PG_BIN = (
    Path(sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"))[-1]).parent
    if glob.glob("/usr/lib/postgresql/*/bin/postgres")
    else None
)

ADDRESSES = {
    "pg": "10.213.13.10",
    "redis": "10.213.13.11",
    "nginx": "10.213.13.12",
    "app1": "10.213.13.21",
    "app2": "10.213.13.22",
    "app3": "10.213.13.23",
}
APPS = ("app1", "app2", "app3")
APP_PORT = 8000


def wait_for(predicate, timeout, interval=0.2):
    """Poll `predicate` until it returns something truthy or `timeout` seconds pass."""
    deadline = time.time() + timeout
    while True:
        try:
            value = predicate()
        except Exception:  # not up yet
            value = None
        if value or time.time() >= deadline:
            return value
        time.sleep(interval)


class Cluster:
    def __init__(self, lab: Lab, run_dir: Path):
        self.lab = lab
        self.dir = run_dir
        self.home = run_dir / "home"  # the shared volume: media, baked pages, static
        self.logs = run_dir / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.home.mkdir(parents=True, exist_ok=True)
        os.chmod(run_dir, 0o755)
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(run_dir),
            "LANG": "C.UTF-8",
            "DJANGO_SETTINGS_MODULE": "dayuan.settings",
            "DAYUAN_HOME": str(self.home),
            "DAYUAN_DATABASE_URL": f"postgresql://postgres@{ADDRESSES['pg']}:5432/dayuan",
            "DAYUAN_CACHE_URL": f"redis://{ADDRESSES['redis']}:6379/0",
            "DAYUAN_SECRET_KEY": "cluster-test-" + os.urandom(16).hex(),
            "DAYUAN_ALLOWED_HOSTS": ",".join(["dayuan.test", *ADDRESSES.values()]),
            "DAYUAN_HTTPS": "false",
            "DAYUAN_TRUST_X_FORWARDED_FOR": "true",
            "DAYUAN_CAPTCHA_TEST_MODE": "1",  # comments answer "PASSED"; never in production
            "DAYUAN_COMMENT_RATE": "5/m",
            "DAYUAN_COMMENT_ARTICLE_RATE": "0",
            "DAYUAN_VIEW_RATE": "0",
            "DAYUAN_SITEMAP_DELAY": "5",
            "DAYUAN_TASK_LEASE": "10",  # a killed worker's task is taken again after 10 s
            "DAYUAN_IMPORT_DIR": str(run_dir / "collect"),  # the collection check's `file` source reads here
            "DAYUAN_LOG_LEVEL": "WARNING",
        }

    # --- PostgreSQL ------------------------------------------------------------------------

    def start_postgres(self):
        data = self.dir / "pgdata"
        data.mkdir()
        shutil.chown(data, "postgres", "postgres")
        sh(
            "runuser",
            "-u",
            "postgres",
            "--",
            PG_BIN / "initdb",
            "-D",
            data,
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        with open(data / "pg_hba.conf", "a") as hba:
            hba.write("host all all 10.213.13.0/24 trust\n")
        self.lab.spawn(
            "pg",
            [
                PG_BIN / "postgres",
                "-D",
                data,
                "-c",
                f"listen_addresses={ADDRESSES['pg']}",
                "-c",
                f"unix_socket_directories={data}",
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
                "-c",
                "max_connections=200",
            ],
            user="postgres",
            log=self.logs / "postgres.log",
        )
        ready = wait_for(
            lambda: self.lab.run("pg", [PG_BIN / "pg_isready", "-h", ADDRESSES["pg"]]).returncode == 0, 60, 0.3
        )
        if not ready:
            raise RuntimeError("PostgreSQL did not start: " + (self.logs / "postgres.log").read_text()[-2000:])
        out = self.lab.run(
            "pg",
            [PG_BIN / "psql", "-h", ADDRESSES["pg"], "-U", "postgres", "-c", "CREATE DATABASE dayuan"],
            user="postgres",
        )
        if out.returncode:
            raise RuntimeError(out.stderr)

    def sql(self, query):
        """One value from PostgreSQL (psql in the database's own namespace)."""
        out = self.lab.run(
            "pg",
            [PG_BIN / "psql", "-h", ADDRESSES["pg"], "-U", "postgres", "-d", "dayuan", "-Atc", query],
            user="postgres",
            timeout=30,
        )
        if out.returncode:
            raise RuntimeError(out.stderr)
        return out.stdout.strip()

    def settle(self, timeout=180):
        """Wait until no task is due or running and no periodic job is running (a steady cluster)."""
        busy = (
            "SELECT (SELECT count(*) FROM tasks_task WHERE status = 'running' OR "
            "(status = 'pending' AND run_after <= now())) + (SELECT count(*) FROM tasks_periodicrun "
            "WHERE last_started_at IS NOT NULL AND "
            "(last_finished_at IS NULL OR last_finished_at < last_started_at))"
        )
        return wait_for(lambda: self.sql(busy) == "0", timeout, 0.5)

    # --- Redis -----------------------------------------------------------------------------

    def start_redis(self):
        """An in-memory Redis (no persistence): a restart comes back empty."""
        self.lab.spawn(
            "redis",
            [
                "redis-server",
                "--bind",
                ADDRESSES["redis"],
                "--port",
                "6379",
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "no",
            ],
            log=self.logs / "redis.log",
        )
        if not wait_for(lambda: self.redis_ping(), 20):
            raise RuntimeError("Redis did not start")

    def redis_ping(self):
        out = self.lab.run("redis", ["redis-cli", "-h", ADDRESSES["redis"], "ping"], timeout=5)
        return out.stdout.strip() == "PONG"

    # --- Dayuan ----------------------------------------------------------------------------

    def dayuan(self, host, *args, timeout=600):
        out = self.lab.run(host, [VENV_BIN / "dayuan", *args], env=self.env, timeout=timeout)
        if out.returncode:
            raise RuntimeError(f"dayuan {' '.join(args)} failed on {host}: {out.stderr[-3000:]}")
        return out.stdout

    def django(self, host, code, timeout=120):
        """Run Python with Django set up on a host; returns the JSON its last line prints."""
        script = "import django, json\ndjango.setup()\n" + code
        out = self.lab.run(host, [VENV_BIN / "python", "-c", script], env=self.env, timeout=timeout)
        if out.returncode:
            raise RuntimeError(f"script failed on {host}: {out.stderr[-3000:]}")
        return json.loads(out.stdout.strip().splitlines()[-1])

    def start_app(self, host):
        self.lab.spawn(
            host,
            [VENV_BIN / "dayuan", "serve", "--host", ADDRESSES[host], "--port", APP_PORT],
            env=self.env,
            log=self.logs / f"{host}.log",
        )

    def wait_ready(self, host, timeout=90):
        url = f"{self.app_url(host)}/readyz"
        return wait_for(lambda: httpx.get(url, timeout=3).status_code == 200, timeout, 0.3)

    def paths_mtime(self, url_path):
        """When the baked file of `url_path` on the shared volume was last written."""
        target = self.home / "public" / url_path.lstrip("/")
        if url_path.endswith("/"):
            target = target / "index.html"
        return target.stat().st_mtime

    def app_url(self, host):
        return f"http://{ADDRESSES[host]}:{APP_PORT}"

    # --- nginx -----------------------------------------------------------------------------

    def start_nginx(self):
        conf = render_nginx(self.home, self.dir / "nginx")
        path = self.dir / "nginx.conf"
        path.write_text(conf)
        test = self.lab.run("nginx", ["nginx", "-t", "-c", path])
        if test.returncode:
            raise RuntimeError("nginx config: " + test.stderr)
        self.lab.spawn("nginx", ["nginx", "-c", path, "-g", "daemon off;"], log=self.logs / "nginx.log")
        if not wait_for(lambda: httpx.get(self.nginx_url + "/healthz", timeout=3).status_code == 200, 30):
            raise RuntimeError("nginx did not start: " + (self.logs / "nginx.log").read_text()[-2000:])

    nginx_url = f"http://{ADDRESSES['nginx']}"


def render_nginx(home, run_dir):
    """deploy/nginx.conf with this cluster's addresses and paths, inside a minimal nginx.conf."""
    run_dir.mkdir(exist_ok=True)
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    upstreams = "".join(f"    server {ADDRESSES[h]}:{APP_PORT} max_fails=1 fail_timeout=5s;\n" for h in APPS)
    site = re.sub(r"(upstream dayuan \{\n(?:\s*#.*\n)*)(?:\s*server .*\n)+", lambda m: m.group(1) + upstreams, site)
    site = site.replace("listen 80;", f"listen {ADDRESSES['nginx']}:80;")
    site = site.replace("/srv/dayuan/", f"{home}/")
    temp = "\n".join(
        f"    {kind}_temp_path {run_dir}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"worker_processes 1;\npid {run_dir}/nginx.pid;\nerror_log {run_dir}/error.log warn;\n"
        f"user root;\nevents {{ worker_connections 1024; }}\n"
        f"http {{\n    include /etc/nginx/mime.types;\n    access_log off;\n    sendfile on;\n{temp}\n"
        f"{site}\n}}\n"
    )
