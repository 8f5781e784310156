"""Comments over real HTTP: posting, moderation modes, bad input, limits, listing."""

import pytest

from dayuan.engage.limits import hash_ip
from dayuan.engage.models import BannedIP, Comment, SensitiveWord
from dayuan.news.models import Article

from .conftest import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def test_comment_without_js_is_held_for_moderation(reader, article):
    """A plain form POST redirects to #comments and the page says the comment awaits review."""
    response = reader.comment(article, "这篇报道写得很好，支持太忻一体化！", nickname="晋中读者")
    assert response.status_code == 302
    assert response.headers["location"] == article.get_absolute_url() + "#comments"
    page = reader.get(response.headers["location"])
    assert "评论已提交，审核通过后显示。" in page.text
    comment = Comment.objects.get()
    assert (comment.status, comment.nickname) == (Comment.Status.PENDING, "晋中读者")
    assert comment.ip_hash == hash_ip("127.0.0.1") and "127.0.0.1" not in comment.ip_hash
    assert comment.user_agent.startswith("Mozilla/5.0")
    article.refresh_from_db()
    assert article.comment_count == 0
    assert "这篇报道写得很好" not in page.text


def test_auto_approve_counts_and_lists_comment(reader, article, moderation_off):
    """With moderation off a clean comment is published: listed, counted in header and meta line."""
    response = reader.comment(article, "支持！希望早日建成。", json=True)
    assert response.status_code == 201
    body = response.json()
    assert body["ok"] and body["status"] == "approved" and body["comments"] == 1
    page = reader.get(article.get_absolute_url())
    assert page.text.index('class="comment-form"') < page.text.index("支持！希望早日建成。")  # listed under the form
    assert '(共有 <span class="comment-count" data-comment-count>1</span> 条评论)' in page.text
    assert '<span class="comment-count" data-comment-count>1</span></a>' in page.text
    assert "网友" in page.text  # default nickname


def test_wrong_captcha_keeps_typed_text(reader, article):
    """A wrong captcha re-shows the form with the comment and nickname kept and a message."""
    response = reader.comment(article, "我想说的话<很重要>", nickname="老张", captcha="WRONG")
    assert response.status_code == 400
    assert "验证码错误或已过期，请重新输入。" in response.text
    assert "我想说的话&lt;很重要&gt;</textarea>" in response.text
    assert 'value="老张"' in response.text
    response = reader.comment(article, "正常的评论内容", captcha="nope", json=True)
    assert response.status_code == 400
    assert response.json()["errors"]["captcha"] == ["验证码错误或已过期，请重新输入。"]
    assert not Comment.objects.exists()


BAD_CONTENT = [
    ("", "请填写评论内容。"),
    ("   \n\t  ", "请填写评论内容。"),
    ("好", "评论内容至少 2 个字。"),
    ("长" * 1001, "评论内容不能超过 1000 个字"),
    ("评" * 100_000, "评论内容不能超过 1000 个字"),
    ("带控制字符\x07的评论", "控制字符"),
    ("零宽\u200b字符", "控制字符"),
]


def test_bad_content_is_refused_with_a_message(reader, article):
    """Empty, blank, short, long, huge and control-character comments get a Chinese message, nothing saved."""
    for content, message in BAD_CONTENT:
        response = reader.comment(article, content, nickname="读者")
        assert response.status_code == 400, content[:20]
        assert message in response.text, content[:20]
        json_response = reader.comment(article, content, json=True)
        assert json_response.status_code == 400 and message in json_response.json()["message"]
    assert not Comment.objects.exists()


def test_html_is_stored_as_text_and_shown_escaped(reader, article, moderation_off):
    evil = '<script>alert("x")</script><b>粗体</b>'
    assert reader.comment(article, evil).status_code == 302
    assert Comment.objects.get().content == evil
    page = reader.get(article.get_absolute_url()).text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;粗体&lt;/b&gt;" in page
    assert '<script>alert("x")' not in page


