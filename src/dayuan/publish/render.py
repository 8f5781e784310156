"""Render a public page through Django's own request handler, as a reader would get it.

The live view and the baked file come from the same URL resolver, middleware,
view and templates; the only difference is `strip_per_request()`, which blanks
what belongs to one reader (the CSRF token, the captcha key). A few lines of
JavaScript (publish/live.js) fill those in from /api/form-token/.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.test.client import RequestFactory

CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CAPTCHA_KEY = re.compile(rb'name="captcha_0" value="([0-9a-f]{40})"')
CAPTCHA_IMAGE = re.compile(rb"/captcha/image/[0-9a-f]{40}(?:@2)?/")


def captcha_placeholder():
    from django.templatetags.static import static

    return static("engage/captcha-loading.svg")


@dataclass
class Rendered:
    status: int
    content_type: str
    body: bytes
    location: str = ""


def strip_per_request(body):
    """Blank the reader's CSRF token and captcha key; returns (body, captcha keys seen).

    The captcha image shows a neutral placeholder until the page's script puts this
    reader's captcha in: never a request for /captcha/image//, which would be a 404."""
    keys = CAPTCHA_KEY.findall(body)
    if keys:
        body = CAPTCHA_IMAGE.sub(captcha_placeholder().encode(), body)
    for key in keys:
        body = body.replace(key, b"")
    body = CSRF_FIELD.sub(rb"\1\2", body)
    return body, [key.decode() for key in keys]


def bake_host():
    """A host name the site accepts, for requests that never leave the process."""
    for host in settings.ALLOWED_HOSTS:
        host = host.lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


class Renderer:
    """Renders URL paths through the full middleware stack, without the network."""

    def __init__(self):
        self.handler = BaseHandler()
        self.handler.load_middleware()
        self.factory = RequestFactory(HTTP_HOST=bake_host())

    def render(self, url_path):
        from dayuan.engage.forms import CaptchaWidget

        request = self.factory.get(url_path)
        request.dayuan_baking = True
        token = CaptchaWidget.placeholder_only.set(True)
        try:
            response = self.handler.get_response(request)
        finally:
            CaptchaWidget.placeholder_only.reset(token)
        body = b"".join(response) if response.streaming else response.content
        keys = []
        if response.status_code == 200:
            body, keys = strip_per_request(body)
        keys = [key for key in keys if key != "0" * 40]  # placeholders were never stored
        if keys:
            drop_captcha_keys(keys)
        return Rendered(response.status_code, response.get("Content-Type", ""), body, response.get("Location", ""))


def drop_captcha_keys(keys):
    """A baked page never shows its captcha, so the keys made while rendering are dropped."""
    from captcha.models import CaptchaStore

    CaptchaStore.objects.filter(hashkey__in=keys).delete()
