"""The data behind the reader pages' small site blocks: friend links, ad slots, the share QR code.

Friend links and ads are on every page: read once per content version (core.memo), and a
change to them bumps the version and re-bakes the site (receivers at the bottom).
"""

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


QR_MASK = 0


def qr_svg(url):
    """The QR code of `url` as inline SVG markup (numbers and a path only: safe to embed).

    A fixed mask pattern: choosing the best of eight (segno's default) is three quarters of
    an article page's rendering time in a bake, and any mask reads the same (ISO 18004 allows
    each); the address is short, so no pattern gets in a scanner's way."""
    import segno

    return segno.make(url, error="m", mask=QR_MASK).svg_inline(
        scale=3, border=2, dark="#000", light="#fff", svgclass="share-qr"
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
