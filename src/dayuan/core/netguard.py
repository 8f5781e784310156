"""Outgoing HTTP that can't be pointed at the site's own network (SSRF).

The collector and the directory link checker fetch URLs that editors (or the pages
they link to) choose. Every connection these clients open goes through
`GuardedBackend`: the host name is resolved once, every address is checked (loopback,
private, link-local, multicast, reserved and other non-global addresses are refused),
and the socket connects to the checked address itself, so a DNS answer that changes
between the check and the connect (DNS rebinding) can't slip through. Redirects open
new connections and are checked the same way; TLS still verifies the host name.

Exceptions: DAYUAN_FETCH_ALLOW_HOSTS (host names) and DAYUAN_FETCH_ALLOW_NETWORKS
(CIDR networks, e.g. 10.1.0.0/16 for an intranet source) are fetched anyway.
"""

import ipaddress
import socket

import httpx
from django.conf import settings


class BlockedAddress(Exception):
    """The URL's host resolves to an address the site must not fetch."""

    def __init__(self, host, address):
        super().__init__(f"{host} → {address}")
        self.host, self.address = host, address
        self.reason = f"不允许访问内网、本机或保留地址（{host} → {address}）"


def _allowed_networks():
    return [ipaddress.ip_network(n, strict=False) for n in getattr(settings, "DAYUAN_FETCH_ALLOW_NETWORKS", [])]


def _allowed_hosts():
    return {h.lower().rstrip(".") for h in getattr(settings, "DAYUAN_FETCH_ALLOW_HOSTS", [])}


def is_public_address(address):
    ip = ipaddress.ip_address(address)
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_address(host, address):
    """Raise BlockedAddress unless this resolved address may be fetched."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if is_public_address(ip) or any(ip in network for network in _allowed_networks()):
        return
    raise BlockedAddress(host, address)


def resolve(host, port):
    """The addresses to connect to, each checked (host names on the allow list skip the check)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise httpx.ConnectError(f"DNS: {error}") from error
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if host.lower().rstrip(".") not in _allowed_hosts():
        for address in addresses:  # one bad address refuses the name: no round-robin into the LAN
            check_address(host, address)
    return addresses


class GuardedBackend:
    """An httpcore network backend that connects only to checked, pinned addresses."""

    def __init__(self, inner):
        self.inner = inner

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        last_error = None
        for address in resolve(host, port):
            try:
                return self.inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except Exception as error:  # try the next address, as the resolver's order suggests
                last_error = error
        raise last_error or httpx.ConnectError(f"no address for {host}")

    def connect_unix_socket(self, *args, **kwargs):
        raise BlockedAddress("unix socket", "-")

    def sleep(self, seconds):
        return self.inner.sleep(seconds)


def guarded_client(**kwargs):
    """An httpx.Client whose every connection (redirects included) is checked and pinned.

    Proxies from the environment are ignored: the check must see the real destination.
    """
    transport = httpx.HTTPTransport(verify=kwargs.pop("verify", True), trust_env=False)
    transport._pool._network_backend = GuardedBackend(transport._pool._network_backend)
    return httpx.Client(transport=transport, trust_env=False, **kwargs)
