import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dayuan.news.importing import ImportFailed, import_text_page
from dayuan.news.models import Article, Flag, Tag

from ..text.seedbody import expected_seed_blocks

PAGES = Path(__file__).resolve().parents[1] / "text" / "pages"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def small_page(meta="网络编辑 太原 2023-05-20 09:00:00 0 科技", title="【新标记】全省科技活动周开幕", tail=""):
    return f"某某新闻网\n\n{title}\n\n{meta}\n\n  活动持续一周，集中展示科技成果200余项。\n\n{tail}\n"


def run_import(*args):
    call_command("import", *map(str, args), verbosity=0)


# --- the seed ----------------------------------------------------------------------


def test_seed_article_fields(seed_article):
    """Article 4597 carries the seed's headline, flag, editor, region, time, tags and statement."""
    article = seed_article
    assert article.title == "增强区域经济竞争力 集聚高质量发展新动能"
    assert (article.flag.name, article.flag.show_in_title, article.title_prefix) == ("重点关注", True, "重点关注")
    assert article.editor == "网络编辑"
    assert (article.region.short_name, article.region.slug) == ("晋中", "jinzhong")
    assert article.channel.slug == "gsyl"
    assert article.published_at == datetime(2022, 10, 22, 10, 0, 59, tzinfo=SHANGHAI)
    assert [tag.name for tag in article.ordered_tags] == ["经济区", "忻州", "代表"]
    assert article.statement == Article.Statement.AUTHORIZED
    assert article.status == Article.Status.PUBLISHED and article.is_public
    assert article.get_absolute_url() == "/gsyl/jinzhong/4597.html"


def test_seed_body_html(seed_article, seed_page):
    """The body is 16 <p> and 3 <h2> holding the seed's text exactly, in order."""
    from html.parser import HTMLParser

    class Blocks(HTMLParser):
        def __init__(self):
            super().__init__()
            self.blocks, self.tag = [], None

        def handle_starttag(self, tag, attrs):
            self.tag = tag
            self.blocks.append([tag, ""])

        def handle_data(self, data):
            if self.tag:
                self.blocks[-1][1] += data

        def handle_endtag(self, tag):
            self.tag = None

    parser = Blocks()
    parser.feed(seed_article.body)
    blocks = [tuple(block) for block in parser.blocks]
    assert blocks == expected_seed_blocks(seed_page)
    assert [kind for kind, _ in blocks].count("p") == 16
    assert [kind for kind, _ in blocks].count("h2") == 3


def test_seed_page_is_served(seed_article, client):
    """The imported article answers at its URL."""
    response = client.get("/gsyl/jinzhong/4597.html")
    assert response.status_code == 200
    html = response.content.decode()
    assert "增强区域经济竞争力 集聚高质量发展新动能" in html
    positions = [
        html.index(f'rel="tag" href="{Tag.objects.get(name=name).get_absolute_url()}"')
        for name in ("经济区", "忻州", "代表")
    ]
    assert positions == sorted(positions)  # the meta line keeps the page's tag order


def test_importing_twice_updates(seed_article, seed_page):
    """The same page imported again, with or without --id, updates article 4597."""
    count = Article.objects.count()
    run_import(seed_page, "--id", "4597", "--channel", "gsyl", "--region", "jinzhong", "--publish")
    run_import(seed_page)  # channel from the page's address line, region from its meta line
    assert Article.objects.count() == count
    assert Article.objects.filter(title=seed_article.title).count() == 1
    article = Article.objects.get(pk=4597)
    assert [tag.name for tag in article.ordered_tags] == ["经济区", "忻州", "代表"]
    assert article.status == Article.Status.PUBLISHED  # kept without --publish
    assert Tag.objects.filter(name="忻州").count() == 1


def test_same_page_under_another_id_is_refused(seed_article, seed_page):
    """A page already imported can't be imported again under a second id."""
    with pytest.raises(CommandError, match="已导入为文章 4597"):
        run_import(seed_page, "--id", "4600", "--channel", "gsyl")
    assert not Article.objects.filter(pk=4600).exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--id", "abc"], "--id 必须是正整数：abc"),
        (["--id", "0"], "--id 必须是正整数：0"),
        (["--id", "-3"], "--id 必须是正整数：-3"),
        (["--region", "xyz"], "未知地区：xyz"),
        (["--channel", "nosuch"], "未知栏目：nosuch"),
    ],
)
def test_bad_arguments_write_nothing(base_data, seed_page, args, message):
    """A bad option fails with one line naming the problem, and nothing is written."""
    before = (Article.objects.count(), Tag.objects.count(), Flag.objects.count())
    with pytest.raises(CommandError) as error:
        run_import(seed_page, "--channel", "gsyl", *args)
    assert str(error.value) == message
    assert (Article.objects.count(), Tag.objects.count(), Flag.objects.count()) == before


def test_missing_file(base_data, tmp_path):
    """A missing file is named in the error."""
    missing = tmp_path / "nope.txt"
    with pytest.raises(CommandError, match=f"^文件不存在：{missing}$"):
        run_import(missing, "--channel", "gsyl")
    assert Article.objects.count() == 0


