"""Refuse NUL characters in /api/v1/ requests before any view sees them.

No stored text may contain U+0000 (PostgreSQL refuses it in any string, and it is never
meaningful in a title, a slug or a query), so a request carrying one is answered 400 in the
API's error format instead of failing deep inside a query.
"""

from django.http import JsonResponse

PREFIX = "/api/v1/"
MESSAGE = {"code": "bad_text", "message": "请求里不能有空字符（U+0000）。"}


def _in_fields(query_dict):
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in query_dict.lists())


def _has_nul(request):
    if _in_fields(request.GET):
        return True
    if request.content_type == "application/json":
        return b"\\u0000" in request.body or b"\x00" in request.body
    return request.method == "POST" and _in_fields(request.POST)


class RefuseNul:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(PREFIX) and _has_nul(request):
            return JsonResponse(MESSAGE, status=400, json_dumps_params={"ensure_ascii": False})
        return self.get_response(request)
