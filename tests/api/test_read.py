"""The public read API over real HTTP: fields, filters, ETag/304, 410, cursor pagination."""

import pytest
from django.utils import timezone

from dayuan.news.models import Article
from tests.factories import make_article, make_many
from tests.livehttp import fresh_cache  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def test_article_detail_has_what_the_page_shows(api):
    """The detail carries title, flag, sanitized body, plain text, region, channel, tags, source, statement, counts."""
    article = make_article(
        "gsyl",
        "yuci",
        title="榆次古城灯会开幕",
        flag="重点关注",
        tags=["灯会", "榆次"],
        body="<p>灯会<b>开幕</b>。</p>",
        author="李明",
        source_name="晋中日报",
        source_url="https://example.com/a",
        statement=Article.Statement.REPRINTED,
    )
    from dayuan.collect.models import ArticleSource

    ArticleSource.objects.create(article=article, name="山西新闻网", url="https://example.org/b")
    data = api.get(f"/articles/{article.pk}").json()
    assert data["also_reported"] == [{"name": "山西新闻网", "url": "https://example.org/b"}]
    assert data["title"] == "榆次古城灯会开幕" and data["flag"] == "重点关注"
    assert data["body_html"] == "<p>灯会<b>开幕</b>。</p>" and data["body_text"] == "灯会开幕。"
    assert data["region"]["slug"] == "yuci" and data["region"]["level"] == "county"
    assert data["channel"]["slug"] == "gsyl" and data["tags"] == ["灯会", "榆次"]
    assert data["url"].endswith(f"/gsyl/yuci/{article.pk}.html")
    assert data["source"] == {"name": "晋中日报", "url": "https://example.com/a"}
    assert data["statement"]["kind"] == "reprinted" and data["counts"]["comments"] == 0


def test_drafts_never_appear_and_withdrawn_answers_410(api):
    """A draft is 404 and absent from the list; a withdrawn article is 410."""
    live = make_article(title="已发布")
    draft = make_article(title="草稿", status=Article.Status.DRAFT)
    gone = make_article(title="撤稿", status=Article.Status.WITHDRAWN)
    ids = [item["id"] for item in api.get("/articles").json()["items"]]
    assert ids == [live.pk]
    assert api.get(f"/articles/{draft.pk}").status_code == 404
    response = api.get(f"/articles/{gone.pk}")
    assert response.status_code == 410 and response.json()["code"] == "gone"
    assert "撤稿" in response.json()["message"]


def test_region_filter_includes_a_citys_counties(api):
    """region=jinzhong lists articles in Yuci (a county of Jinzhong); region=taiyuan does not."""
    yuci = make_article("gsyl", "yuci")
    taiyuan = make_article("gsyl", "taiyuan")
    assert [i["id"] for i in api.get("/articles", params={"region": "jinzhong"}).json()["items"]] == [yuci.pk]
    assert [i["id"] for i in api.get("/articles", params={"region": "taiyuan"}).json()["items"]] == [taiyuan.pk]
    missing = api.get("/articles", params={"region": "nowhere"})
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_tag_flag_and_since_filters(api):
    """tag, flag and since narrow the list."""
    tagged = make_article(tags=["地铁"])
    flagged = make_article(flag="重点关注")
    assert [i["id"] for i in api.get("/articles", params={"tag": "地铁"}).json()["items"]] == [tagged.pk]
    assert [i["id"] for i in api.get("/articles", params={"flag": "zdgz"}).json()["items"]] == [flagged.pk]
    later = timezone.now()
    Article.objects.get(pk=tagged.pk).save()  # an edit moves updated_at
    since = api.get("/articles", params={"since": later.isoformat()}).json()["items"]
    assert [i["id"] for i in since] == [tagged.pk]


