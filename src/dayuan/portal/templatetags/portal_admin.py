from django import template
from django.utils.safestring import mark_safe

from dayuan.portal.dashboard import dashboard

register = template.Library()


@register.inclusion_tag("portal/admin/_dashboard.html")
def admin_dashboard():
    data = dashboard()
    # Drawn here from numbers and dates only (portal.dashboard.bar_chart escapes its label).
    data["views_chart"] = mark_safe(data["views_chart"])
    data["comments_chart"] = mark_safe(data["comments_chart"])
    return data
