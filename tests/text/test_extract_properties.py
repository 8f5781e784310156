"""Properties of extraction that hold for every page, checked on generated pages (hypothesis)."""

from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dayuan.text import dates
from dayuan.text.extract import ExtractError, extract_any

from .synthetic import page

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SENTENCES = [
    "记者从市发展和改革委员会获悉，今年以来全市重点项目建设进展顺利。",
    "据介绍，全市共安排重点项目一百二十个，总投资超过八百亿元，涵盖多个领域。",
    "连接南北的快速通道已经完成主体工程，预计年底前通车，大大缩短通行时间。",
    "新建学校、医院和养老机构等项目陆续投入使用，群众的获得感不断提升。",
    "有关负责人表示，下一步将继续优化营商环境，推动项目早开工、早投产、早见效。",
    "活动现场，来自各地的代表围绕乡村振兴、生态保护等议题进行了深入交流。",
    "今年一季度，全市地区生产总值同比增长百分之六点二，经济运行稳中向好。",
]
CHROME = [
    "首页",
    "新闻中心",
    "网友评论",
    "加载更多",
    "热帖",
    "热词",
    "炫图 视频",
    "相关推荐",
    "分享到",
    "版权所有 东区新闻网",
    "关注东区新闻网",
    "图集",
    "上一篇",
    "下一篇",
    "返回顶部",
    "打印 关闭",
]
TITLE_WORDS = st.text(
    alphabet="东西南北城乡村镇区县市省项目建设发展会议召开举办开幕启动推进完成新", min_size=6, max_size=16
)
FRAGMENTS = st.one_of(
    st.sampled_from(
        [
            "<p>",
            "</p>",
            "<div>",
            "</div>",
            "<table><tr><td>",
            "</td></tr></table>",
            "<br>",
            '<script>var ct = "1580000000";</script>',
            "<h1>",
            "</h1>",
            "<!--",
            "-->",
            "<a href=/>",
            "</a>",
            "<title>",
            "</title>",
            "<meta name=pubdate content=2020-02-02>",
            "&nbsp;",
            "\x00",
            "<?xml version='1.0'?>",
            "<svg><path d='M0'/></svg>",
            "<ul><li>",
            "</li></ul>",
        ]
    ),
    st.sampled_from(SENTENCES + CHROME),
    st.text(max_size=30),
)


@FAST
@given(st.lists(FRAGMENTS, max_size=40), st.booleans())
def test_any_page_gives_an_article_or_an_extract_error(fragments, as_bytes):
    """Arbitrary and near-valid HTML never makes the extractor raise anything else."""
    html = "".join(fragments)
    data = html.encode("utf-8", "surrogatepass") if as_bytes else html
    try:
        article = extract_any(data)
    except ExtractError:
        return
    assert isinstance(article.text, str) and isinstance(article.title, str)


@FAST
@given(st.lists(st.sampled_from(CHROME), min_size=3, max_size=15))
def test_a_page_of_chrome_alone_gives_no_chrome_as_body(lines):
    """A page made only of navigation, widgets and footers yields no article text made of them."""
    html = page(
        title="东区新闻网",
        paragraphs=[],
        tail="".join(f"<p>{line}</p>" for line in lines),
        footer="版权所有 东区新闻网",
    )
    try:
        article = extract_any(html)
    except ExtractError:
        return
    assert not set(article.text.splitlines()) & set(CHROME)


def trailing_block(kind, titles, day):
    stamp = day.strftime("%Y-%m-%d %H:%M")
    if kind == "dated":
        return [f"{title} {stamp}" for title in titles]
    if kind == "widgets":
        return ["新闻评论", "加载更多", "热帖", "热词", "炫图 视频", *titles]
    if kind == "recommended":
        return ["相关推荐", *titles]
    if kind == "thread":
        # a forum's thread list run into one line: 标题【作者】08-23 10:08 35字 [142/0] …
        entries = [
            f"{title}【网友{i}】{(day + timedelta(hours=i)).strftime('%m-%d %H:%M')} {i * 7}字 [{i}/0]"
            for i, title in enumerate(titles * 3)
        ]
        return [" ".join(entries)]
    if kind == "bracketed":
        # a blog's list of other posts, each led by its date in brackets
        return [f"[{(day - timedelta(days=i)).strftime('%Y-%m-%d')}] {title}？" for i, title in enumerate(titles)]
    if kind == "disclaimer":
        return [f"{titles[0]}网版权与免责声明：", f"凡本网注明“来源：{titles[0]}网”的所有作品，版权均属于本网。"]
    return [f"相关资讯请关注：{titles[0]}专区", *titles[1:]]


