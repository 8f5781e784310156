"""Complaints and the admin queues over HTTP: moderation, bans, word import, withdraw and restore, badges."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from dayuan.engage.models import BannedIP, Comment, Complaint, SensitiveWord
from dayuan.news.models import Article

from .conftest import make_article

pytestmark = pytest.mark.django_db(transaction=True)

COMMENTS = "/admin/engage/comment/"
COMPLAINTS = "/admin/engage/complaint/"


def complaint_data(**fields):
    return {
        "reason": "infringement",
        "contact": "13800000000",
        "details": "本文转载自我的博客，未经授权，请删除。",
        "captcha_0": "x" * 40,
        "captcha_1": "PASSED",
        "website": "",
        **fields,
    }


def test_complaint_about_an_article(reader, article):
    form = reader.get(f"/complaints/{article.pk}/")
    assert form.status_code == 200 and "联系站长处理" in form.text and "侵权" in form.text
    response = reader.post(f"/complaints/{article.pk}/", complaint_data(), page=f"/complaints/{article.pk}/")
    assert response.status_code == 201 and "投诉已提交" in response.text
    complaint = Complaint.objects.get()
    assert (complaint.article, complaint.reason, complaint.status) == (article, "infringement", "pending")


def test_site_wide_complaint_and_bad_input(reader, base_data):
    """The site-wide form keeps what was typed on a wrong captcha and explains each error."""
    assert "联系站长处理" in reader.get("/").text
    response = reader.post("/complaints/", complaint_data(reason="other", captcha_1="wrong"))
    assert response.status_code == 400
    assert "验证码错误或已过期" in response.text and "本文转载自我的博客" in response.text
    response = reader.post("/complaints/", complaint_data(reason="bogus", contact="", details="短"))
    assert response.status_code == 400 and "请选择有效的投诉原因。" in response.text
    assert "请留下联系方式。" in response.text and "详细说明至少 5 个字。" in response.text
    assert reader.post("/complaints/", complaint_data(details="带控制\x00字符的说明内容")).status_code == 400
    assert reader.post("/complaints/", complaint_data(), csrf=False).status_code == 403
    assert reader.get("/complaints/4242/").status_code == 404
    assert not Complaint.objects.exists()
    assert reader.post("/complaints/", complaint_data(reason="untrue")).status_code == 201
    assert Complaint.objects.get().article is None


def test_complaint_rate_limit_and_word_filter(reader, article, settings):
    settings.DAYUAN_COMPLAINT_RATE = "1/d"
    SensitiveWord.objects.create(word="傻瓜", action="mask")
    assert reader.post("/complaints/", complaint_data(details="站长是傻瓜，快删文章")).status_code == 201
    assert Complaint.objects.get().details == "站长是＊＊，快删文章"
    response = reader.post("/complaints/", complaint_data())
    assert response.status_code == 429 and "提交太频繁" in response.text
    settings.DAYUAN_COMPLAINT_RATE = "0"
    settings.DAYUAN_COMPLAINT_ARTICLE_RATE = "1/d"
    path = f"/complaints/{article.pk}/"
    assert reader.post(path, complaint_data(details="第一条关于本文的投诉")).status_code == 201
    response = reader.post(path, complaint_data(details="第二条关于本文的投诉"))
    assert response.status_code == 429 and "第二条关于本文的投诉" in response.text


def test_moderation_queue_bulk_actions_keep_counts(admin_reader, article):
    """Approve, reject and spam in bulk; the approved count follows; nothing is deleted."""
    comments = [Comment.objects.create(article=article, content=f"待审评论{n}", ip_hash=f"ip{n}") for n in range(3)]
    queue = admin_reader.get(COMMENTS + "?status__exact=pending")
    assert queue.status_code == 200 and "待审评论2" in queue.text
    assert admin_reader.admin_action(COMMENTS, "approve", [c.pk for c in comments]).status_code == 302
    article.refresh_from_db()
    assert article.comment_count == 3
    page = admin_reader.get(article.get_absolute_url()).text
    assert "待审评论0" in page and '<span class="comment-count" data-comment-count>3</span></a>' in page
    admin_reader.admin_action(COMMENTS, "reject", [comments[0].pk])
    admin_reader.admin_action(COMMENTS, "mark_spam", [comments[1].pk])
    article.refresh_from_db()
    assert article.comment_count == 1
    assert Comment.objects.count() == 3
    assert dict(Comment.objects.values_list("pk", "status")) == {
        comments[0].pk: "rejected",
        comments[1].pk: "spam",
        comments[2].pk: "approved",
    }
    assert "delete_selected" not in admin_reader.get(COMMENTS).text
    assert admin_reader.admin_action(COMMENTS, "ban_ip", [comments[2].pk]).status_code == 302
    assert BannedIP.objects.filter(ip_hash="ip2").exists()
    article.refresh_from_db()
    assert article.comment_count == 0


def test_admin_index_shows_pending_badges(admin_reader, article):
    Comment.objects.create(article=article, content="一条待审评论", ip_hash="h")
    Comment.objects.create(article=article, content="两条待审评论", ip_hash="h")
    Complaint.objects.create(article=article, reason="other", contact="x", details="请处理", ip_hash="h")
    index = admin_reader.get("/admin/").text
    assert re.search(r"待审评论</a></th>\s*<td><span class=\"engage-badge\" data-pending-comments[^>]*>2<", index)
    assert re.search(r"data-pending-complaints[^>]*>1<", index)


def test_withdraw_and_restore_from_the_complaint_queue(admin_reader, reader, article):
    complaint = Complaint.objects.create(
        article=article, reason="infringement", contact="x", details="侵权", ip_hash="h"
    )
    assert admin_reader.admin_action(COMPLAINTS, "withdraw_articles", [complaint.pk]).status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN
    page = reader.get(article.get_absolute_url())
    assert page.status_code == 410 and "文章已撤稿" in page.text
    complaint.refresh_from_db()
    assert complaint.status == "withdrawn" and complaint.handled_by.username == "admin"
    admin_reader.admin_action(COMPLAINTS, "restore_articles", [complaint.pk])
    assert reader.get(article.get_absolute_url()).status_code == 200


def test_withdrawn_by_an_editor_and_restored_from_the_complaint_queue_is_in_search_at_once(
    admin_reader, reader, base_data, admin_user
):
    """Both paths change the article through editorial.services, so the index follows each at once
    (the complaint queue used to UPDATE the row behind the index's back)."""
    from dayuan.editorial import services as workflow

    article = make_article(title="平遥古城灯会今晚开幕")
    assert f"/{article.pk}.html" in reader.get("/search/", params={"q": "灯会"}).text
    workflow.withdraw(article, by=admin_user, comment="核实中")
    assert f"/{article.pk}.html" not in reader.get("/search/", params={"q": "灯会"}).text
    complaint = Complaint.objects.create(
        article=article, reason="untrue", contact="x", details="撤稿有误，请恢复", ip_hash="h"
    )
    assert admin_reader.admin_action(COMPLAINTS, "restore_articles", [complaint.pk]).status_code == 302
    assert Article.objects.get(pk=article.pk).status == Article.Status.PUBLISHED
    assert f"/{article.pk}.html" in reader.get("/search/", params={"q": "灯会"}).text


def test_the_complaint_queue_says_why_an_article_was_not_restored(admin_reader, base_data):
    draft = make_article(title="尚未发布的稿件", status=Article.Status.DRAFT)
    complaint = Complaint.objects.create(article=draft, reason="other", contact="x", details="请恢复", ip_hash="h")
    response = admin_reader.admin_action(COMPLAINTS, "restore_articles", [complaint.pk])
    page = admin_reader.get(response.headers["location"])
    assert "不能恢复上线" in page.text and "已恢复 0 篇文章" in page.text
    assert Article.objects.get(pk=draft.pk).status == Article.Status.DRAFT


def test_sensitive_words_import_in_admin(admin_reader, base_data):
    changelist = admin_reader.get("/admin/engage/sensitiveword/")
    assert "导入词表" in changelist.text
    text = "# 词表\n赌博网站,block\n代开发票\t审核\n傻瓜,mask\n坏词,unknown\n\n".encode()
    response = admin_reader.post(
        "/admin/engage/sensitiveword/import/",
        {"action": "review"},
        files={"file": ("words.txt", text, "text/plain")},
        page="/admin/engage/sensitiveword/import/",
    )
    assert response.status_code == 302
    assert dict(SensitiveWord.objects.values_list("word", "action")) == {
        "赌博网站": "block",
        "代开发票": "review",
        "傻瓜": "mask",
    }
    notice = admin_reader.get("/admin/engage/sensitiveword/").text
    assert "新增 3 个" in notice and "无法识别的处理方式" in notice


def test_words_command_imports_and_checks(tmp_path, base_data):
    path = tmp_path / "words.txt"
    path.write_text("赌博网站,block\n傻瓜 mask\n", encoding="utf-8")
    out = StringIO()
    call_command("words", "import", str(path), stdout=out)
    assert "新增 2 个" in out.getvalue()
    out = StringIO()
    call_command("words", "check", "你是傻 瓜", stdout=out)
    assert "你是＊ ＊" in out.getvalue() and "mask" in out.getvalue()
    out = StringIO()
    call_command("words", "export", stdout=out)
    assert "赌博网站,block" in out.getvalue()
    with pytest.raises(Exception, match="无法读取文件"):
        call_command("words", "import", str(tmp_path / "missing.txt"))


def test_unknown_article_pages(reader, base_data):
    assert reader.get("/comments/4242/").status_code == 404
    withdrawn = make_article("撤稿文章", status=Article.Status.WITHDRAWN)
    assert reader.get(f"/comments/{withdrawn.pk}/").status_code == 404


def test_queue_filters_and_status_edit_in_the_change_form(admin_reader, article):
    """The flagged filter narrows the queue; changing one comment's status by hand keeps the count right."""
    flagged = Comment.objects.create(
        article=article, content="有人需要代开发票吗", ip_hash="h", flagged_words="代开发票"
    )
    Comment.objects.create(article=article, content="普通的待审评论", ip_hash="h")
    queue = admin_reader.get(COMMENTS + "?flagged=yes").text
    assert "有人需要代开发票吗" in queue and "普通的待审评论" not in queue
    url = f"{COMMENTS}{flagged.pk}/change/"
    form = admin_reader.get(url)
    assert form.status_code == 200
    response = admin_reader.post(
        url, {"nickname": flagged.nickname, "content": flagged.content, "status": "approved", "_save": "保存"}, page=url
    )
    assert response.status_code == 302, response.text[:300]
    article.refresh_from_db()
    assert article.comment_count == 1
    flagged.refresh_from_db()
    assert flagged.moderated_by.username == "admin"
    # Editing an approved comment's text re-bakes its article's page (news.signals.article_page_changed).
    from dayuan.tasks.models import Task

    Task.objects.filter(name="publish.rebake_paths").delete()
    response = admin_reader.post(
        url,
        {"nickname": flagged.nickname, "content": "有人需要发票吗（已编辑）", "status": "approved", "_save": "保存"},
        page=url,
    )
    assert response.status_code == 302
    assert Task.objects.filter(name="publish.rebake_paths", args=[[article.get_absolute_url()]]).exists()