def test_command_line_exit_status(tmp_path):
    """`dayuan import --id abc` prints one Chinese line to stderr and exits non-zero (here the
    data folder has no database yet, which is said first; tests/cli covers the messages)."""
    env = {"PATH": "/usr/bin:/bin", "DAYUAN_HOME": str(tmp_path), "DJANGO_SETTINGS_MODULE": "dayuan.settings"}
    result = subprocess.run(
        [sys.executable, "-m", "dayuan", "import", str(tmp_path / "page.txt"), "--id", "abc"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("错误：") and "dayuan init" in line
    assert result.stdout == ""


# --- pages shaped differently ----------------------------------------------------


def test_county_page_imports_as_draft(base_data):
    """A county's page files under the county, which rolls up to its city; no --publish: draft."""
    result = import_text_page(PAGES / "county_news.txt", channel_slug="gsyl")
    article = result.article
    assert result.created
    assert (article.region.name, article.region.city.slug) == ("平遥县", "jinzhong")
    assert article.status == Article.Status.DRAFT
    assert article.published_at == datetime(2023, 5, 4, 8, 30, tzinfo=SHANGHAI)
    assert (article.author, article.editor) == ("王芳", "赵六")
    assert (article.statement, article.source_name) == (Article.Statement.REPRINTED, "平遥县融媒体中心")
    assert article.body.count("<p>") == 4 and article.body.count("<h2>") == 1
    assert article.flag is None and article.tags.count() == 0
    assert result.url == f"/gsyl/pingyao/{article.pk}.html"


def test_new_flag_is_created(base_data):
    """A flag the site doesn't have yet is created, shown in titles, with a pinyin-initials slug."""
    article = import_text_page(PAGES / "split_meta.txt", publish=True).article
    assert (article.flag.name, article.flag.slug, article.flag.show_in_title) == ("今日聚焦", "jrjj", True)
    assert article.channel.slug == "gsyl"  # from the page's address line
    assert article.region.slug == "zhangzi"
    assert [tag.name for tag in article.ordered_tags] == ["秋粮", "收购", "长子县"]


def test_explicit_id_then_automatic_ids(seed_article):
    """After an import with --id, articles imported without one still get fresh ids."""
    article = import_text_page(PAGES / "no_flag_no_tags.txt", channel_slug="ms").article
    assert article.pk > 4597
    assert article.region.slug == "taiyuan"


def test_gb18030_file(base_data, tmp_path):
    """A page saved in GB18030 (common on Chinese Windows) reads the same."""
    path = tmp_path / "page.txt"
    path.write_bytes(small_page().encode("gb18030"))
    article = import_text_page(path, channel_slug="yw").article
    assert article.title == "全省科技活动周开幕"


def test_page_region_not_in_gazetteer(base_data):
    """A place the gazetteer doesn't know needs --region; with it the import goes ahead."""
    page = small_page(meta="网络编辑 北京 2023-05-20 09:00:00 0 科技")
    with pytest.raises(ImportFailed, match="页面上的地区“北京”不在地区表中，请用 --region 指定地区"):
        import_text_page(page, channel_slug="yw")
    assert Article.objects.count() == 0
    assert import_text_page(page, channel_slug="yw", region_slug="taiyuan").article.region.slug == "taiyuan"


def test_page_without_region(base_data):
    page = small_page(meta="2023-05-20 09:00:00")
    with pytest.raises(ImportFailed, match="页面上没有找到地区"):
        import_text_page(page, channel_slug="yw")


@pytest.mark.parametrize(
    "text, message",
    [
        ("网络编辑 太原 2023-05-20 09:00:00\n\n  活动持续一周，集中展示科技成果200余项。\n", "没有找到标题"),
        (small_page().split("  活动")[0] + "\n版权声明\n", "没有找到正文"),
        ("某某网\n\n标题一则\n\n  正文一段，没有日期。\n", "没有找到发布时间"),
    ],
    ids=["no-headline", "no-body", "no-date"],
)
def test_page_without_headline_body_or_date(base_data, text, message):
    """A page missing its headline, body or date is refused and nothing is written."""
    with pytest.raises(ImportFailed, match=message):
        import_text_page(text, channel_slug="yw", region_slug="taiyuan")
    assert Article.objects.count() == 0


def test_failure_inside_transaction_rolls_back(base_data):
    """A field that fails validation after the flag was created leaves no flag behind."""
    page = small_page(tail="原文链接：http://not-a-domain\n")
    with pytest.raises(ImportFailed, match="原文链接"):
        import_text_page(page, channel_slug="yw")
    assert not Flag.objects.filter(name="新标记").exists()
    assert Article.objects.count() == 0


def test_publish_on_reimport(base_data):
    """A draft becomes published when imported again with --publish."""
    first = import_text_page(small_page(), channel_slug="yw").article
    assert first.status == Article.Status.DRAFT
    again = import_text_page(small_page(), channel_slug="yw", publish=True)
    assert (again.article.pk, again.created, again.article.status) == (first.pk, False, Article.Status.PUBLISHED)
