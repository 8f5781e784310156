"""Readers of baked pages without JavaScript can still comment, and a stale form says why."""

import pytest
from django.test import Client

from dayuan.news.models import Article, Channel, Region


@pytest.fixture
def article(base_data):
    from django.utils import timezone

    return Article.objects.create(
        title="无脚本评论测试",
        body="<p>正文内容</p>",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now(),
        channel=Channel.objects.get(slug="gsyl"),
        region=Region.objects.get(slug="jinzhong"),
    )


def test_comment_page_has_a_live_form(client, article):
    """The comment page carries its own form with a CSRF token and a captcha image."""
    page = client.get(f"/comments/{article.pk}/").content.decode()
    assert 'id="comment-form"' in page
    assert (
        'name="csrfmiddlewaretoken" value="' in page and 'value=""' not in page.split("csrfmiddlewaretoken", 1)[1][:20]
    )
    assert "/captcha/image/" in page


def test_article_page_points_readers_without_javascript_to_it(client, article):
    """The article's comment block has a <noscript> link to the comment page."""
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<noscript><p class="noscript-hint">' in page and f"/comments/{article.pk}/#comment-form" in page


def test_missing_csrf_token_gets_a_chinese_page(article):
    """A post without a valid token is refused with a Chinese explanation, nothing saved."""
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        f"/comments/{article.pk}/", {"content": "没有令牌的评论", "captcha_0": "x", "captcha_1": "PASSED"}
    )
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()
    assert not article.comments.exists()