@FAST
@given(
    st.lists(st.sampled_from(SENTENCES), min_size=3, max_size=7, unique=True),
    st.sampled_from(["dated", "widgets", "recommended", "see-also", "thread", "disclaimer", "bracketed"]),
    st.lists(TITLE_WORDS, min_size=2, max_size=6, unique=True),
    st.datetimes(min_value=datetime(2005, 1, 1), max_value=datetime(2022, 12, 31)),
)
def test_a_trailing_related_block_never_reaches_the_body(paragraphs, kind, titles, day):
    """Whatever the related block after an article, none of its lines is in the body."""
    block = trailing_block(kind, titles, day)
    html = page(
        title=f"{titles[0]}_东区新闻网",
        headline=titles[0],
        meta="发布时间：2022-10-22 10:00",
        paragraphs=paragraphs,
        tail="".join(f"<p>{line}</p>" for line in block),
    )
    lines = extract_any(html).text.splitlines()
    assert lines[-1] == paragraphs[-1]
    assert not set(lines) & set(block)


@FAST
@given(
    st.lists(st.datetimes(min_value=datetime(1995, 1, 1), max_value=datetime(2099, 12, 31)), min_size=1, max_size=4),
    st.sampled_from(["meta", "text", "script", "label"]),
)
def test_the_publish_time_is_never_in_the_future(moments, where):
    """Dates anywhere on a page, past or future: the publish time found is never after now."""
    stamps = [m.strftime("%Y-%m-%d %H:%M") for m in moments]
    head = "".join(f'<meta name="pubdate" content="{s}">' for s in stamps) if where == "meta" else ""
    if where == "script":
        head = "<script>" + "".join(f'var ct = "{int(m.timestamp())}";' for m in moments) + "</script>"
    meta = (
        " ".join(("发布时间：" if where == "label" else "") + s for s in stamps) if where in ("text", "label") else ""
    )
    html = page(title="全市重点项目建设进展顺利", headline="全市重点项目建设进展顺利", meta=meta, head=head)
    published = extract_any(html).published
    assert published is None or published <= datetime.now(dates.SHANGHAI) + timedelta(days=1)


@FAST
@given(
    st.datetimes(min_value=datetime(1998, 1, 1), max_value=datetime(2022, 12, 31)),
    st.text(alphabet="大卫小明王李张网友", min_size=2, max_size=6),
    st.text(alphabet="心灵体操论坛生活杂谈", min_size=2, max_size=8),
)
def test_a_post_stamp_is_the_date_of_a_page_that_gives_no_other(moment, name, board):
    """Every post stamp (本贴由 X 于 DATE 在〖版面〗发表) dates a page that has no other date."""
    moment = moment.replace(second=0, microsecond=0)
    stamp = f"{moment.year}年{moment.month}月{moment.day}日{moment.hour}:{moment.minute:02d}"
    html = page(
        title="全市重点项目建设进展顺利",
        headline="全市重点项目建设进展顺利",
        footer=f"本贴由 {name} 于{stamp}在〖 {board} 〗发表",
    )
    assert extract_any(html).published == moment.replace(tzinfo=dates.SHANGHAI)


@FAST
@given(st.integers(1990, 2022), st.integers(1, 12), st.text(alphabet="北京之春读书文摘周刊", min_size=2, max_size=6))
def test_a_cited_magazine_issue_dates_a_page_that_gives_no_other(year, month, magazine):
    """Every magazine issue cited (——《刊名》1998年3月号) gives its month to a page with no other date."""
    html = page(
        title="全市重点项目建设进展顺利",
        headline="全市重点项目建设进展顺利",
        tail=f"<p>——《{magazine}》{year}年{month}月号</p>",
    )
    assert extract_any(html).published == datetime(year, month, 1, tzinfo=dates.SHANGHAI)
