"""Region classifier: gazetteer mentions weighted by place, counties rolled up to their city."""

import json
from pathlib import Path

import pytest

from dayuan.text.regions import classify_regions, find_mentions

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "000_8ee638c484d02a70.txt"
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "news-pages"


def names(results):
    return [r.name for r in results]


@pytest.mark.skipif(not SEED.exists(), reason="seed page absent")
def test_seed_article_ranks_xinzhou_first_and_mentions_taiyuan():
    text = SEED.read_text(encoding="utf-8")
    start = text.index("党的二十大报告指出")
    end = text.index("版权声明") if "版权声明" in text else len(text)
    results = classify_regions("增强区域经济竞争力 集聚高质量发展新动能", text[start:end])
    assert results[0].name == "忻州市" and results[0].code == "140900"
    assert "太原市" in names(results)
    assert results[0].score > next(r.score for r in results if r.name == "太原市")
    assert any(e["mention"] == "忻州" and e["where"] == "正文" and e["count"] >= 5 for e in results[0].evidence)


def test_counties_roll_up_to_their_city():
    results = classify_regions("偏关县召开秋收会议", "宁武县、五台县和忻府区的代表参加了会议。")
    assert names(results) == ["忻州市"]
    mentions = {e["mention"] for e in results[0].evidence}
    assert mentions == {"偏关县", "宁武县", "五台县", "忻府区"}


def test_title_outweighs_body():
    results = classify_regions("大同市推进煤矿安全生产", "会议召开。\n会议提到，太原和太原都将派人学习。")
    assert results[0].name == "大同市"


def test_lead_is_the_first_paragraph_unless_given():
    results = classify_regions("会议召开", "晋中市代表发言。\n长治市代表发言。")
    assert [e["where"] for e in results[0].evidence] == ["导语"]
    results = classify_regions("会议召开", "长治市代表发言。", lead="晋中市代表发言。")
    assert results[0].name == "晋中市"


@pytest.mark.parametrize(
    "text",
    [
        "我们要集中阳光资源",
        "两者大同小异",
        "国家长治久安",
        "面临县级财政压力",
        "乡村振兴县域经济",
        "平定叛乱",
        "他是家中长子",
        "街边的小店",
        "风调雨顺和顺利",
    ],
)
def test_short_names_inside_other_words_are_not_mentions(text):
    assert find_mentions(text) == []


@pytest.mark.parametrize(
    "text, mention",
    [
        ("中阳县召开会议", "中阳县"),
        ("临县红枣丰收", "临县"),
        ("昨天大同下雪", "大同"),
        ("平遥古城游人如织", "平遥"),
        ("长子县", "长子县"),
        ("太原、忻州两地", "太原"),
    ],
)
def test_real_mentions_are_found(text, mention):
    assert mention in [name for name, _, _ in find_mentions(text)]


def test_no_mentions_means_no_regions():
    assert classify_regions("北京举办冬奥会", "运动员们在北京和张家口比赛。") == []


@pytest.mark.skipif(not (CORPUS / "labels.json").exists(), reason="shared news-page corpus absent")
def test_no_false_mentions_on_the_national_news_corpus():
    """The 32 corpus pages are national news: the only Shanxi mention in them is 山西东部."""
    from dayuan.text.extract import extract_any

    found = []
    for label in json.loads((CORPUS / "labels.json").read_text(encoding="utf-8")):
        article = extract_any((CORPUS / label["path"]).read_bytes())
        found += [(label["path"], name) for name, _, _ in find_mentions(article.title + "\n" + article.text)]
    assert found == [("toutiao/4.html", "山西")]
