"""Keyword tags: TF-IDF over nouns with the shipped stop words, IDF from the site's own articles."""

from dayuan.text.keywords import build_idf, candidates, extract_tags, stopwords

TITLE = "忻州加快融入太忻一体化经济区"
TEXT = (
    "记者从忻州市获悉，今年以来，忻州围绕太忻一体化经济区建设，谋划实施了一批交通和产业项目。\n"
    "忻州坚持全球视野与忻州特色相结合，突出先进制造业定位，全面加强与太原、京津冀的协作联动。\n"
    "雄忻高铁忻州段建设全面提速，建成后从忻州到太原的车程将缩短到四十分钟以内。\n"
    "忻州市发展和改革委员会负责人表示，将继续推动经济区重点项目早开工、早投产。"
)


def test_tags_are_ranked_nouns_from_the_article():
    tags = extract_tags(TITLE, TEXT)
    assert 1 <= len(tags) <= 5
    assert tags[0] == "忻州"
    assert "经济区" in tags


def test_k_limits_the_number_of_tags():
    assert len(extract_tags(TITLE, TEXT, k=2)) == 2


def test_stop_words_and_verbs_never_become_tags():
    words = set(candidates(TEXT))
    assert "表示" not in words and "记者" not in words and "建设" not in words
    assert "记者" in stopwords()


def test_site_idf_demotes_words_every_site_article_uses():
    site = ["忻州新闻 忻州市召开会议 忻州" + str(i) for i in range(20)] + [TEXT]
    idf = build_idf(site)
    assert idf["忻州"] < idf["京津冀"]
    tags = extract_tags(TITLE, TEXT, idf=idf)
    assert tags[0] != "忻州"
    assert "忻州" in tags


def test_empty_article_has_no_tags():
    assert extract_tags("", "") == []


def test_a_word_and_its_longer_form_are_one_tag():
    tags = extract_tags("长春市发展直播经济", "长春市的直播间很热闹，长春的主播们每天直播。长春市民也爱看直播。")
    assert not ({"长春", "长春市"} <= set(tags))
