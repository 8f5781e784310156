from django import template
from django.utils.safestring import mark_safe

from dayuan.portal.blocks import ads_by_place, friend_links, qr_svg

register = template.Library()


@register.simple_tag
def share_qr(url):
    """The page's QR code for WeChat, drawn on the server (no third-party script or image)."""
    return mark_safe(qr_svg(url))


@register.simple_tag
def ads_for(place):
    """The active ads of one named place (portal.AdSlot.Place), in their order."""
    return ads_by_place().get(place, [])


@register.simple_tag
def site_friend_links():
    return friend_links()