def test_refusals_save_nothing(reader, article):
    """No CSRF token: 403; honeypot filled: 400; withdrawn article: 410; unknown article: 404."""
    response = reader.post(
        f"/comments/{article.pk}/", {"content": "没有令牌的评论", "captcha_0": "x", "captcha_1": "PASSED"}, csrf=False
    )
    assert response.status_code == 403
    response = reader.comment(article, "机器人填了隐藏字段", website="http://spam.example")
    assert response.status_code == 400 and "提交失败" in response.text
    response = reader.post("/comments/987654/", {"content": "不存在的文章", "captcha_1": "PASSED"})
    assert response.status_code == 404 and "文章不存在" in response.text
    Article.objects.filter(pk=article.pk).update(status=Article.Status.WITHDRAWN)
    response = reader.comment(article, "撤稿后的评论")
    assert response.status_code == 410 and "已撤稿" in response.text
    assert reader.comment(article, "撤稿后的评论", json=True).json()["message"] == "该文章已撤稿，不能再评论或点赞。"
    assert not Comment.objects.exists()


def test_rate_limit_answers_429(reader, article, settings):
    """Over the per-IP limit a comment gets 429 with a Chinese message, form kept."""
    settings.DAYUAN_COMMENT_RATE = "3/d"
    for n in range(3):
        assert reader.comment(article, f"第{n}条评论内容").status_code == 302
    response = reader.comment(article, "第四条评论内容")
    assert response.status_code == 429
    assert "评论太频繁，请稍后再试。" in response.text
    assert "第四条评论内容</textarea>" in response.text
    assert reader.comment(article, "第五条评论内容", json=True).json()["message"] == "评论太频繁，请稍后再试。"
    assert Comment.objects.count() == 3


def test_per_article_rate_limit(reader, article, settings):
    settings.DAYUAN_COMMENT_ARTICLE_RATE = "2/d"
    assert reader.comment(article, "文章限流一").status_code == 302
    assert reader.comment(article, "文章限流二").status_code == 302
    assert reader.comment(article, "文章限流三").status_code == 429
    other = make_article("另一篇文章")
    assert reader.comment(other, "另一篇文章的评论").status_code == 302


def test_same_content_twice_is_refused(reader, article):
    assert reader.comment(article, "一模一样的评论").status_code == 302
    response = reader.comment(article, "一模一样的评论", json=True)
    assert response.status_code == 409
    assert response.json()["message"] == "请不要重复发表相同的评论。"
    assert Comment.objects.count() == 1


def test_banned_ip_cannot_comment(reader, article):
    BannedIP.objects.create(ip_hash=hash_ip("127.0.0.1"))
    response = reader.comment(article, "被封禁后的评论")
    assert response.status_code == 403 and "禁止发言" in response.text
    assert not Comment.objects.exists()


def test_sensitive_words_block_review_and_mask(reader, article, moderation_off):
    """block refuses, review holds for moderation even with auto-approve, mask replaces with ＊."""
    SensitiveWord.objects.create(word="赌博网站", action="block")
    SensitiveWord.objects.create(word="代开发票", action="review")
    SensitiveWord.objects.create(word="傻瓜", action="mask")
    response = reader.comment(article, "推荐一个 赌 博 網 站 给大家")
    assert response.status_code == 400 and "评论包含不允许发布的内容" in response.text
    assert reader.comment(article, "有人需要代开發票吗").status_code == 302
    held = Comment.objects.get()
    assert held.status == Comment.Status.PENDING and held.flagged_words == "代开发票"
    assert reader.comment(article, "你这个傻-瓜，说得不对", nickname="ＳＢ傻瓜").status_code == 302
    masked = Comment.objects.exclude(pk=held.pk).get()
    assert masked.content == "你这个＊-＊，说得不对" and masked.nickname == "ＳＢ＊＊"
    assert masked.status == Comment.Status.APPROVED


def test_comments_paginate_past_fifty(reader, article):
    """The page lists the first 50 approved comments oldest first; the rest are a link away."""
    Comment.objects.bulk_create(
        [
            Comment(article=article, content=f"评论编号{n:03d}", status=Comment.Status.APPROVED, ip_hash="h")
            for n in range(51)
        ]
    )
    Comment.objects.create(article=article, content="待审评论不显示", ip_hash="h")
    page = reader.get(article.get_absolute_url()).text
    assert page.index("评论编号000") < page.index("评论编号049")
    assert "评论编号050" not in page and "待审评论不显示" not in page
    assert f"/comments/{article.pk}/?page=2" in page
    second = reader.get(f"/comments/{article.pk}/?page=2")
    assert second.status_code == 200 and "评论编号050" in second.text
    assert reader.get(f"/comments/{article.pk}/?page=9").status_code == 404
    assert reader.get(f"/comments/{article.pk}/?page=abc").status_code == 404
