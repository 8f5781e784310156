"""`make test-cluster`: Dayuan on PostgreSQL, Redis, nginx and three app servers, each host a
network namespace with its own address, checked over HTTP. Root only; exits non-zero on any
failed check and prints `cluster: K/N checks`.

    .venv/bin/python -m tests.cluster.run [--keep]
"""

import argparse
import shutil
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

from .engage_checks import CLIENTS, comments, redis_outage
from .job_checks import collected_once, killed_mid_task, scheduled_once, start_jobs
from .netlab import Lab
from .page_checks import catch_up, coherence, health, kill_under_load
from .report import RESULTS
from .services import ADDRESSES, APPS, Cluster

PICK = """
from dayuan.news.models import Article
a = Article.objects.published().order_by("-published_at").first()
print(json.dumps([a.pk, a.get_absolute_url()]))
"""


def bring_up(cluster):
    started = time.time()
    cluster.start_postgres()
    cluster.start_redis()
    cluster.dayuan("app1", "init", "--demo")
    cluster.dayuan("app1", "bake", "--no-progress", "--jobs", "2")
    for host in APPS:
        cluster.start_app(host)
    for host in APPS:
        if not cluster.wait_ready(host):
            raise RuntimeError(f"{host} not ready: " + (cluster.logs / f"{host}.log").read_text()[-2000:])
    cluster.start_nginx()
    print(
        f"cluster up in {time.time() - started:.0f}s: " + ", ".join(f"{h} {a}" for h, a in ADDRESSES.items()),
        flush=True,
    )


def run_checks(cluster):
    article = tuple(cluster.django("app1", PICK))
    jobs = start_jobs(cluster)
    health(cluster, article)
    coherence(cluster, article)
    catch_up(cluster, article)
    kill_under_load(cluster, article)
    comments(cluster, article)
    killed_mid_task(cluster, article)
    scheduled_once(cluster, jobs)
    collected_once(cluster, jobs)
    redis_outage(cluster, article)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="Keep the run folder (logs) after the run.")
    args = parser.parse_args()
    # `timeout` (make test-cluster) stops us with SIGTERM: leave through the teardown too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.time()
    run_dir = Path(tempfile.mkdtemp(prefix="dayuan-cluster-"))
    try:
        with Lab(run_dir) as lab:
            try:
                lab.add_client_addresses(CLIENTS)
                for host, address in ADDRESSES.items():
                    lab.add_host(host, address)
                cluster = Cluster(lab, run_dir)
                bring_up(cluster)
                run_checks(cluster)
            except Exception:
                traceback.print_exc()
                RESULTS.append(("cluster set-up", False))
    finally:
        if not args.keep:
            shutil.rmtree(run_dir, ignore_errors=True)
        else:
            print(f"logs kept in {run_dir}")
    passed = sum(ok for _, ok in RESULTS)
    print(f"cluster: {passed}/{len(RESULTS)} checks ({time.time() - started:.0f}s)")
    return 0 if RESULTS and passed == len(RESULTS) else 1


if __name__ == "__main__":
    sys.exit(main())
