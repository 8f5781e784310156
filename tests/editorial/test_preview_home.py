import pytest
from django.utils import timezone

from dayuan.editorial.preview import make_token, preview_url
from dayuan.news.models import Article, Flag

pytestmark = pytest.mark.django_db


def test_preview_shows_an_unpublished_article_at_a_secret_url(client, make_article):
    article = make_article(title="尚未发布的稿子")
    assert client.get(article.get_absolute_url()).status_code == 404
    response = client.get(preview_url(article))
    assert response.status_code == 200 and "尚未发布的稿子" in response.content.decode()
    assert "noindex" in response["X-Robots-Tag"] and "no-cache" in response["Cache-Control"]
    token = make_token(article)
    assert client.get(f"/preview/{token[:-2]}xx/").status_code == 404
    assert client.get("/preview/abc/").status_code == 404


def test_preview_link_expires(client, make_article, settings):
    article = make_article()
    url = preview_url(article)
    settings.EDITORIAL_PREVIEW_MAX_AGE = -1
    assert client.get(url).status_code == 404


def test_change_page_links_preview_and_revisions(login, users, make_article):
    article = make_article()
    page = login(users["editor"]).get(f"/admin/news/article/{article.pk}/change/").content.decode()
    assert "/preview/" in page and "版本历史" in page and "提交审核" in page
    assert "审核发布" not in page  # an editor gets no publish button (and the service refuses anyway)
    assert "tinymce/tinymce.min.js" in page and "editorial/editor.js" in page


def test_home_blocks_follow_the_flags(client, make_article):
    now = timezone.now()
    head = make_article(title="今日头条稿", status="published", published_at=now)
    head.flags.set(Flag.objects.filter(slug="toutiao"))
    pick = make_article(title="编辑推荐稿", status="published", published_at=now)
    pick.flags.set(Flag.objects.filter(slug="tuijian"))
    slide = make_article(title="幻灯图片稿", status="published", published_at=now)
    slide.flags.set(Flag.objects.filter(slug="huandeng"))
    plain = make_article(title="普通稿", status="published", published_at=now)
    page = client.get("/").content.decode()
    headlines = page.split('class="headlines"', 1)[1].split("</section>", 1)[0]
    recommended = page.split('id="recommended-title"', 1)[1].split("</section>", 1)[0]
    slides = page.split('class="slider"', 1)[1].split("</section>", 1)[0]
    assert "今日头条稿" in headlines and "普通稿" not in headlines
    assert "编辑推荐稿" in recommended and "今日头条稿" not in recommended
    assert "幻灯图片稿" in slides
    assert plain.title in page


def test_paste_plain_text_creates_a_draft(login, users, base_data):
    from dayuan.news.models import Channel, Region

    text = (
        "大院网\n太原举办秋季招聘会 提供岗位三千个\n网络编辑 太原 2026-10-22 10:00:59 0 招聘 太原\n"
        "本报讯 十月二十二日，太原市举办秋季招聘会，提供岗位三千余个。\n"
        "招聘会吸引了大批求职者到场，现场气氛热烈，用人单位积极参与。\n版权声明\n本文为本站原创。\n"
    )
    client = login(users["editor"])
    response = client.post(
        "/admin/news/article/paste-text/",
        {"text": text, "channel": Channel.objects.get(slug="gsyl").pk, "region": Region.objects.get(slug="taiyuan").pk},
    )
    assert response.status_code == 302
    article = Article.objects.get(title__startswith="太原举办秋季招聘会")
    assert article.status == "draft" and "提供岗位三千余个" in article.body
    page = client.post(
        "/admin/news/article/paste-text/",
        {
            "text": "随便几个字",
            "channel": Channel.objects.get(slug="gsyl").pk,
            "region": Region.objects.get(slug="taiyuan").pk,
        },
    ).content.decode()
    assert "没有识别出" in page and "随便几个字" in page


def test_preview_of_a_withdrawn_or_deleted_article_is_404(client, make_article):
    article = make_article(status=Article.Status.WITHDRAWN)
    assert client.get(preview_url(article)).status_code == 404
    other = make_article()
    url = preview_url(other)
    assert client.get(url).status_code == 200
    other.delete()
    assert client.get(url).status_code == 404


def test_change_page_revokes_preview_links(login, users, make_article, client):
    article = make_article()
    old_url = preview_url(article)
    editor = login(users["editor"])
    response = editor.post(f"/admin/news/article/{article.pk}/preview/revoke/")
    assert response.status_code == 302
    assert "预览链接已作废" in editor.get(response["Location"]).content.decode()
    client.logout()
    assert client.get(old_url).status_code == 404
    new_url = preview_url(article)
    assert new_url != old_url and client.get(new_url).status_code == 200