def test_etag_and_304_on_list_and_detail(api):
    """The same content answers 304 to If-None-Match; a change gives a new ETag."""
    article = make_article()
    for path in ("/articles", f"/articles/{article.pk}"):
        first = api.get(path)
        etag = first.headers["etag"]
        assert "public" in first.headers["cache-control"]
        again = api.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
    Article.objects.filter(pk=article.pk).update(title="改过的标题")
    changed = api.get(f"/articles/{article.pk}", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag


def test_cursor_walk_sees_every_article_once_while_new_ones_are_published(api):
    """Walking the list in pages of 7 while articles are published returns each original one exactly once."""
    originals = {a.pk for a in make_many(40)}
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 7, **({"cursor": cursor} if cursor else {})}
        data = api.get("/articles", params=params).json()
        seen += [item["id"] for item in data["items"]]
        make_article(title=f"遍历中发布{pages}", age=timezone.timedelta(0))  # lands at the head of the list
        pages += 1
        cursor = data["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 40 and set(seen) == originals


def test_bad_cursor_is_a_json_error(api):
    response = api.get("/articles", params={"cursor": "not-a-cursor"})
    assert response.status_code == 400 and response.json()["code"] == "bad_cursor"
    invalid = api.get("/articles", params={"limit": 0})
    assert invalid.status_code == 422 and invalid.json()["code"] == "invalid" and "limit" in invalid.json()["message"]


def test_channels_regions_tags_services_search_and_comments(api):
    """The trees are nested; search finds by the site's query language; comments come oldest first."""
    from dayuan.engage.models import Comment

    article = make_article("gsyl", "jinzhong", title="晋中推进数字经济发展", tags=["数字经济"])
    regions = api.get("/regions").json()
    province = regions[0]
    assert province["level"] == "province" and len(province["children"]) == 11
    jinzhong = next(c for c in province["children"] if c["slug"] == "jinzhong")
    assert any(county["slug"] == "yuci" for county in jinzhong["children"])
    assert any(c["slug"] == "gsyl" for c in api.get("/channels").json())
    assert [t["name"] for t in api.get("/tags").json()["items"]] == ["数字经济"]
    assert "items" in api.get("/services", params={"region": "jinzhong"}).json()
    found = api.get("/search", params={"q": "数字经济 region:晋中"}).json()
    assert [r["id"] for r in found["results"]] == [article.pk]
    for text in ("第一条", "第二条"):
        Comment.objects.create(article=article, content=text, status=Comment.Status.APPROVED, ip_hash="x")
    Comment.objects.create(article=article, content="待审", status=Comment.Status.PENDING, ip_hash="x")
    items = api.get(f"/articles/{article.pk}/comments").json()["items"]
    assert [c["content"] for c in items] == ["第一条", "第二条"]


def test_changes_feed_lists_withdrawn_and_deleted_ids(api, roles, django_user_model):
    """Withdrawing (through the editorial service) and deleting each leave a row in changes?since=."""
    from dayuan.editorial import services

    reviewer = django_user_model.objects.create_user("r")
    reviewer.groups.add(roles[1])
    start = timezone.now()
    withdrawn, deleted, kept = make_article(), make_article(), make_article()
    services.withdraw(withdrawn, by=reviewer)
    deleted_id = deleted.pk
    deleted.delete()
    items = api.get("/changes", params={"since": start.isoformat()}).json()["items"]
    assert [(i["id"], i["change"]) for i in items] == [(withdrawn.pk, "withdrawn"), (deleted_id, "deleted")]
    assert kept.pk not in [i["id"] for i in items]


@pytest.mark.parametrize(
    "method, path, kwargs",
    [
        ("GET", "/articles", {"params": {"tag": "标签\x00"}}),
        ("GET", "/search", {"params": {"q": "太原\x00"}}),
        ("POST", "/articles", {"content": '{"title": "a\\u0000b"}', "headers": {"content-type": "application/json"}}),
    ],
)
def test_a_nul_character_is_a_plain_400(api, method, path, kwargs):
    """PostgreSQL refuses NUL in any string (Schemathesis found a 500): the API answers 400 first."""
    response = api.request(method, path, **kwargs)
    assert response.status_code == 400
    assert response.json() == {"code": "bad_text", "message": "请求里不能有空字符（U+0000）。"}


@pytest.mark.parametrize(
    "since",
    [
        "0361-10-20T09:59:13-23:20",
        "0443-11-18T11:49:34-17:44",
        "0001-01-01T00:00:00+08:00",
        "9999-12-31T23:59:59-12:00",
    ],
)
@pytest.mark.parametrize("path", ["/articles", "/changes"])
def test_since_at_any_offset_or_calendar_edge_is_answered(api, path, since):
    """PostgreSQL refuses offsets past ±15:59 and Python overflows at year 1/9999 (Schemathesis found the 500s)."""
    make_article()
    response = api.get(path, params={"since": since})
    assert response.status_code == 200 and isinstance(response.json()["items"], list)
