"""The write API over real HTTP: roles, workflow through the editorial services, sanitizing, tokens."""

import pytest

from dayuan.editorial.models import ArticleRevision, AuditLog
from dayuan.news.models import Article
from dayuan.text.html import sanitize_html
from tests.livehttp import fresh_cache  # noqa: F401

from .conftest import bearer

pytestmark = pytest.mark.django_db(transaction=True)

DRAFT = {
    "title": "API 新建的稿件",
    "body": "<p>正文第一段。</p>",
    "channel": "gsyl",
    "region": "jinzhong",
    "tags": ["晋中", "测试"],
}


def create(api, raw, **changes):
    response = api.post("/articles", json={**DRAFT, **changes}, headers=bearer(raw))
    assert response.status_code == 201, response.text
    return response.json()


def test_editor_creates_and_submits_but_cannot_publish(api, tokens):
    """编辑: create a draft (revision and audit as in the back office), submit it; publish is 403, status unchanged."""
    draft = create(api, tokens["editor"])
    assert draft["status"] == "draft" and draft["tags"] == ["晋中", "测试"] and draft["revision"] == 1
    pk = draft["id"]
    assert AuditLog.objects.filter(article_id=pk, action="create", actor=tokens["users"]["editor"]).exists()
    assert ArticleRevision.objects.get(article_id=pk).snapshot["tags"] == ["晋中", "测试"]
    submitted = api.post(f"/articles/{pk}/submit", headers=bearer(tokens["editor"]))
    assert submitted.status_code == 200 and submitted.json()["status"] == "review"
    refused = api.post(f"/articles/{pk}/publish", headers=bearer(tokens["editor"]))
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    assert "权限" in refused.json()["message"]
    assert Article.objects.get(pk=pk).status == Article.Status.REVIEW
    assert api.get(f"/articles/{pk}").status_code == 404


def test_reviewer_publishes_and_the_article_is_baked(api, tokens, settings, tmp_path, quiet_worker):
    """审核 publishes through the API; after a worker pass the baked article page and home list show it."""
    settings.PUBLIC_ROOT = tmp_path / "public"
    from dayuan.publish import baking, paths

    baking.bake_paths(["/"])
    draft = create(api, tokens["editor"], title="审核后上线的新闻")
    api.post(f"/articles/{draft['id']}/submit", headers=bearer(tokens["editor"]))
    published = api.post(f"/articles/{draft['id']}/publish", headers=bearer(tokens["reviewer"]))
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert AuditLog.objects.filter(article_id=draft["id"], action="publish").exists()
    quiet_worker()
    article = Article.objects.get(pk=draft["id"])
    assert "审核后上线的新闻" in paths.file_for(article.get_absolute_url()).read_text(encoding="utf-8")
    assert "审核后上线的新闻" in paths.file_for("/").read_text(encoding="utf-8")
    assert api.get(f"/articles/{article.pk}").json()["title"] == "审核后上线的新闻"
    withdrawn = api.post(
        f"/articles/{article.pk}/withdraw", json={"comment": "核实有误"}, headers=bearer(tokens["reviewer"])
    )
    assert withdrawn.json()["status"] == "withdrawn" and api.get(f"/articles/{article.pk}").status_code == 410


def test_schedule_needs_a_future_time(api, tokens):
    """Scheduling is the reviewer's; a past time is refused with the service's message."""
    from django.utils import timezone

    pk = create(api, tokens["editor"])["id"]
    past = api.post(
        f"/articles/{pk}/schedule", json={"when": "2020-01-01T08:00:00+08:00"}, headers=bearer(tokens["reviewer"])
    )
    assert past.status_code == 409 and "已经过去" in past.json()["message"]
    when = (timezone.now() + timezone.timedelta(days=1)).isoformat()
    assert (
        api.post(f"/articles/{pk}/schedule", json={"when": when}, headers=bearer(tokens["editor"])).status_code == 403
    )
    done = api.post(f"/articles/{pk}/schedule", json={"when": when}, headers=bearer(tokens["reviewer"]))
    assert done.json()["status"] == "scheduled"


