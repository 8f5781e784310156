"""Response headers every answer carries, live and baked (publish.serving adds the same).

The Content-Security-Policy allows scripts only from the site's own files: no inline
script, no eval. Baked pages are byte-identical to live ones, so the policy can't use
per-request nonces; JSON-LD blocks are data (never executed) and need no exception.
Styles may be inline (admin and editor widgets use style attributes). HSTS is sent when
DAYUAN_HTTPS is on.
"""

from django.conf import settings

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob: http: https:",  # article bodies may show images from other sites
        "font-src 'self' data:",
        "connect-src 'self'",
        "media-src 'self' http: https:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)


def extra_headers():
    """(name, value) pairs added to every answer, live or baked."""
    headers = [("Content-Security-Policy", CONTENT_SECURITY_POLICY)]
    if getattr(settings, "DAYUAN_HTTPS", False):
        headers.append(("Strict-Transport-Security", f"max-age={int(settings.DAYUAN_HSTS_SECONDS)}"))
    return headers


class SecurityHeaders:
    """Adds the CSP (and HSTS with DAYUAN_HTTPS) to every Django response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in extra_headers():
            response.headers.setdefault(name, value)
        return response
