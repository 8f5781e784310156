import feedparser
import pytest

from tests.publish.conftest import make_article

pytestmark = pytest.mark.django_db

FEEDS = [
    "/feeds/rss.xml",
    "/feeds/atom.xml",
    "/feeds/channel/gsyl/rss.xml",
    "/feeds/channel/gsyl/atom.xml",
    "/feeds/region/jinzhong/rss.xml",
    "/feeds/region/yuci/atom.xml",
    "/feeds/tag/晋中/rss.xml",
    "/feeds/tag/晋中/atom.xml",
]


@pytest.fixture
def feed_articles(base_data):
    reprint = make_article(
        "榆次文旅消费升温",
        region="yuci",
        tags=["晋中", "旅游"],
        statement="reprinted",
        source_name="山西日报",
        source_url="https://example.com/a/1",
    )
    other = make_article("太原新闻", channel="ms", region="taiyuan", tags=["太原"])
    return reprint, other


def test_every_feed_parses_without_errors(client, feed_articles):
    """Site, channel, region and tag feeds in RSS 2.0 and Atom parse cleanly with feedparser."""
    reprint, other = feed_articles
    for url in FEEDS:
        response = client.get(url)
        assert response.status_code == 200, url
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, (url, parsed.get("bozo_exception"))
        assert parsed.version in ("rss20", "atom10"), url
        links = [entry.link for entry in parsed.entries]
        assert f"http://127.0.0.1:8000{reprint.get_absolute_url()}" in links, url


def test_feeds_are_scoped(client, feed_articles):
    """A channel, region or tag feed carries only that scope's articles."""
    reprint, other = feed_articles
    titles = [e.title for e in feedparser.parse(client.get("/feeds/region/yuci/rss.xml").content).entries]
    assert titles == [reprint.title]
    titles = [e.title for e in feedparser.parse(client.get("/feeds/channel/ms/atom.xml").content).entries]
    assert titles == [other.title]


def test_feed_items_carry_date_author_and_categories(client, feed_articles):
    entry = feedparser.parse(client.get("/feeds/atom.xml").content).entries[-1]
    assert entry.published_parsed and entry.updated_parsed
    assert {tag.term for tag in entry.tags} >= {"各市一览", "晋中", "旅游"}
    assert entry.author == "网络编辑"


def test_unknown_scope_is_404(client, base_data):
    assert client.get("/feeds/channel/nope/rss.xml").status_code == 404
    assert client.get("/feeds/tag/没有/rss.xml").status_code == 404


def test_feed_text_is_escaped_and_stays_valid_xml(client, base_data):
    """Markup characters in a headline are escaped, and characters XML 1.0 cannot carry are
    dropped rather than breaking the whole feed."""
    article = make_article('乡村"振兴"<调研> & 访谈\x0b纪实', tags=["A&B"])
    for url in ("/feeds/rss.xml", "/feeds/atom.xml"):
        parsed = feedparser.parse(client.get(url).content)
        assert not parsed.bozo, (url, parsed.get("bozo_exception"))
        (entry,) = [e for e in parsed.entries if e.link.endswith(article.get_absolute_url())]
        assert entry.title == '乡村"振兴"<调研> & 访谈纪实'
        assert "A&B" in {tag.term for tag in entry.tags}
