"""Readers' voice over HTTP. Every form works without JavaScript (POST, then a
redirect back with a message); with JavaScript the same endpoints answer JSON
when asked (X-Requested-With: XMLHttpRequest or Accept: application/json).
"""

import base64
import secrets

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dayuan.core.models import SiteSettings
from dayuan.news.models import Article

from . import counters, limits, services
from .forms import CommentForm, ComplaintForm
from .models import Comment, Like
from .services import EngageError

COMMENTS_PER_PAGE = 50
VISITOR_COOKIE = "dy_visitor"
VISITOR_SALT = "dayuan.engage.visitor"
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


def wants_json(request):
    return request.headers.get("x-requested-with") == "XMLHttpRequest" or "application/json" in request.headers.get(
        "accept", ""
    )


def _article_or_error(request, pk):
    try:
        return services.accepting_article(pk), None
    except EngageError as error:
        return None, _refuse(request, error, None)


def _refuse(request, error, article):
    """A refusal: JSON, or back to the article with the message, or a plain page."""
    if wants_json(request):
        return JsonResponse({"ok": False, "message": error.message}, status=error.status)
    return render(request, "engage/message.html", {"message": error.message, "article": article}, status=error.status)


def _article_page(request, article, form, status):
    """The article page again, with the reader's typed form kept."""
    lines = SiteSettings.load().statement_lines(article.statement)
    return render(
        request,
        "news/article.html",
        {"article": article, "statement_lines": lines, "comment_form": form},
        status=status,
    )


def _back_to_comments(article):
    return redirect(article.get_absolute_url() + "#comments")


def visitor_id(request):
    """(id, is_new): who likes. The signed cookie (set by /api/stats for JavaScript
    readers) when present; without it the IP hash, so a client that drops
    cookies gets one like per article per IP, not one per request."""
    value = request.get_signed_cookie(VISITOR_COOKIE, default=None, salt=VISITOR_SALT)
    if value and len(value) <= 40:
        return value, False
    return f"ip:{limits.request_ip_hash(request)}", True


def _set_visitor(response, visitor):
    response.set_signed_cookie(
        VISITOR_COOKIE,
        visitor,
        salt=VISITOR_SALT,
        max_age=2 * 365 * 86400,
        httponly=True,
        samesite="Lax",
        secure=settings.DAYUAN_HTTPS,
    )


@require_http_methods(["GET", "POST"])
def comments(request, pk):
    if request.method == "GET":
        return comment_list(request, pk)
    article, refused = _article_or_error(request, pk)
    if refused:
        return refused
    form = CommentForm(request.POST)
    if request.POST.get("website"):
        return _refuse(request, EngageError("提交失败，请刷新页面后重试。"), article)
    if not form.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        message = next(iter(errors.values()))[0]
        if wants_json(request):
            return JsonResponse({"ok": False, "message": message, "errors": errors}, status=400)
        messages.error(request, message)
        return _article_page(request, article, form, 400)
    try:
        comment = services.post_comment(
            article,
            content=form.cleaned_data["content"],
            nickname=form.cleaned_data["nickname"],
            ip_hash=limits.request_ip_hash(request),
            user_agent=limits.user_agent(request),
        )
    except EngageError as error:
        if wants_json(request):
            return JsonResponse({"ok": False, "message": error.message}, status=error.status)
        messages.error(request, error.message)
        return _article_page(
            request,
            article,
            CommentForm(initial={"content": form.cleaned_data["content"], "nickname": form.cleaned_data["nickname"]}),
            error.status,
        )
    approved = comment.status == Comment.Status.APPROVED
    message = "评论已发表，谢谢参与。" if approved else "评论已提交，审核通过后显示。"
    if wants_json(request):
        article.refresh_from_db(fields=["comment_count"])
        data = {"ok": True, "status": comment.status, "message": message, "comments": article.comment_count}
        if approved:
            data["comment"] = {
                "id": comment.pk,
                "nickname": comment.nickname,
                "content": comment.content,
                "created_at": comment.created_at.isoformat(),
            }
        return JsonResponse(data, status=201)
    messages.success(request, message)
    return _back_to_comments(article)


