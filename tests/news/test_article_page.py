"""Acceptance: the seed page, imported as article 4597, is served as the seed shows it.

The page is fetched from a running server over HTTP and read in document order:
every element P1–P12 of DESIGN.md must be there, one after the other, as on the seed.
"""

import tomllib

import pytest

from tests.htmltree import parse
from tests.livehttp import fresh_cache, http  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

ARTICLE_URL = "/gsyl/jinzhong/4597.html"
HEADLINE = "【重点关注】增强区域经济竞争力 集聚高质量发展新动能"
META_LINE_START = "网络编辑 晋中 "


def seed_body(seed_page):
    """The seed's body as (kind, text) blocks: indented lines are paragraphs, others sub-headings."""
    lines = seed_page.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(META_LINE_START)) + 1
    blocks = []
    for line in lines[start:]:
        if line.strip() == "0":  # the like counter under the body
            break
        if not line.strip():
            continue
        blocks.append(("p" if line.startswith((" ", "\u3000")) else "h", line.strip()))
    return blocks


def text_of(node):
    """The text a reader sees: visually hidden labels for screen readers left out."""
    return "".join(
        child if isinstance(child, str) else ("" if "visually-hidden" in child.classes else text_of(child))
        for child in node.children
    ).strip()


@pytest.fixture
def page(seed_article, http):
    response = http.get(ARTICLE_URL)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    return http, response.text, parse(response.text)


def test_seed_article_page_shows_every_element_in_the_seed_order(page, seed_page, site_toml):
    client, html, tree = page
    site = tomllib.loads(site_toml.read_text(encoding="utf-8"))
    positions = []  # (what, offset in the page), checked to rise at the end

    # P1: the site title.
    title = tree.find("a", class_="site-title")
    assert text_of(title) == site["site"]["title"] == "大院网-山西大院资讯网"
    positions.append(("site title", title.start))

    # P2: the like counter above the headline.
    likes = tree.find_all(class_="like-count")
    assert len(likes) == 2 and [text_of(like) for like in likes] == ["0", "0"]
    positions.append(("like counter (top)", likes[0].start))

    # P3: the flagged headline.
    headline = tree.find("h1")
    assert text_of(headline) == HEADLINE
    assert text_of(headline.find(class_="flag")) == "【重点关注】"
    positions.append(("headline", headline.start))

    # P4: the meta line, field by field; region and tags are links that answer.
    meta = tree.find(class_="article-meta")
    editor = meta.find(class_="editor")
    assert text_of(editor) == "网络编辑"
    positions.append(("editor", editor.start))
    region = meta.find("a", class_="region")
    assert text_of(region) == "晋中" and region.attrs["href"] == "/region/jinzhong/"
    positions.append(("region", region.start))
    published = meta.find("time")
    assert text_of(published) == "2022-10-22 10:00:59"
    assert published.attrs["datetime"] == "2022-10-22T10:00:59+0800"
    positions.append(("time", published.start))
    comments = meta.find(class_="comment-count")
    assert text_of(comments) == "0"
    positions.append(("comment count", comments.start))
    tags = meta.find_all("a", class_="tag")
    assert [text_of(tag) for tag in tags] == ["经济区", "忻州", "代表"]
    positions.extend((f"tag {text_of(tag)}", tag.start) for tag in tags)
    for link in [region, *tags]:
        response = client.get(link.attrs["href"])
        assert response.status_code == 200, link.attrs["href"]
        assert HEADLINE[len("【重点关注】") :] in response.text

    # P5: 16 paragraphs and 3 sub-headings (as heading elements), text intact, in order.
    body = tree.find(class_="article-body")
    blocks = [
        ("h" if node.tag in ("h2", "h3", "h4") else "p", text_of(node))
        for node in body.iter()
        if node.tag in ("p", "h2", "h3", "h4")
    ]
    expected = seed_body(seed_page)
    assert [kind for kind, _ in expected].count("p") == 16
    assert [kind for kind, _ in expected].count("h") == 3
    assert blocks == expected
    positions.append(("body", body.start))

    # P2 again: the like counter under the body.
    positions.append(("like counter (bottom)", likes[1].start))

    # P6: the statement block from site.toml.
    statement = tree.find("section", class_="statement")
    assert text_of(statement.find("h2")) == site["statements"]["heading"]
    positions.append(("statement heading", statement.find("h2").start))
    lines = [text_of(p) for p in statement.find_all("p") if "address" not in p.classes]
    assert lines == site["statements"]["authorized"]

    # P7: the address line, ending in the canonical path.
    address = statement.find("p", class_="address")
    assert text_of(address) == f"{site['statements']['address_label']}http://{site['site']['domain']}{ARTICLE_URL}"
    assert text_of(address).endswith(ARTICLE_URL)
    positions.append(("address", address.start))

    # P8: the comment header with its count, and a captcha image in the form.
    header = tree.find(id="comments-title")
    assert text_of(header) == f"{site['comments']['heading']}(共有 0 条评论)" == "留言与评论(共有 0 条评论)"
    positions.append(("comment header", header.start))
    form = tree.find("form", class_="comment-form")
    assert site["comments"]["captcha_label"] in text_of(form)
    captcha = form.find("img")
    assert captcha is not None and "captcha" in captcha.attrs.get("class", "") + captcha.attrs["src"]
    positions.append(("captcha image", captcha.start))
    image = client.get(captcha.attrs["src"])
    assert image.status_code == 200 and image.headers["content-type"].startswith("image/")

    # P9, P10: the about block.
    about = tree.find("section", class_="about-block")
    assert text_of(about.find("h2")) == site["site"]["about_title"]
    assert text_of(about.find("p")) == site["site"]["about"]
    assert "本地公共服务导航一站式进入本地各大政府服务平台" in text_of(about)
    positions.append(("about", about.start))

    # P11, P12: the footer texts in the seed's order, except that the Chinese disclaimer comes
    # before the English one (issue 16: a Chinese reader's footer reads in Chinese first).
    footer = tree.find("footer")
    paragraphs = footer.find_all("p")
    for key in ("footer_name", "copyright", "disclaimer_zh", "disclaimer_en"):
        node = next((p for p in paragraphs if text_of(p).startswith(site["site"][key])), None)
        assert node is not None, (key, [text_of(p) for p in paragraphs])
        positions.append((key, node.start))
    assert "网络转载" in site["site"]["disclaimer_zh"] and "联系站长处理" in site["site"]["disclaimer_zh"]

    offsets = [offset for _, offset in positions]
    assert offsets == sorted(offsets) and len(set(offsets)) == len(offsets), positions


def test_seed_article_page_is_reached_from_its_lists(page):
    """The article is listed on its channel, its region and its channel × region pages."""
    client, _, _ = page
    for url in ("/gsyl/", "/region/jinzhong/", "/gsyl/jinzhong/", "/tag/经济区/", "/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'href="{ARTICLE_URL}"' in response.text, url


def test_seed_article_under_another_channel_moves_to_its_address(page):
    client, _, _ = page
    response = client.get("/yw/taiyuan/4597.html")
    assert response.status_code == 301
    assert response.headers["location"] == ARTICLE_URL
