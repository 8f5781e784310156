"""Hot article pages: `dayuan serve` vs nginx serving the same baked files vs the plain Django view,
and cold renders (nothing baked) vs the plain Django view. wrk on 127.0.0.1, random article URLs
(cold: each URL once, since a page rendered cold is stored, and then it is hot). The cold pages'
files are moved away after a bake, so each article has the related articles that bake kept
(`Article.related_ids`); for articles never baked, clear that column first.

    DAYUAN_HOME=/tmp/pbench/home python bench/publish_serve.py --duration 10 --connections 64 [--articles 10000]

Needs wrk and nginx (Debian packages) and a baked site in DAYUAN_HOME (see publish_site.py).
Ports: dayuan serve 8171, plain Django 8172, nginx 8180.
"""

import argparse
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent


def wait_port(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"nothing listening on {port}")


def wrk(port, paths_file, duration, connections, threads=2, each_once=False):
    """wrk on random paths of the file, or (`each_once`) on its paths in order, none twice."""
    env = {**os.environ, "PATHS": str(paths_file)}
    script = "each_path_once.lua" if each_once else "random_paths.lua"
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--latency",
        "-s",
        str(HERE / script),
        f"http://127.0.0.1:{port}",
    ]
    if each_once:
        cmd += ["--", str(threads)]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, p99_ms, int(errors.group(1)) if errors else 0, " ".join(cmd)


def start(cmd, env):
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def stop(proc):
    if proc and proc.poll() is None:
        os.killpg(proc.pid, 15)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)


def nginx_config(rundir, public, static):
    text = (HERE / "nginx.conf.template").read_text()
    for key, value in {
        "@RUNDIR@": rundir,
        "@PUBLIC@": public,
        "@STATIC@": static,
        "@PORT@": "8180",
        "@UPSTREAM@": "8171",
    }.items():
        text = text.replace(key, str(value))
    conf = Path(rundir) / "nginx.conf"
    conf.write_text(text)
    return conf


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--articles", type=int, default=0, help="random URLs over this many articles (default: all)")
    parser.add_argument("--hot-only", action="store_true", help="dayuan serve and nginx on baked pages only")
    args = parser.parse_args()
    home = Path(os.environ["DAYUAN_HOME"]).resolve()
    public = home / "public"
    env = {**os.environ, "DAYUAN_HOME": str(home), "DJANGO_SETTINGS_MODULE": "dayuan.settings"}
    articles = sorted(
        "/" + str(p.relative_to(public)) for p in public.rglob("*.html") if re.fullmatch(r"\d+\.html", p.name)
    )
    if args.articles:
        articles = random.Random(5).sample(articles, min(args.articles, len(articles)))
    rundir = tempfile.mkdtemp(prefix="dayuan-bench-")
    paths_file = Path(rundir) / "paths.txt"
    paths_file.write_text("\n".join(articles) + "\n")
    print(
        f"{len(articles)} baked article pages, random URL per request; "
        f"wrk {args.connections} connections, {args.duration}s each, 2 threads"
    )

    procs = []
    try:
        serve = start([str(VENV_BIN / "dayuan"), "serve", "--port", "8171", "--workers", "2", "--no-worker"], env)
        procs.append(serve)
        # The plain Django view: the same views and templates, every block queried and rendered on
        # each request (DAYUAN_SHARED_BLOCKS=0), no baked layer.
        plain = start(
            [
                str(VENV_BIN / "granian"),
                "--interface",
                "wsgi",
                "--workers",
                "2",
                "--host",
                "127.0.0.1",
                "--port",
                "8172",
                "--no-ws",
                "dayuan.wsgi:application",
            ],
            {**env, "DAYUAN_SHARED_BLOCKS": "0"},
        )
        procs.append(plain)
        wait_port(8171)
        wait_port(8172)
        for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            os.makedirs(f"{rundir}/{name}", exist_ok=True)
        conf = nginx_config(rundir, public, home / "static")
        nginx = start(["nginx", "-c", str(conf), "-p", rundir, "-g", "daemon off;"], env)
        procs.append(nginx)
        wait_port(8180)

        # The nginx config does what it says: baked files direct, the rest to Dayuan.
        sample = articles[0]
        body = urllib.request.urlopen(f"http://127.0.0.1:8180{sample}").read()
        assert body == (public / sample.lstrip("/")).read_bytes(), "nginx page differs from the baked file"
        token = urllib.request.urlopen("http://127.0.0.1:8180/api/form-token/").read()
        assert b'"csrf"' in token, "nginx did not pass /api/form-token/ to Dayuan"
        gone = urllib.request.Request("http://127.0.0.1:8180/gsyl/nowhere/999999999.html")
        try:
            urllib.request.urlopen(gone)
        except urllib.error.HTTPError as error:
            assert error.code == 404
        print("nginx check: baked page identical, API and unknown URLs passed to Dayuan")

        results = {}
        servers = [("dayuan serve (baked, in memory)", 8171), ("nginx (same baked files)", 8180)]
        if not args.hot_only:
            servers.append(("plain Django view", 8172))
        for name, port in servers:
            wrk(port, paths_file, 2, args.connections)  # warm up
            results[name] = wrk(port, paths_file, args.duration, args.connections)
        if not args.hot_only:
            # Cold: nothing baked (the files moved away); dayuan serve renders each page live and
            # stores it, so each page is asked for once (the plain view gets the same requests).
            shutil.move(str(public), str(public) + ".hot")
            try:
                cold = wrk(8171, paths_file, args.duration, args.connections, each_once=True)
                results["dayuan serve, cold (nothing baked)"] = cold
                results["plain Django view (again, same run)"] = wrk(
                    8172, paths_file, args.duration, args.connections, each_once=True
                )
                stored = sum(1 for _ in public.rglob("*.html")) if public.exists() else 0
                print(f"cold pages stored by dayuan serve: {stored} (requests: about {cold[0] * args.duration:,.0f})")
            finally:
                shutil.rmtree(public, ignore_errors=True)  # what the cold pages stored
                shutil.move(str(public) + ".hot", str(public))
    finally:
        for proc in reversed(procs):
            stop(proc)
        shutil.rmtree(rundir, ignore_errors=True)

    report(results)


def report(results):
    print("| server | requests/s | p99 latency | non-2xx |")
    print("|---|---:|---:|---:|")
    for name, (rps, p99, errors, _cmd) in results.items():
        print(f"| {name} | {rps:,.0f} | {p99:.1f} ms | {errors} |")
    hot, ngx = results["dayuan serve (baked, in memory)"][0], results["nginx (same baked files)"][0]
    if "plain Django view" not in results:
        print(f"\ndayuan serve hot = {hot / ngx:.0%} of nginx")
        print(f"command: {results['nginx (same baked files)'][3]}")
        return
    plain = results["plain Django view"][0]
    cold = results["dayuan serve, cold (nothing baked)"][0]
    plain2 = results["plain Django view (again, same run)"][0]
    print(
        f"\ndayuan serve hot = {hot / ngx:.0%} of nginx, {hot / plain:.0f}x the plain Django view; "
        f"cold = {cold / plain2:.2f}x the plain Django view"
    )
    print(f"command: {results['nginx (same baked files)'][3]}")


if __name__ == "__main__":
    main()
