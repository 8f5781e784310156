"""The write API: drafts and the editorial workflow for token holders, comments for readers.

Every change goes through dayuan.editorial.services or dayuan.engage.services, which
check the acting user's role themselves: the API adds no rule and can skip none.
"""

from datetime import datetime
from typing import Literal

from captcha.helpers import captcha_image_url
from captcha.models import CaptchaStore
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from ninja import Field, File, Schema, Status
from ninja.decorators import decorate_view
from ninja.files import UploadedFile

from dayuan.editorial import services as editorial
from dayuan.editorial.images import save_upload  # the back office's checks
from dayuan.engage import limits
from dayuan.engage import services as engage
from dayuan.engage.forms import CommentForm
from dayuan.news.models import Article, Channel, Flag, Region

from . import present, schemas
from .auth import TokenAuth, scopes_of
from .errors import CODES_BY_STATUS, ApiError, Error
from .routes import router

token = TokenAuth()
WRITE_ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error}


class Me(Schema):
    username: str
    name: str
    token: str = Field(..., description="令牌前缀")
    scopes: list[str]


class ArticleIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    body: str = Field(..., description="正文 HTML，保存时按后台编辑器的规则清理")
    summary: str = ""
    channel: str = Field(..., description="栏目别名，如 gsyl", examples=["gsyl"])
    region: str = Field(..., description="地区别名，如 jinzhong", examples=["jinzhong"])
    tags: list[str] = []
    flag: str | None = Field(None, description="标题前缀标记的别名")
    author: str = Field("", max_length=50)
    editor: str | None = Field(None, max_length=50)
    statement: Literal["original", "authorized", "reprinted"] = "original"
    source_name: str = Field("", max_length=100)
    source_url: str = Field("", max_length=500)
    cover: str | None = Field(None, description="POST /images 返回的 path")


class ArticlePatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=200)
    body: str | None = None
    summary: str | None = None
    channel: str | None = None
    region: str | None = None
    tags: list[str] | None = None
    flag: str | None = None
    author: str | None = Field(None, max_length=50)
    editor: str | None = Field(None, max_length=50)
    statement: Literal["original", "authorized", "reprinted"] | None = None
    source_name: str | None = Field(None, max_length=100)
    source_url: str | None = Field(None, max_length=500)
    cover: str | None = None


class EditableArticle(Schema):
    id: int
    status: Literal["draft", "review", "scheduled", "published", "withdrawn"]
    title: str
    summary: str
    body_html: str
    channel: str
    region: str
    flag: str | None = None
    tags: list[str]
    author: str
    editor: str
    published_at: datetime | None = None
    updated_at: datetime
    revision: int
    url: str | None = Field(None, description="公开后的文章地址")


class WithdrawIn(Schema):
    comment: str = ""


class ScheduleIn(Schema):
    when: datetime = Field(..., description="定时发布时间，带时区，如 2026-01-31T08:00:00+08:00")


class Image(Schema):
    path: str
    url: str
    width: int
    height: int
    sizes: list[schemas.CoverSize]


def _editable(article):
    article.refresh_from_db()
    revision = article.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    return {
        "id": article.pk,
        "status": article.status,
        "title": article.title,
        "summary": article.summary,
        "body_html": article.body,
        "channel": article.channel.slug,
        "region": article.region.slug,
        "flag": article.flag.slug if article.flag_id else None,
        "tags": [t.name for t in article.ordered_tags],
        "author": article.author,
        "editor": article.editor,
        "published_at": article.published_at,
        "updated_at": article.updated_at,
        "revision": revision,
        "url": present.base_url() + article.get_absolute_url() if article.is_public else None,
    }


def _lookup(model, what, **lookup):
    found = model.objects.filter(**lookup).first()
    if found is None:
        raise ApiError(422, "invalid", f"没有这个{what}：{next(iter(lookup.values()))}。")
    return found


def _fields(data):
    """Model fields from the request: slugs become objects, an uploaded image's path the cover."""
    from dayuan.editorial.models import ImageAsset

    data = dict(data)
    fields = {
        name: data[name]
        for name in ("title", "body", "summary", "author", "editor", "statement", "source_name", "source_url")
        if data.get(name) is not None
    }
    if data.get("channel"):
        fields["channel"] = _lookup(Channel, "栏目", slug=data["channel"])
    if data.get("region"):
        fields["region"] = _lookup(Region, "地区", slug=data["region"])
    if "flag" in data:
        fields["flag"] = _lookup(Flag, "标记", slug=data["flag"]) if data["flag"] else None
    if data.get("cover"):
        fields["cover"] = _lookup(ImageAsset, "已上传的图片", file=data["cover"]).file.name
    return fields


def _validation(error):
    return ApiError(422, "invalid", "；".join(error.messages) or "内容不符合要求。")


def _own_article(pk):
    return get_object_or_404(Article.objects.select_related("channel", "region", "flag"), pk=pk)


@router.get("/me", tags=["写入"], auth=token, response={200: Me, 401: Error}, summary="当前令牌")
def me(request):
    user = request.user
    return {
        "username": user.get_username(),
        "name": user.get_full_name(),
        "token": request.api_token.prefix,
        "scopes": scopes_of(user),
    }


# OpenAPI links: what a client (and Schemathesis's stateful tests) can do next with a new draft's id.
NEXT_STEPS = {
    name: {"operationId": f"dayuan_api_write_{operation}", "parameters": {"article_id": "$response.body#/id"}}
    for name, operation in (
        ("ReadDraft", "read_draft"),
        ("Update", "update_article"),
        ("Submit", "submit_article"),
        ("Publish", "publish_article"),
        ("Withdraw", "withdraw_article"),
        ("Schedule", "schedule_article"),
    )
}


