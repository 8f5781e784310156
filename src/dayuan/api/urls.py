from django.http import JsonResponse
from django.urls import path, re_path

from .api import api


def unknown(request, rest=""):
    """Anything else under /api/v1/ is a JSON 404, never the site's HTML page."""
    return JsonResponse(
        {"code": "not_found", "message": "没有这个接口地址，请查看 /api/v1/docs。"},
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )


urlpatterns = [
    path("api/v1/", api.urls),
    re_path(r"^api/v1/(?P<rest>.*)$", unknown),
]
