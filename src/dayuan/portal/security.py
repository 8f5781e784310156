"""Response headers every answer carries (live and baked), and admin login throttling.

The Content-Security-Policy allows scripts only from the site's own files: no inline
script, no eval. Baked pages are byte-identical to live ones, so the policy can't use
per-request nonces; JSON-LD blocks are data (never executed) and need no exception.
Styles may be inline (admin and editor widgets use style attributes). HSTS is sent when
DAYUAN_HTTPS is on.
"""

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm

CONTENT_SECURITY_POLICY = "; ".join([
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
])


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


class ThrottledLoginForm(AdminAuthenticationForm):
    """The admin login form, refusing after repeated failures per account and per IP
    (DAYUAN_LOGIN_ACCOUNT_RATE, DAYUAN_LOGIN_RATE; shared by every process), even with
    the right password, until the window has slid past the failures."""

    LOCKED = "登录失败次数过多，请稍后（约 15 分钟）再试。如忘记密码，请联系站长。"

    def clean(self):
        from dayuan.engage import limits

        ip = limits.request_ip_hash(self.request) if self.request else "-"
        account = (self.cleaned_data.get("username") or "").strip().lower()[:150]
        if not (limits.peek("login-ip", ip, "DAYUAN_LOGIN_RATE")
                and limits.peek("login-account", account, "DAYUAN_LOGIN_ACCOUNT_RATE")):
            raise forms.ValidationError(self.LOCKED, code="throttled")
        try:
            return super().clean()
        except forms.ValidationError:
            limits.hit("login-ip", ip, "DAYUAN_LOGIN_RATE")
            limits.hit("login-account", account, "DAYUAN_LOGIN_ACCOUNT_RATE")
            raise
