"""What the cluster checks share: the result list, the check decorator, an HTTP GET."""

import time
import traceback

import httpx

BROWSER = {"User-Agent": "Mozilla/5.0 (cluster test) Chrome/124"}
RESULTS = []


def check(name):
    def wrap(func):
        def run(*args):
            started = time.time()
            try:
                ok, detail = func(*args)
            except Exception as error:
                ok, detail = False, f"{type(error).__name__}: {error}\n{traceback.format_exc(limit=3)}"
            RESULTS.append((name, ok))
            print(f"[{'PASS' if ok else 'FAIL'}] {name} ({time.time() - started:.1f}s): {detail}", flush=True)
            return ok

        return run

    return wrap


def fetch(base, path, timeout=5):
    return httpx.get(base + path, timeout=timeout, headers=BROWSER)
