import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from dayuan.editorial import services
from dayuan.editorial.models import ArticleRevision
from dayuan.news.models import Article

pytestmark = pytest.mark.django_db
S = Article.Status


def edit(article, user, **fields):
    for name, value in fields.items():
        setattr(article, name, value)
    article._revision_user = user
    article.save()
    return article


def test_every_save_keeps_a_revision_and_unchanged_saves_do_not(users, make_article):
    article = make_article()
    edit(article, users["editor"], body="<p>第二稿</p>")
    article.save()
    numbers = list(article.revisions.order_by("number").values_list("number", flat=True))
    assert numbers == [1, 2]
    assert article.revisions.get(number=2).created_by == users["editor"]


def test_diff_view_shows_changes_escaped(login, users, make_article):
    article = make_article(body="<p>原来的段落</p>")
    edit(
        article,
        users["editor"],
        title="新标题<img src=x onerror=alert(1)>",
        body="<p>原来的段落</p><p>新增 &lt;script&gt; 段落</p>",
    )
    client = login(users["editor"])
    page = client.get(f"/admin/news/article/{article.pk}/revisions/compare/", {"a": 1, "b": 2}).content.decode()
    assert "新标题" in page and "测试文章" in page
    assert "&lt;p&gt;新增" in page  # stored HTML shown as text, never rendered
    assert "新标题&lt;img" in page and "<img src=x" not in page
    assert "<script>" not in page.split("</head>", 1)[1].replace("<script src", "")
    listing = client.get(f"/admin/news/article/{article.pk}/revisions/").content.decode()
    assert "第2版" in listing and "恢复此版" in listing
    bad = client.get(f"/admin/news/article/{article.pk}/revisions/compare/", {"a": 1, "b": 99})
    assert bad.status_code == 302


def test_restore_creates_a_new_revision(login, users, make_article):
    article = make_article(body="<p>第一稿</p>")
    edit(article, users["editor"], body="<p>第二稿</p>")
    client = login(users["editor"])
    response = client.post(f"/admin/news/article/{article.pk}/revisions/1/restore/")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "<p>第一稿</p>"
    latest = article.revisions.order_by("-number").first()
    assert latest.number == 3 and latest.note == "恢复自第1版" and latest.created_by == users["editor"]
    assert ArticleRevision.objects.filter(article=article).count() == 3


def test_restoring_a_withdrawn_article_keeps_it_withdrawn(login, users, make_article):
    """Restore brings back content only: a withdrawn article is not put back online, and says so."""
    article = make_article(body="<p>第一稿</p>", status=S.PUBLISHED, published_at=timezone.now())
    edit(article, users["reviewer"], body="<p>有问题的第二稿</p>")
    services.withdraw(article, by=users["reviewer"], comment="内容有误")
    client = login(users["reviewer"])
    response = client.post(f"/admin/news/article/{article.pk}/revisions/1/restore/")
    message = [str(m) for m in get_messages(response.wsgi_request)][-1]
    assert "仍为“已撤稿”状态" in message
    article.refresh_from_db()
    assert article.status == S.WITHDRAWN and article.body == "<p>第一稿</p>"
    assert article.revisions.filter(snapshot__body="<p>有问题的第二稿</p>").exists()  # nothing lost


def test_editor_cannot_restore_a_published_article(login, users, make_article):
    article = make_article(status=S.PUBLISHED, published_at=timezone.now())
    edit(article, users["reviewer"], body="<p>新</p>")
    client = login(users["editor"])
    response = client.post(f"/admin/news/article/{article.pk}/revisions/1/restore/")
    assert "没有修改这篇文章的权限" in [str(m) for m in get_messages(response.wsgi_request)][-1]
    article.refresh_from_db()
    assert article.body == "<p>新</p>"


def test_restore_brings_back_tags_and_placements(users, make_article):
    from dayuan.news.models import Flag

    article = make_article()
    article.set_tags(["太原", "经济"])
    article.flags.set(Flag.objects.filter(slug="toutiao"))
    edit(article, users["editor"], title="改名")
    first_full = article.revisions.order_by("-number").first()
    article.set_tags(["别的"])
    article.flags.clear()
    edit(article, users["editor"], title="再改")
    services.restore(first_full, by=users["reviewer"])
    article.refresh_from_db()
    assert [t.name for t in article.ordered_tags] == ["太原", "经济"]
    assert list(article.flags.values_list("slug", flat=True)) == ["toutiao"]
    assert article.title == "改名"
