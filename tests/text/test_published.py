"""Publish times from script variables, other meta names, far labels; unrelated dates passed over."""

from datetime import datetime, timedelta

from dayuan.text import dates
from dayuan.text.extract import extract

from .synthetic import PARAGRAPHS, page

HEADLINE = "全市重点项目建设进展顺利"
SHANGHAI = dates.SHANGHAI


def test_unix_timestamp_in_an_inline_script_as_on_wechat_pages():
    html = page(
        title=HEADLINE,
        headline=HEADLINE,
        meta="东区发布",
        head='<script>var ct = "1580000000"; var nickname = "东区发布";</script>',
    )
    assert extract(html).published == datetime(2020, 1, 26, 8, 53, 20, tzinfo=SHANGHAI)


def test_meta_of_another_name():
    html = page(title=HEADLINE, headline=HEADLINE, head='<meta name="created" content="2020-02-12 22:17">')
    assert extract(html).published == datetime(2020, 2, 12, 22, 17, tzinfo=SHANGHAI)


def test_time_element():
    html = page(title=HEADLINE, headline=HEADLINE, meta='<time datetime="2020-02-12T22:17:00+08:00">昨天</time>')
    assert extract(html).published == datetime(2020, 2, 12, 22, 17, tzinfo=SHANGHAI)


def test_labelled_date_far_below_the_headline():
    paragraphs = PARAGRAPHS * 4 + ["发布时间：2020-02-12 22:17"]
    html = page(title=HEADLINE, headline=HEADLINE, paragraphs=paragraphs)
    assert extract(html).published == datetime(2020, 2, 12, 22, 17, tzinfo=SHANGHAI)


def test_a_date_the_text_mentions_years_away_from_the_meta_time_is_passed_over():
    html = page(
        title=HEADLINE,
        headline=HEADLINE,
        meta="回顾 2009年5月1日 那场大火",
        head='<meta property="article:published_time" content="2019-05-01T09:30:00+08:00">',
    )
    assert extract(html).published == datetime(2019, 5, 1, 9, 30, tzinfo=SHANGHAI)


def test_a_date_in_the_future_is_never_the_publish_time():
    future = (datetime.now(SHANGHAI) + timedelta(days=400)).strftime("%Y-%m-%d")
    html = page(title=HEADLINE, headline=HEADLINE, meta=f"活动将于{future}举行")
    published = extract(html).published
    assert published is None or published <= datetime.now(SHANGHAI)
