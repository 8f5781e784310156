"""Cost of one rate-limit check: the shared sliding-window stores against the old per-process counter.

    .venv/bin/python bench/ratelimit_bench.py [--hits 20000] [--processes 4] [--redis redis://127.0.0.1:6379/9]

Baseline (same run): the fixed window in the process's own LocMem cache (cache.add + cache.incr),
which is what engage.limits did before counters were shared. Then limits.hit() on the SQLite file
store and on Redis (when reachable), in one process and in N processes at once (total hits/s).
"""

import argparse
import os
import subprocess
import sys
import tempfile

CHILD = """
import os, sys, time
import django; django.setup()
from django.core.cache import cache
from dayuan.engage import limits
mode, hits, tag = sys.argv[1], int(sys.argv[2]), sys.argv[3]

def old_fixed_window(ident):
    key = f"bench:{ident}:{int(time.time() // 60)}"
    cache.add(key, 0, 65)
    return cache.incr(key) <= 10**9

check = old_fixed_window if mode == "baseline" else (lambda ident: limits.hit("bench", ident, "DAYUAN_COMMENT_RATE"))
started = time.perf_counter()
for n in range(hits):
    check(f"{tag}-{n % 500}")
print(hits / (time.perf_counter() - started))
"""


def run(mode, hits, processes, env):
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, mode, str(hits), f"p{i}"], env=env, stdout=subprocess.PIPE, text=True
        )
        for i in range(processes)
    ]
    rates = [float(p.communicate(timeout=600)[0].strip().splitlines()[-1]) for p in procs]
    return sum(rates)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--hits", type=int, default=20000)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/9")
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="dayuan-rl-bench-")
    base = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DAYUAN_")},
        "DJANGO_SETTINGS_MODULE": "dayuan.settings",
        "DAYUAN_HOME": home,
        "DAYUAN_COMMENT_RATE": "1000000000/m",
    }
    rows = [
        ("baseline: per-process LocMem fixed window", {**base, "DAYUAN_RATE_LIMIT_STORE": "sqlite"}, "baseline"),
        ("shared SQLite file, sliding window", {**base, "DAYUAN_RATE_LIMIT_STORE": "sqlite"}, "hit"),
    ]
    try:
        import redis

        redis.Redis.from_url(args.redis, socket_connect_timeout=0.5).ping()
        rows.append(
            (
                "shared Redis, sliding window",
                {**base, "DAYUAN_CACHE_URL": args.redis, "DAYUAN_RATE_LIMIT_PREFIX": "dayuan-bench-rl:"},
                "hit",
            )
        )
    except Exception as error:  # noqa: BLE001 - the bench runs without Redis too
        print(f"(Redis not reachable: {error})")
    print(f"{'store':45} {'1 process':>14} {f'{args.processes} processes':>16}")
    for label, env, mode in rows:
        single = run(mode, args.hits, 1, env)
        many = run(mode, args.hits // args.processes, args.processes, env)
        print(f"{label:45} {single:>10,.0f} /s {many:>12,.0f} /s   ({1e6 / single:.0f} µs per check)")


if __name__ == "__main__":
    main()
