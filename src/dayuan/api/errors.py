"""Every error is JSON: a machine `code` and a Chinese `message` for the person reading it."""

from django.http import Http404
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from dayuan.editorial.services import WorkflowError, WorkflowPermissionError


class Error(Schema):
    code: str
    message: str


class ApiError(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


CODES_BY_STATUS = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    410: "gone",
    422: "invalid",
    429: "too_many_requests",
}


def not_found(what="文章"):
    return ApiError(404, "not_found", f"{what}不存在。")


def _field_name(loc):
    parts = [str(part) for part in loc if part not in ("query", "path", "body", "form", "file", "payload")]
    return ".".join(parts) or "请求"


def _validation_message(errors):
    names = list(dict.fromkeys(_field_name(error.get("loc", ())) for error in errors))
    return f"请求参数不正确：{'、'.join(names[:5])}。请对照接口文档检查这些字段。"


def install(api):
    """Answer every failure the API can meet with {code, message}."""

    def reply(request, status, code, message):
        return api.create_response(request, {"code": code, "message": message}, status=status)

    @api.exception_handler(ApiError)
    def api_error(request, exc):
        return reply(request, exc.status, exc.code, exc.message)

    @api.exception_handler(ValidationError)
    def invalid(request, exc):
        return reply(request, 422, "invalid", _validation_message(exc.errors))

    @api.exception_handler(AuthenticationError)
    def unauthorized(request, exc):
        response = reply(
            request, 401, "unauthorized", "缺少有效的接口令牌（Authorization: Bearer …），或令牌已被吊销。"
        )
        response["WWW-Authenticate"] = 'Bearer realm="dayuan"'
        return response

    @api.exception_handler(WorkflowPermissionError)
    def refused(request, exc):
        return reply(request, 403, "forbidden", str(exc))

    @api.exception_handler(WorkflowError)
    def workflow(request, exc):
        return reply(request, 409, "workflow", str(exc))

    @api.exception_handler(Http404)
    def missing(request, exc):
        return reply(request, 404, "not_found", "找不到这个地址或对象。")

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        code = CODES_BY_STATUS.get(exc.status_code, "error")
        message = "请求无法处理。" if exc.status_code < 500 else "服务器出错，请稍后再试。"
        return reply(request, exc.status_code, code, message)
