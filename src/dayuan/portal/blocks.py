"""The data behind the reader pages' small site blocks: friend links, ad slots, the share QR code.

Friend links and ads are on every page: read once per content version (core.memo), and a
change to them bumps the version and re-bakes the site (receivers at the bottom).
"""

import re

from django.db.models.signals import post_delete, post_save

from dayuan.core import memo

from .models import AdSlot, FriendLink


def friend_links():
    return memo.memoized("portal:friend-links", lambda: list(FriendLink.objects.filter(is_active=True)))


def ads_by_place():
    def compute():
        placed = {}
        for ad in AdSlot.objects.filter(is_active=True):
            placed.setdefault(ad.place, []).append(ad)
        return placed

    return memo.memoized("portal:ads", compute)


QR_SCALE = 3  # px a module
QR_BORDER = 2  # modules of quiet zone: the page around it is white
DARK_RUN = re.compile(rb"\x00+")  # a row's dark modules (zxing-cpp draws them as 0)


def qr_svg(url):
    """The QR code of `url` as inline SVG markup (numbers and a path only: safe to embed).

    Encoded by zxing-cpp (C++, error correction M, its best mask): about 0.25 ms against
    1.7 ms for segno in pure Python, which was a third of an article page in a bake.
    Drawn as one path of horizontal runs, as segno drew it."""
    import zxingcpp

    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    matrix = memoryview(code.to_image(scale=1, add_quiet_zones=False))
    rows, width = matrix.shape
    cells = bytes(matrix)
    side = width + 2 * QR_BORDER
    runs = [
        f"M{QR_BORDER + run.start() - y * width} {QR_BORDER + y}.5h{run.end() - run.start()}"
        for y in range(rows)
        for run in DARK_RUN.finditer(cells, y * width, (y + 1) * width)
    ]
    return (
        f'<svg width="{side * QR_SCALE}" height="{side * QR_SCALE}" class="share-qr"><g transform="scale({QR_SCALE})">'
        f'<path fill="#fff" d="M0 0h{side}v{side}h-{side}z"/>'
        f'<path class="qrline" stroke="#000" d="{"".join(runs)}"/></g></svg>'
    )


def ad_slot(place):
    """Data of portal/_ads.html: the active ads of one named place (AdSlot.Place), in order."""
    return {"ad_place": place, "placed": ads_by_place().get(place, [])}


def share_block(context, article):
    """Data of portal/_share.html: the article's address and its QR code for WeChat."""
    from markupsafe import Markup

    url = f"{context['site'].base_url}{article.get_absolute_url()}"
    return {"share_url": url, "share_qr": Markup(qr_svg(url))}


def changed(sender, raw=False, **kwargs):
    if raw:
        return
    from dayuan.tasks.registry import enqueue

    memo.bump()
    enqueue("publish.bake_site", unique_key="publish:site")  # every page's footer or an ad place


for _model in (FriendLink, AdSlot):
    post_save.connect(changed, sender=_model, dispatch_uid=f"portal.{_model.__name__}.saved")
    post_delete.connect(changed, sender=_model, dispatch_uid=f"portal.{_model.__name__}.deleted")
