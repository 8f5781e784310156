"""Run a command and sample the summed RSS of its whole process tree (forked workers included)."""

import os
import subprocess
import threading
import time


def tree_rss_kb(root_pid):
    parents = {}
    rss = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/statm") as f:
                pages = int(f.read().split()[1])
        except (OSError, IndexError, ValueError):
            continue
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = pages * os.sysconf("SC_PAGE_SIZE") // 1024
    total, frontier = 0, {root_pid}
    while frontier:
        total += sum(rss.get(pid, 0) for pid in frontier)
        frontier = {pid for pid, ppid in parents.items() if ppid in frontier}
    return total


def run_measured(cmd, **kwargs):
    """(elapsed seconds, peak RSS of the process tree in MB, CompletedProcess-like stdout)."""
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kwargs)
    peak = [0]

    def sample():
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_rss_kb(proc.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    elapsed = time.monotonic() - started
    sampler.join()
    if proc.returncode:
        raise SystemExit(f"{cmd} failed:\n{out[-2000:]}")
    return elapsed, peak[0] / 1024, out
