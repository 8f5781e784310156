"""URL map. Fixed prefixes come first; the channel routes of dayuan.news
(`/<channel>/...`) come last because they match any slug."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.functional import lazy
from django.views.static import serve as serve_media

from dayuan.editorial.login import ThrottledLoginForm
from dayuan.engage import views as engage_views


def _admin_title():
    from dayuan.core.models import SiteSettings

    return f"{SiteSettings.load().name} 管理后台"


# Read at each render, so a renamed site shows its new name in the back office at once.
admin.site.site_header = admin.site.site_title = lazy(_admin_title, str)()
admin.site.index_title = "内容管理"
admin.site.login_form = ThrottledLoginForm

urlpatterns = [
    path("admin/", admin.site.urls),
    path("captcha/refresh/", engage_views.captcha_refresh, name="captcha-refresh"),  # from the pool
    path("captcha/", include("captcha.urls")),
    path("", include("dayuan.api.urls")),
    path("", include("dayuan.ops.urls")),
    path("", include("dayuan.portal.urls")),
    path("", include("dayuan.engage.urls")),
    path("", include("dayuan.search.urls")),
    path("", include("dayuan.collect.urls")),
    path("", include("dayuan.directory.urls")),
    path("", include("dayuan.publish.urls")),
    # Uploaded media, for a single machine without nginx in front.
    re_path(r"^media/(?P<path>.*)$", serve_media, {"document_root": settings.MEDIA_ROOT}),
    path("", include("dayuan.editorial.urls")),
    path("", include("dayuan.news.urls")),
]

handler404 = "dayuan.portal.views.page_not_found"
handler500 = "dayuan.portal.views.server_error"