def comment_list(request, pk):
    """All approved comments of an article, oldest first, 50 a page."""
    article = Article.objects.filter(pk=pk).select_related("channel", "region").first()
    if article is None or not article.is_public:
        raise Http404("文章不存在")
    approved = article.comments.filter(status=Comment.Status.APPROVED).order_by("created_at", "id")
    paginator = Paginator(approved, COMMENTS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except InvalidPage:
        raise Http404("没有这一页") from None
    # Rendered live (never baked), so its form carries a fresh CSRF token and
    # captcha: the way to comment for readers of baked pages without JavaScript.
    return render(
        request,
        "engage/comment_list.html",
        {
            "article": article,
            "page_obj": page,
            "comments": page.object_list,
            "form": CommentForm(),
            "site": SiteSettings.load(),
        },
    )


@require_POST
def likes(request, pk):
    article, refused = _article_or_error(request, pk)
    if refused:
        return refused
    visitor, new_visitor = visitor_id(request)
    try:
        created, count = services.like(article, visitor=visitor, ip_hash=limits.request_ip_hash(request))
    except EngageError as error:
        if wants_json(request):
            return JsonResponse({"ok": False, "message": error.message}, status=error.status)
        messages.error(request, error.message)
        return _article_page(request, article, None, error.status)
    message = "感谢点赞！" if created else "您已经赞过这篇文章了。"
    if wants_json(request):
        response = JsonResponse({"ok": True, "created": created, "likes": count, "liked": True, "message": message})
    else:
        messages.success(request, message)
        response = redirect(article.get_absolute_url() + "#comments")
    if new_visitor:
        _set_visitor(response, visitor)
    return response


@require_http_methods(["GET", "POST"])
def complaint(request, pk=None):
    """The complaint form (联系站长处理), for one article or for the site."""
    article = None
    if pk is not None:
        article = Article.objects.filter(pk=pk).select_related("channel", "region").first()
        if article is None or not (article.is_public or article.status == Article.Status.WITHDRAWN):
            raise Http404("文章不存在")
    form = ComplaintForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if request.POST.get("website"):
            return _refuse(request, EngageError("提交失败，请刷新页面后重试。"), article)
        if form.is_valid():
            try:
                services.file_complaint(
                    article,
                    reason=form.cleaned_data["reason"],
                    contact=form.cleaned_data["contact"],
                    details=form.cleaned_data["details"],
                    ip_hash=limits.request_ip_hash(request),
                    user_agent=limits.user_agent(request),
                )
            except EngageError as error:
                messages.error(request, error.message)
                status = error.status
                form = ComplaintForm(initial={k: form.cleaned_data[k] for k in ("reason", "contact", "details")})
            else:
                if wants_json(request):
                    return JsonResponse({"ok": True, "message": "投诉已提交，站长会尽快处理。"}, status=201)
                return render(request, "engage/complaint_done.html", {"article": article}, status=201)
        else:
            first = next(iter(form.errors.values()))[0]
            messages.error(request, first)
            status = 400
    return render(request, "engage/complaint.html", {"article": article, "form": form}, status=status)


@never_cache
@require_GET
def stats(request, pk):
    """What varies per request on an article page: counters, liked, CSRF token, messages."""
    row = (
        Article.objects.published().filter(pk=pk).values("view_count", "like_count", "comment_count", "status").first()
    )
    if row is None:  # missing, draft, scheduled or withdrawn: the same answer, nothing revealed
        return JsonResponse({"ok": False, "message": "文章不存在。"}, status=404)
    visitor = request.get_signed_cookie(VISITOR_COOKIE, default=None, salt=VISITOR_SALT)
    liked = bool(visitor) and Like.objects.filter(article_id=pk, visitor=visitor).exists()
    response = JsonResponse(
        {
            "views": row["view_count"] + counters.pending_views(pk),
            "likes": row["like_count"],
            "comments": row["comment_count"],
            "liked": liked,
            "withdrawn": row["status"] == Article.Status.WITHDRAWN,
            "csrf_token": get_token(request),
            "messages": [{"level": m.level_tag, "text": str(m)} for m in messages.get_messages(request)],
        }
    )
    if not visitor:
        _set_visitor(response, secrets.token_urlsafe(18))
    return response


def _is_public(pk):
    """Whether the article is public, cached for a minute: the beacon must not read the database per view."""
    key = f"engage:public:{pk}"
    public = cache.get(key)
    if public is None:
        public = Article.objects.published().filter(pk=pk).exists()
        cache.set(key, public, 60)
    return public


def _count(request, pk):
    if not limits.is_bot(request) and limits.hit("view-ip", limits.request_ip_hash(request), "DAYUAN_VIEW_RATE"):
        counters.count_view(pk)


@csrf_exempt
@require_POST
def view_beacon(request, pk):
    """navigator.sendBeacon target: counts one view in the cache, never the database."""
    if not _is_public(pk):
        raise Http404("文章不存在")
    _count(request, pk)
    return HttpResponse(status=204)


@never_cache
@require_GET
def view_pixel(request, pk):
    """The <noscript> fallback of the beacon: a 1×1 GIF."""
    if not _is_public(pk):
        raise Http404("文章不存在")
    _count(request, pk)
    return HttpResponse(PIXEL, content_type="image/gif")


@never_cache
@require_GET
def captcha_refresh(request):
    """Another captcha for a form (?not=<the key shown>), from the pool: django-simple-captcha's own
    refresh view creates a row whenever its pool is empty, for anyone who asks."""
    from .captchas import take_captcha

    captcha = take_captcha(exclude=request.GET.get("not", "")[:40])
    return JsonResponse({"key": captcha["key"], "image_url": captcha["image"], "audio_url": None})
