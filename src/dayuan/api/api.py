"""/api/v1/: one NinjaAPI with the read and write routers, its OpenAPI 3.1 document and docs page."""

from ninja import NinjaAPI, Swagger
from ninja.renderers import JSONRenderer

from . import errors, read, write  # noqa: F401  (read and write add their routes)
from .routes import router


class ChineseJSON(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="大院网开放接口",
    version="1",
    description=(
        "读取接口公开、可缓存（ETag / If-None-Match），游标分页；写入接口需要后台签发的令牌"
        "（Authorization: Bearer dy_…），权限与令牌所属用户的角色相同。错误统一为 {code, message}。"
    ),
    urls_namespace="api_v1",
    renderer=ChineseJSON(),
    # Swagger UI from the site's own static files (ninja's bundled swagger-ui-dist), no CDN, no validator badge.
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": True}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("", router)
