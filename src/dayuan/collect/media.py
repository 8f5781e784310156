"""Download a collected article's images into the media store and point the body at them.

Each image is fetched with the run's fetcher (same politeness, robots and size
cap rules, with its own smaller cap), must be served as an image, and then
goes through the editorial app's upload path: checked by content in Pillow
(JPEG, PNG, GIF or WebP, a pixel limit against decompression bombs, no SVG),
re-encoded without metadata, stored as an ImageAsset with resized copies. An
image that fails is dropped from the body rather than hot-linked to the other
site.
"""

from html import escape
from posixpath import basename
from urllib.parse import urljoin, urlsplit

import lxml.html
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from dayuan.editorial.images import save_upload

from .fetch import FetchError

DEFAULT_MAX_IMAGE_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_IMAGES = 20


class ImageRejected(Exception):
    pass


def store_image(data, name="image"):
    """Check and store image bytes; returns the ImageAsset, or raises ImageRejected."""
    try:
        return save_upload(ContentFile(data, name=name[:100] or "image"))
    except ValidationError as exc:
        raise ImageRejected(" ".join(exc.messages)) from None


def download(fetcher, url):
    """Fetch and store one image; returns its media URL."""
    max_bytes = getattr(settings, "COLLECT_MAX_IMAGE_BYTES", DEFAULT_MAX_IMAGE_BYTES)
    page = fetcher.get(url, max_bytes=max_bytes)
    ctype = page.content_type.split(";")[0].strip().lower()
    if ctype and not ctype.startswith("image/") and ctype != "application/octet-stream":
        raise ImageRejected(f"不是图片（{ctype}）")
    return store_image(page.content, basename(urlsplit(url).path)).file.url


def localize_images(html, base_url, fetcher):
    """(html with images stored locally, [(url, error)] for those dropped)."""
    if not html or "<img" not in html:
        return html, []
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    max_images = getattr(settings, "COLLECT_MAX_IMAGES", DEFAULT_MAX_IMAGES)
    stored, failures = {}, []
    for img in list(fragment.iter("img")):
        src = (img.get("src") or img.get("data-src") or img.get("data-original") or "").strip()
        url = urljoin(base_url or "", src) if src else ""
        if url.startswith("//"):
            url = "https:" + url
        if url not in stored:
            try:
                if not url.startswith(("http://", "https://")):
                    raise ImageRejected("图片地址无效")
                if len(stored) >= max_images:
                    raise ImageRejected("图片数量超过上限")
                stored[url] = download(fetcher, url)
            except (FetchError, ImageRejected) as exc:
                stored[url] = None
                failures.append((url, getattr(exc, "reason", str(exc))))
        if stored[url]:
            for attr in ("data-src", "data-original", "srcset"):
                img.attrib.pop(attr, None)
            img.set("src", stored[url])
        else:
            img.drop_tree()
    inner = escape(fragment.text or "", quote=False) + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in fragment
    )
    return inner, failures
