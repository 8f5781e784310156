"""Each role's allowed and refused actions, through the admin over HTTP."""

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from dayuan.editorial.models import ArticleRevision, AuditLog
from dayuan.news.models import Article, Channel, Region

pytestmark = pytest.mark.django_db
S = Article.Status
ADD = "/admin/news/article/add/"


def form(**overrides):
    data = {
        "title": "编辑写的新稿",
        "channel": Channel.objects.get(slug="gsyl").pk,
        "region": Region.objects.get(slug="taiyuan").pk,
        "summary": "",
        "body": "<p>正文第一段</p>",
        "editor": "网络编辑",
        "author": "",
        "statement": "original",
        "source_name": "",
        "source_url": "",
        "collected_at_0": "",
        "collected_at_1": "",
        "tag_links-TOTAL_FORMS": "0",
        "tag_links-INITIAL_FORMS": "0",
        "tag_links-MIN_NUM_FORMS": "0",
        "tag_links-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def workflow(client, article, action, **extra):
    response = client.post(f"/admin/news/article/{article.pk}/workflow/", {"action": action, **extra})
    assert response.status_code == 302
    return [str(m) for m in get_messages(response.wsgi_request)][-1:]  # this action's message


def test_editor_writes_and_submits_but_cannot_publish(login, users):
    client = login(users["editor"])
    response = client.post(ADD, form(status="published"))
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(title="编辑写的新稿")
    assert article.status == S.DRAFT  # the status field is not the editor's to set
    assert ArticleRevision.objects.filter(article=article).count() == 1
    assert workflow(client, article, "submit") == ["已提交审核。"]
    messages = workflow(client, article, "publish")
    assert "没有发布文章的权限" in messages[0]
    article.refresh_from_db()
    assert article.status == S.REVIEW


def test_editor_cannot_change_a_published_article(login, users, make_article):
    article = make_article(status=S.PUBLISHED, published_at=timezone.now())
    client = login(users["editor"])
    page = client.get(f"/admin/news/article/{article.pk}/change/").content.decode()
    assert 'name="title"' not in page  # view only
    response = client.post(f"/admin/news/article/{article.pk}/change/", form(title="偷偷改"))
    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).title == "测试文章"


def test_reviewer_publishes_rejects_and_withdraws(login, users, make_article):
    client = login(users["reviewer"])
    article = make_article(status=S.REVIEW)
    assert workflow(client, article, "reject") == ["退回时请填写退回意见，告诉作者需要修改什么。"]
    assert workflow(client, article, "reject", comment="补充数据来源") == ["已退回给作者。"]
    article.refresh_from_db()
    assert article.status == S.DRAFT
    editor_page = login(users["editor"]).get(f"/admin/news/article/{article.pk}/change/").content.decode()
    assert "补充数据来源" in editor_page
    client = login(users["reviewer"])
    assert workflow(client, article, "publish") == ["已发布。"]
    assert client.get(article.get_absolute_url()).status_code == 200
    assert workflow(client, article, "withdraw", comment="撤下核实") == ["已撤稿，文章保留在后台。"]
    assert client.get(article.get_absolute_url()).status_code == 410
    assert Article.objects.filter(pk=article.pk, status=S.WITHDRAWN).exists()


def test_schedule_through_admin_refuses_past_and_bad_times(login, users, make_article):
    client = login(users["reviewer"])
    article = make_article(status=S.REVIEW)
    assert "已经过去" in workflow(client, article, "schedule", when="2020-01-01T08:00")[0]
    assert "格式不正确" in workflow(client, article, "schedule", when="明天早上")[0]
    future = timezone.localtime() + timezone.timedelta(days=2)
    assert workflow(client, article, "schedule", when=future.strftime("%Y-%m-%dT%H:%M")) == ["已设置定时发布。"]
    article.refresh_from_db()
    assert article.status == S.SCHEDULED


def test_user_without_role_is_refused(login, users, make_article):
    client = login(users["nobody"])
    assert client.get(ADD).status_code == 403
    article = make_article()
    assert client.post(f"/admin/news/article/{article.pk}/workflow/", {"action": "submit"}).status_code == 403


def test_admin_role_has_everything(login, users, make_article):
    client = login(users["chief"])
    article = make_article()
    assert client.get("/admin/editorial/auditlog/").status_code == 200
    assert workflow(client, article, "publish") == ["已发布。"]
    response = client.post(f"/admin/news/article/{article.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Article.objects.filter(pk=article.pk).exists()
    assert login(users["reviewer"]).get("/admin/news/article/1/delete/").status_code in (403, 302)


def test_pasted_word_html_is_cleaned(login, users):
    """Markup pasted from Word or WeChat is reduced to clean structure by the sanitizer."""
    word = (
        '<p class="MsoNormal" style="mso-margin-top-alt:auto"><span lang="EN-US" style="font-size:14pt">'
        "段落<o:p></o:p></span></p><script>alert(1)</script>"
        '<section style="color:red" data-tools="135编辑器"><img data-src="https://mmbiz.qpic.cn/x.jpg" '
        'onerror="alert(2)" src="https://example.org/a.jpg"></section>'
    )
    client = login(users["editor"])
    assert client.post(ADD, form(body=word)).status_code == 302
    body = Article.objects.get(title="编辑写的新稿").body
    for bad in ("mso", "style=", "<script", "onerror", "o:p", "data-src", "<section"):
        assert bad not in body
    assert "段落" in body and 'src="https://example.org/a.jpg"' in body


def test_audit_log_records_creation_and_edits(login, users):
    client = login(users["editor"])
    client.post(ADD, form())
    article = Article.objects.get(title="编辑写的新稿")
    client.post(f"/admin/news/article/{article.pk}/change/", form(body="<p>改过</p>"))
    actions = list(AuditLog.objects.filter(article=article).order_by("id").values_list("action", flat=True))
    assert actions == ["create", "edit"]
    assert ArticleRevision.objects.filter(article=article).count() == 2


def test_a_slide_or_headline_without_a_cover_is_flagged_to_the_editor(login, users, make_article, media_root):
    from dayuan.news.models import Flag
    from dayuan.portal.democovers import ensure_cover

    article = make_article(title="幻灯缺图稿")
    article.flags.set(Flag.objects.filter(slug="huandeng"))
    client = login(users["chief"])
    page = client.get(f"/admin/news/article/{article.pk}/change/").content.decode()
    assert "“幻灯”推荐位，但还没有封面图" in page
    plain = make_article(title="普通稿")
    assert "还没有封面图" not in client.get(f"/admin/news/article/{plain.pk}/change/").content.decode()
    ensure_cover(article)
    assert "还没有封面图" not in client.get(f"/admin/news/article/{article.pk}/change/").content.decode()