@router.post(
    "/articles",
    tags=["写入"],
    auth=token,
    response={201: EditableArticle, **WRITE_ERRORS},
    summary="新建草稿",
    openapi_extra={"responses": {201: {"links": NEXT_STEPS}}},
)
def create_article(request, payload: ArticleIn):
    data = payload.dict(exclude_unset=True)
    try:
        article = editorial.create_draft(request.user, _fields(data), tags=data.get("tags", []))
    except DjangoValidationError as error:
        raise _validation(error) from None
    return Status(201, _editable(article))


@router.patch(
    "/articles/{article_id}",
    tags=["写入"],
    auth=token,
    response={200: EditableArticle, **WRITE_ERRORS},
    summary="修改文章（不改变状态）",
)
def update_article(request, article_id: int, payload: ArticlePatch):
    data = payload.dict(exclude_unset=True)
    try:
        article = editorial.edit(_own_article(article_id), request.user, _fields(data), tags=data.get("tags"))
    except DjangoValidationError as error:
        raise _validation(error) from None
    return _editable(article)


@router.get(
    "/articles/{article_id}/draft",
    tags=["写入"],
    auth=token,
    response={200: EditableArticle, **WRITE_ERRORS},
    summary="读取文章（任何状态，需令牌）",
)
def read_draft(request, article_id: int):
    if not request.user.has_perm("news.view_article"):
        raise ApiError(403, "forbidden", "你没有查看未发布文章的权限。")
    return _editable(_own_article(article_id))


def _step(path, summary):
    return router.post(
        f"/articles/{{article_id}}/{path}",
        auth=token,
        summary=summary,
        tags=["写入"],
        response={200: EditableArticle, **WRITE_ERRORS},
    )


@_step("submit", "提交审核")
def submit_article(request, article_id: int):
    return _editable(editorial.submit(_own_article(article_id), by=request.user))


@_step("publish", "发布（审核角色）")
def publish_article(request, article_id: int):
    return _editable(editorial.publish(_own_article(article_id), by=request.user))


@_step("withdraw", "撤稿（审核角色）")
def withdraw_article(request, article_id: int, payload: WithdrawIn):
    return _editable(editorial.withdraw(_own_article(article_id), by=request.user, comment=payload.comment))


@_step("schedule", "定时发布（审核角色）")
def schedule_article(request, article_id: int, payload: ScheduleIn):
    return _editable(editorial.schedule(_own_article(article_id), by=request.user, when=payload.when))


@router.post("/images", tags=["写入"], auth=token, response={201: Image, **WRITE_ERRORS}, summary="上传图片")
def upload_image(request, file: UploadedFile = File(...)):
    """Checked by content, size- and pixel-limited, re-encoded without EXIF, with resized copies."""
    if not request.user.has_perm("editorial.upload_image"):
        raise ApiError(403, "forbidden", "你没有上传图片的权限。")
    try:
        asset = save_upload(file, user=request.user)
    except DjangoValidationError as error:
        raise ApiError(400, "bad_image", " ".join(error.messages)) from None
    editorial.log(request.user, "upload", summary=asset.original_name)
    base = present.base_url()
    return Status(
        201,
        {
            "path": asset.file.name,
            "url": base + asset.file.url,
            "width": asset.width,
            "height": asset.height,
            "sizes": [
                {"width": int(w), "url": base + asset.file.storage.url(path)}
                for w, path in sorted(asset.variants.items(), key=lambda kv: int(kv[0]))
            ],
        },
    )


@router.get("/captcha", response={200: schemas.Captcha}, summary="评论验证码", tags=["读者"])
@decorate_view(never_cache)
def captcha(request):
    key = CaptchaStore.generate_key()
    return {"key": key, "image_url": present.base_url() + captcha_image_url(key)}


@router.post(
    "/articles/{article_id}/comments",
    tags=["读者"],
    summary="发表评论（需验证码）",
    response={
        201: schemas.CommentPosted,
        400: Error,
        403: Error,
        404: Error,
        409: Error,
        410: Error,
        422: Error,
        429: Error,
    },
)
def post_comment(request, article_id: int, payload: schemas.CommentIn):
    """As the page's form: captcha, word filter, moderation, and 429 past the rate limits."""
    try:
        article = engage.accepting_article(article_id)
        form = CommentForm(
            {
                "content": payload.content,
                "nickname": payload.nickname,
                "captcha_0": payload.captcha_key,
                "captcha_1": payload.captcha_answer,
            }
        )
        if not form.is_valid():
            code = "captcha" if "captcha" in form.errors else "invalid"
            raise ApiError(400, code, next(iter(form.errors.values()))[0])
        comment = engage.post_comment(
            article,
            content=form.cleaned_data["content"],
            nickname=form.cleaned_data["nickname"],
            ip_hash=limits.request_ip_hash(request),
            user_agent=limits.user_agent(request),
        )
    except engage.EngageError as error:
        raise ApiError(error.status, CODES_BY_STATUS.get(error.status, "refused"), error.message) from None
    approved = comment.status == comment.Status.APPROVED
    return Status(
        201,
        {
            "status": comment.status,
            "message": "评论已发表，谢谢参与。" if approved else "评论已提交，审核通过后显示。",
            "comment": {
                "id": comment.pk,
                "nickname": comment.nickname,
                "content": comment.content,
                "created_at": comment.created_at,
            }
            if approved
            else None,
        },
    )
