"""Chinese publication dates."""

from datetime import datetime

import pytest

from dayuan.text import dates

SHANGHAI = dates.SHANGHAI


@pytest.mark.parametrize(
    "text, expected",
    [
        ("发布时间：2022年10月22日 10:00", datetime(2022, 10, 22, 10, 0)),
        ("2022-10-22 10:00:59 来源：新华社", datetime(2022, 10, 22, 10, 0, 59)),
        ("2019/9/7 8:05", datetime(2019, 9, 7, 8, 5)),
        ("2019.09.07", datetime(2019, 9, 7)),
        ("阅读 12 次 更新：2020年1月3日", datetime(2020, 1, 3)),
    ],
)
def test_chinese_date_formats(text, expected):
    assert dates.first_date(text) == expected.replace(tzinfo=SHANGHAI)


def test_a_date_without_year_takes_the_year_it_is_given():
    found = dates.find_labelled_short("发布时间：10-08 12:00", 2019)
    assert found == datetime(2019, 10, 8, 12, 0, tzinfo=SHANGHAI)


def test_iso_and_meta_dates_are_read_in_shanghai_time():
    assert dates.parse_date("2019-10-08 12:00:57") == datetime(2019, 10, 8, 12, 0, 57, tzinfo=SHANGHAI)
    assert dates.parse_date("2020-02-29T10:34:00Z") == datetime(2020, 2, 29, 18, 34, tzinfo=SHANGHAI)
    assert dates.parse_date("no date here") is None


def test_impossible_dates_are_skipped():
    assert dates.find_dates("2022-13-45 10:00") == []


def test_a_forum_posted_at_label_needs_no_colon():
    from dayuan.text.dates import labelled_date

    assert labelled_date("楼主 张三 发表于 2010-3-4 12:05 只看该作者").strftime("%Y-%m-%d %H:%M") == "2010-03-04 12:05"
    assert labelled_date("发布于：2021年5月6日 08:00").strftime("%Y-%m-%d %H:%M") == "2021-05-06 08:00"