def test_body_html_is_sanitized_as_the_editors(api, tokens):
    """Script, event handlers and javascript: links are cleaned exactly as the back office's save cleans them."""
    dirty = (
        '<p onclick="steal()">你好<script>alert(1)</script></p><a href="javascript:alert(2)">链接</a>'
        '<img src="/media/x.png" onerror="x()"><iframe src="https://evil.example"></iframe>'
    )
    draft = create(api, tokens["editor"], body=dirty)
    assert draft["body_html"] == sanitize_html(dirty)
    assert "script" not in draft["body_html"] and "onclick" not in draft["body_html"]
    edited = api.patch(
        f"/articles/{draft['id']}", json={"body": dirty + "<p>再改</p>"}, headers=bearer(tokens["editor"])
    )
    assert edited.json()["body_html"] == sanitize_html(dirty + "<p>再改</p>")
    assert AuditLog.objects.filter(article_id=draft["id"], action="edit").exists()


def test_editor_cannot_edit_a_published_article(api, tokens):
    pk = create(api, tokens["editor"])["id"]
    api.post(f"/articles/{pk}/publish", headers=bearer(tokens["reviewer"]))
    refused = api.patch(f"/articles/{pk}", json={"title": "偷改"}, headers=bearer(tokens["editor"]))
    assert refused.status_code == 403 and Article.objects.get(pk=pk).title == DRAFT["title"]


def test_revoked_or_missing_token_is_401(api, tokens):
    """A revoked token, a wrong one and none at all answer 401 with a JSON error."""
    from dayuan.api.models import ApiToken

    assert api.get("/me", headers=bearer(tokens["editor"])).json()["scopes"] == [
        "read",
        "articles:write",
        "articles:submit",
        "images:upload",
    ]
    ApiToken.objects.get(user__username="editor").revoke()
    for headers in (bearer(tokens["editor"]), bearer("dy_wrong"), {}):
        response = api.post("/articles", json=DRAFT, headers=headers)
        assert response.status_code == 401 and response.json()["code"] == "unauthorized"
    assert not Article.objects.exists()


def test_bad_fields_are_refused_in_chinese(api, tokens):
    unknown = api.post("/articles", json={**DRAFT, "channel": "nochannel"}, headers=bearer(tokens["editor"]))
    assert unknown.status_code == 422 and "栏目" in unknown.json()["message"]
    bad_url = api.post("/articles", json={**DRAFT, "source_url": "not a url"}, headers=bearer(tokens["editor"]))
    assert bad_url.status_code == 422 and bad_url.json()["code"] == "invalid"


def test_image_upload_uses_the_back_office_checks(api, tokens, settings, tmp_path):
    """A JPEG is re-encoded with resized copies and can be the cover; an SVG is refused."""
    from tests.editorial.conftest import jpeg_bytes

    settings.MEDIA_ROOT = tmp_path / "media"
    files = {"file": ("photo.jpg", jpeg_bytes(), "image/jpeg")}
    uploaded = api.post("/images", files=files, headers=bearer(tokens["editor"]))
    assert uploaded.status_code == 201, uploaded.text
    image = uploaded.json()
    assert image["width"] == 1200 and [s["width"] for s in image["sizes"]] == [320, 640, 1024]
    svg = api.post(
        "/images", files={"file": ("x.jpg", b"<svg onload='x()'/>", "image/jpeg")}, headers=bearer(tokens["editor"])
    )
    assert svg.status_code == 400 and "SVG" in svg.json()["message"]
    draft = create(api, tokens["editor"], cover=image["path"])
    api.post(f"/articles/{draft['id']}/publish", headers=bearer(tokens["reviewer"]))
    cover = api.get(f"/articles/{draft['id']}").json()["cover"]
    assert cover["width"] == 1200 and len(cover["sizes"]) == 3


def test_reader_comment_needs_captcha_and_is_rate_limited(api, settings):
    """A comment posts with the captcha answered, fails without, and the 6th in a minute is 429."""
    from dayuan.core.models import SiteSettings
    from tests.factories import make_article

    settings.DAYUAN_COMMENT_RATE = "5/m"
    SiteSettings.objects.update_or_create(pk=1, defaults={"comments_moderated": False})
    article = make_article()
    key = api.get("/captcha").json()["key"]
    wrong = api.post(
        f"/articles/{article.pk}/comments", json={"content": "说得好", "captcha_key": key, "captcha_answer": "WRONG"}
    )
    assert wrong.status_code == 400 and wrong.json()["code"] == "captcha"
    statuses = []
    for n in range(6):
        response = api.post(
            f"/articles/{article.pk}/comments",
            json={"content": f"第{n}条评论", "captcha_key": key, "captcha_answer": "PASSED"},
        )
        statuses.append(response.status_code)
    assert statuses == [201] * 5 + [429]
    assert api.get(f"/articles/{article.pk}/comments").json()["items"][0]["content"] == "第0条评论"
