"""A small network of hosts on this machine: one network namespace per host, veth pairs on a bridge.

    with Lab(root) as lab:
        lab.add_host("pg", "10.213.13.10")
        lab.run("pg", ["ip", "addr"])

The bridge lives in the root namespace with the address 10.213.13.1 (the harness's own
address); extra client addresses go on it too. Everything is torn down on exit, also after a
failure, and leftovers of an earlier run that was killed are removed before starting.
"""

import os
import signal
import subprocess
import time
from pathlib import Path

PREFIX = "dyc"
BRIDGE = f"{PREFIX}0"
NET = "10.213.13"
GATEWAY = f"{NET}.1"


def sh(*args, check=True, **kwargs):
    return subprocess.run([str(a) for a in args], check=check, capture_output=True, text=True, **kwargs)


def ns_name(host):
    return f"{PREFIX}-{host}"


class Lab:
    def __init__(self, root):
        self.root = Path(root)
        self.hosts = {}
        self.procs = []

    # --- network ---------------------------------------------------------------------------

    def __enter__(self):
        self.teardown()
        sh("ip", "link", "add", BRIDGE, "type", "bridge")
        sh("ip", "addr", "add", f"{GATEWAY}/24", "dev", BRIDGE)
        sh("ip", "link", "set", BRIDGE, "up")
        return self

    def __exit__(self, *exc):
        self.teardown()

    def add_host(self, host, address):
        ns = ns_name(host)
        sh("ip", "netns", "add", ns)
        veth = f"{PREFIX}-{host}"[:15]
        sh("ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns)
        sh("ip", "link", "set", veth, "master", BRIDGE, "up")
        for cmd in (
            ["ip", "link", "set", "lo", "up"],
            ["ip", "addr", "add", f"{address}/24", "dev", "eth0"],
            ["ip", "link", "set", "eth0", "up"],
        ):
            sh("ip", "netns", "exec", ns, *cmd)
        self.hosts[host] = address

    def add_client_addresses(self, addresses):
        for address in addresses:
            sh("ip", "addr", "add", f"{address}/32", "dev", BRIDGE)

    # --- processes -------------------------------------------------------------------------

    def spawn(self, host, argv, env=None, log=None, user=None):
        """Start a process inside a host's namespace, in its own process group."""
        prefix = ["ip", "netns", "exec", ns_name(host)]
        if user:
            prefix += ["runuser", "-u", user, "--"]
        out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 (the child keeps it)
        proc = subprocess.Popen(
            prefix + [str(a) for a in argv], env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.procs.append(proc)
        return proc

    def run(self, host, argv, env=None, timeout=300, user=None):
        prefix = ["ip", "netns", "exec", ns_name(host)]
        if user:
            prefix += ["runuser", "-u", user, "--"]
        return subprocess.run(prefix + [str(a) for a in argv], env=env, capture_output=True, text=True, timeout=timeout)

    def host_pids(self, host):
        out = sh("ip", "netns", "pids", ns_name(host), check=False).stdout.split()
        return [int(p) for p in out if p.isdigit()]

    def crash(self, host):
        """kill -9 of everything running on the host, as a power cut would."""
        pids = self.host_pids(host)
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        deadline = time.time() + 10
        while self.host_pids(host) and time.time() < deadline:
            time.sleep(0.05)
        self.reap()
        return len(pids)

    def stop(self, host, timeout=15):
        """A clean stop: SIGTERM to every process on the host, SIGKILL after `timeout`."""
        for pid in self.host_pids(host):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        deadline = time.time() + timeout
        while self.host_pids(host) and time.time() < deadline:
            time.sleep(0.1)
        if self.host_pids(host):
            self.crash(host)
        self.reap()

    def reap(self):
        for proc in self.procs:
            proc.poll()

    # --- teardown --------------------------------------------------------------------------

    def teardown(self):
        existing = sh("ip", "netns", "list", check=False).stdout.split("\n")
        ours = [line.split()[0] for line in existing if line.startswith(f"{PREFIX}-")]
        for ns in ours:
            for pid in sh("ip", "netns", "pids", ns, check=False).stdout.split():
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except (ProcessLookupError, ValueError):
                    pass
        time.sleep(0.2 if ours else 0)
        # Delete our veth pairs from this side first: a namespace's own cleanup runs later in the
        # kernel, and a leftover pair would block the next run's `ip link add`.
        for link in self.links():
            sh("ip", "link", "delete", link, check=False)
        for ns in ours:
            sh("ip", "netns", "delete", ns, check=False)
        sh("ip", "link", "delete", BRIDGE, check=False)
        self.reap()

    @staticmethod
    def links():
        out = sh("ip", "-o", "link", "show", check=False).stdout
        names = [line.split(":")[1].strip().split("@")[0] for line in out.splitlines() if ":" in line]
        return [name for name in names if name.startswith(f"{PREFIX}-")]
