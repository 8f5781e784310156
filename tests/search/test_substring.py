"""The substring guarantee, on the backend of the database in use (SQLite here, PostgreSQL with
DAYUAN_TEST_DATABASE_URL): any two or more Chinese characters, and any Latin word or number,
written in an article's title, summary, tags or body find that article."""

import re

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dayuan.news.models import Article
from dayuan.search import services
from dayuan.search.backends import get_search_backend
from dayuan.search.index import plain_text
from dayuan.search.query import parse
from dayuan.text.tokenize import normalize, tokenize

from .conftest import make_article

# The headlines of the issue (#11) and the words readers typed that found nothing.
HEADLINES = {
    "乡村建设": "阳泉市推进数字乡村建设",
    "技能大赛": "太原技师学院举办第三届专业技能大赛",
    "健身运动会": "太原市举办全民健身运动会",
    "服务项目": "万柏林区中小学新增课后服务项目",
    "食堂覆盖": "迎泽区社区食堂覆盖所有街道",
}
CJK_RUN = re.compile(r"[\u3400-\u9fff]{2,}")
LATIN_WORD = re.compile(r"[a-z]+|[0-9]+")


def matching_ids(raw):
    """Every published article the query matches (the corpus is small: one page holds them all)."""
    hits = get_search_backend().search(parse(raw), Article.objects.published(), limit=500, narrow=False)
    assert not hits.error
    return hits.ids


@pytest.mark.django_db
def test_issue_headlines_found_after_import(base_data, tmp_path):
    """Pages imported with `dayuan import` are found by the words readers typed, cut as the segmenter likes."""
    for n, title in enumerate(HEADLINES.values()):
        page = tmp_path / f"page{n}.txt"
        page.write_text(
            f"某某新闻网\n\n{title}\n\n网络编辑 太原 2023-05-{n + 10} 09:00:00 0 综合\n\n"
            f"  {title}，相关工作有序开展。\n",
            encoding="utf-8",
        )
        call_command("import", str(page), "--channel", "gsyl", "--region", "taiyuan", "--publish", verbosity=0)
    for query, title in HEADLINES.items():
        results = services.search(query).results
        assert results and results[0].article.title == title, query


def field_texts(article):
    tags = [tag.name for tag in article.ordered_tags]
    return {
        "title": article.title,
        "summary": article.summary,
        "tags": "\n".join(tags),
        "body": plain_text(article.body),
    }


def pieces(text):
    """What the guarantee covers in a text: its Chinese runs (2+ characters), Latin words and numbers."""
    text = normalize(text)
    return CJK_RUN.findall(text), LATIN_WORD.findall(text)


@st.composite
def substrings(draw, articles):
    """(article, field, query): a random piece of a random field of a random article.

    Chinese: any span of 2+ characters of a run (mostly not on word boundaries) or a
    segmenter word of 2+ characters (word-aligned); Latin: a whole word or number.
    """
    article = draw(st.sampled_from(articles))
    texts = {name: text for name, text in field_texts(article).items() if any(pieces(text))}
    name = draw(st.sampled_from(sorted(texts)))
    runs, latin = pieces(texts[name])
    choices = (["span"] if runs else []) + (["word"] if runs else []) + (["latin"] if latin else [])
    kind = draw(st.sampled_from(choices))
    if kind == "latin":
        return article, name, draw(st.sampled_from(latin))
    run = draw(st.sampled_from(runs))
    if kind == "word":
        words = [t for t in tokenize(run) if len(t) >= 2 and CJK_RUN.fullmatch(t)]
        if words:
            return article, name, draw(st.sampled_from(words))
    start = draw(st.integers(0, len(run) - 2))
    end = draw(st.integers(start + 2, min(len(run), start + 24)))
    return article, name, run[start:end]


@pytest.fixture
def corpus(base_data):
    """The demo articles (real headlines, tags, bodies) and a few with summaries, Latin words and numbers."""
    from dayuan.portal.demo import load_demo

    load_demo()
    make_article(
        "iPhone15发布会在太原举行",
        "新款手机售价5999元，covid-19防控经验和GDP增长2.56%都被提到。",
        summary="苹果公司发布iPhone15，太原门店同步开售。",
        tags=["消费电子", "5G网络"],
    )
    make_article(
        "晋中市举办第十二届农民丰收节",
        "活动现场展销小米、红枣、核桃等特色农产品300余种。",
        summary="农民丰收节吸引游客万余人次。",
        tags=["丰收节", "乡村振兴"],
    )
    make_article(
        "ChatGPT与人工智能产业论坛",
        "论坛讨论了大模型在政务服务中的应用，AI赋能千行百业。",
        summary="",
        tags=["人工智能"],
    )
    return list(Article.objects.published().prefetch_related("tag_links__tag"))


@pytest.mark.django_db
def test_every_substring_finds_its_article(corpus):
    """Hypothesis draws pieces of articles' fields; each must find the article it came from."""

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(substrings(corpus))
    def check(drawn):
        article, name, query = drawn
        assert article.pk in matching_ids(query), f"{query!r} from the {name} of article {article.pk}"

    check()


@pytest.mark.django_db
def test_word_match_ranks_above_characters_only(base_data):
    """The word 乡村 in a title ranks above 乡村 found only across the words 城乡 and 村落."""
    across = make_article("城乡村落保护调查", "调查覆盖城乡村落四十个。")
    word = make_article("乡村旅游持续升温", "周末乡村旅游人数增长。")
    assert tokenize("城乡村落保护调查")[:2] == ["城乡", "村落"]
    assert matching_ids("乡村") == [word.pk, across.pk]


@pytest.mark.django_db
def test_query_language_keeps_working_with_substrings(corpus):
    """Exclusion, OR and quoted phrases apply to substring matches too."""
    rural = set(matching_ids("乡村建设"))
    assert rural
    assert rural.isdisjoint(matching_ids("村建 -乡村"))
    assert set(matching_ids("村建 -村建")) == set()
    either = set(matching_ids("乡村建设 OR 健身运动会"))
    assert rural | set(matching_ids("健身运动会")) == either
    assert matching_ids('"建设乡村数字"') == []


@pytest.mark.django_db
@pytest.mark.parametrize("common", [None, 1], ids=["bm25", "window"])
def test_two_character_word_counts_its_word_and_pair_matches(base_data, settings, common):
    """A two-character word is its own pair: counts and the window match it in either index at once.

    和尚 is a word in the first title and only a pair in the second (the segmenter
    cuts 和 尚未 there); the third article has neither.
    """
    from dayuan.search.backends import reset_backends

    if common is not None:
        settings.DAYUAN_SEARCH = {"default": {"COMMON_MATCHES": common}}
    reset_backends()
    word = make_article("寺里的和尚下山了", "")
    pair = make_article("结婚的和尚未结婚的", "")
    make_article("尚未结婚的人", "")
    assert "和尚" not in tokenize("结婚的和尚未结婚的")
    backend = get_search_backend()
    assert backend.match_count(parse("和尚"), 10) == 2
    assert backend.match_count(parse("和尚 -下山"), 10) == 1
    assert sorted(matching_ids("和尚")) == sorted([word.pk, pair.pk])
    reset_backends()
