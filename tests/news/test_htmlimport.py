"""`dayuan import` of HTML pages: what `dayuan extract` finds is imported; bad input writes nothing."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dayuan.news.models import Article, ArticleTag, Tag

from ..text.synthetic import page

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "news-pages"
PNG = Path(__file__).resolve().parents[1] / "text" / "extract_pages" / "not_a_page.png"
ARTICLE = page(
    title="太原市重点项目建设进展顺利_东区新闻网",
    headline="太原市重点项目建设进展顺利",
    meta="发布时间：2022-10-22 10:00 作者：王晓明",
)


def run_import(*args):
    out = StringIO()
    call_command("import", *map(str, args), stdout=out, verbosity=0)
    return out.getvalue().strip()


def extracted(path):
    out = StringIO()
    call_command("extract", str(path), "--json", stdout=out)
    return json.loads(out.getvalue())


def counts():
    return Article.objects.count(), Tag.objects.count(), ArticleTag.objects.count()


def corpus_pages():
    if not (CORPUS / "labels.json").exists():
        return []
    return [label["path"] for label in json.loads((CORPUS / "labels.json").read_text("utf-8"))]


def test_html_article_imports_what_the_extractor_finds(base_data, tmp_path):
    """Title, time, author, body, tags and the region named in the text, from an HTML file."""
    path = tmp_path / "article.html"
    path.write_text(ARTICLE, encoding="utf-8")
    url = run_import(path, "--channel", "gsyl", "--publish")
    article = Article.objects.get()
    assert url == article.get_absolute_url()
    assert article.title == "太原市重点项目建设进展顺利"
    assert article.published_at.isoformat() == "2022-10-22T02:00:00+00:00"
    assert article.author == "王晓明"
    assert article.region.short_name == "太原"
    assert article.status == Article.Status.PUBLISHED
    assert article.body == extracted(path)["html"]
    assert [tag.name for tag in article.ordered_tags] == extracted(path)["tags"]


def test_html_recognised_by_content_not_by_name(base_data, tmp_path):
    path = tmp_path / "page.txt"
    path.write_bytes(ARTICLE.encode("gb18030").replace(b'charset="utf-8"', b'charset="gbk"'))
    run_import(path, "--channel", "gsyl", "--region", "taiyuan")
    assert Article.objects.get().title == "太原市重点项目建设进展顺利"


@pytest.mark.parametrize("name", corpus_pages() or ["(corpus absent)"])
def test_corpus_page_imports_as_extract_reads_it(base_data, name):
    """Each news-pages page: the imported title and body are `dayuan extract`'s."""
    if name == "(corpus absent)":
        pytest.skip(f"news-pages corpus not found at {CORPUS}")
    path = CORPUS / name
    run_import(path, "--channel", "gsyl", "--region", "taiyuan")
    article = Article.objects.get()
    result = extracted(path)
    assert article.title == result["title"]
    assert article.body == result["html"]


LIST_PAGE = page(
    title="本地新闻_东区新闻网",
    paragraphs=[],
    tail="".join(
        f'<p><a href="/news/{i}.html">东区第{i}条新闻标题在这里</a> 2022-10-{i + 1:02d}</p>' for i in range(20)
    ),
)
HOME_PAGE = page(
    title="东区新闻网",
    paragraphs=[],
    tail="".join(
        f'<div><h3><a href="/news/{i}.html">东区要闻第{i}条</a></h3><a href="/news/{i}.html">详细</a></div>'
        for i in range(12)
    ),
)


@pytest.mark.parametrize(
    "name, content", [("list.html", LIST_PAGE), ("home.html", HOME_PAGE), ("empty.html", ""), ("image.html", None)]
)
def test_bad_input_gives_one_line_and_writes_nothing(base_data, tmp_path, name, content):
    """A list page, a home page, an empty file, a binary file: a one-line error, no rows."""
    path = tmp_path / name
    path.write_bytes(PNG.read_bytes() if content is None else content.encode("utf-8"))
    before = counts()
    with pytest.raises(CommandError) as error:
        run_import(path, "--channel", "gsyl", "--region", "taiyuan")
    message = str(error.value)
    assert "\n" not in message and message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)
    assert counts() == before


def test_binary_file_exits_non_zero_with_one_line(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DAYUAN_HOME": str(tmp_path), "DJANGO_SETTINGS_MODULE": "dayuan.settings"}
    image = tmp_path / "photo.html"
    image.write_bytes(PNG.read_bytes())
    subprocess.run(
        [sys.executable, "-m", "dayuan", "init", "-v", "0"], env=env, check=True, capture_output=True, timeout=300
    )
    result = subprocess.run(
        [sys.executable, "-m", "dayuan", "import", str(image), "--channel", "gsyl"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [f"错误：不是网页或文本文件（是二进制文件）：{image}"]
