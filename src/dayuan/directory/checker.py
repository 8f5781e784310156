"""Link health for the service directory: fetch each entry, follow redirects, judge TLS.

Fetching runs in a small thread pool; the database is written from the calling
thread only, so the checker works the same on SQLite and PostgreSQL.
"""

import functools
import ssl
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
from django.conf import settings
from django.utils import timezone

from dayuan.core.netguard import BlockedAddress, guarded_client

USER_AGENT = "DayuanLinkChecker/1.0 (+public-service directory)"


@dataclass
class CheckResult:
    ok: bool
    status_code: int | None = None
    final_url: str = ""
    tls_valid: bool | None = None
    elapsed_ms: int | None = None
    error: str = ""


def _is_tls_error(error):
    seen = error
    while seen is not None:
        if isinstance(seen, ssl.SSLError) or "CERTIFICATE_VERIFY_FAILED" in str(seen) or "SSL" in type(seen).__name__:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


@functools.cache
def _tls_context():
    # Building a context loads the CA bundle (~0.1 s); one shared context serves every check.
    return ssl.create_default_context()


def check_url(url, timeout=None, verify=None):
    """Fetch `url` (GET, redirects followed) and say whether it works for a reader."""
    timeout = timeout or getattr(settings, "DIRECTORY_CHECK_TIMEOUT", 10)
    verify = _tls_context() if verify is None else verify
    started = time.monotonic()
    try:
        with guarded_client(
            follow_redirects=True, timeout=timeout, verify=verify, max_redirects=10, headers={"User-Agent": USER_AGENT}
        ) as client:
            with client.stream("GET", url) as response:
                elapsed = int((time.monotonic() - started) * 1000)
                final = str(response.url)
                tls = True if final.startswith("https://") or url.startswith("https://") else None
                ok = response.status_code < 400
                return CheckResult(
                    ok=ok,
                    status_code=response.status_code,
                    final_url=final,
                    tls_valid=tls,
                    elapsed_ms=elapsed,
                    error="" if ok else f"HTTP {response.status_code}",
                )
    except BlockedAddress as blocked:
        return CheckResult(ok=False, elapsed_ms=int((time.monotonic() - started) * 1000), error=blocked.reason)
    except httpx.TimeoutException:
        return CheckResult(
            ok=False, elapsed_ms=int((time.monotonic() - started) * 1000), error=f"超时（{timeout} 秒无响应）"
        )
    except httpx.TooManyRedirects:
        return CheckResult(ok=False, elapsed_ms=int((time.monotonic() - started) * 1000), error="重定向次数过多")
    except (httpx.HTTPError, ssl.SSLError, OSError) as error:
        elapsed = int((time.monotonic() - started) * 1000)
        if _is_tls_error(error):
            return CheckResult(ok=False, tls_valid=False, elapsed_ms=elapsed, error=f"证书无效：{error}"[:300])
        return CheckResult(ok=False, elapsed_ms=elapsed, error=f"无法连接：{error}"[:300])


def check_entries(entries, now=None, timeout=None, workers=8):
    """Check these entries (those without a URL are skipped); returns (checked, failing) counts."""
    entries = [entry for entry in entries if entry.url]
    now = now or timezone.now()
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(entries) or 1))) as pool:
        results = list(pool.map(lambda entry: check_url(entry.url, timeout=timeout), entries))
    for entry, result in zip(entries, results, strict=True):
        entry.record_check(result, now)
    return len(entries), sum(1 for entry in entries if entry.is_failing)
