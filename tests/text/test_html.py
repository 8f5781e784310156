"""The sanitizer: URL-bearing attributes keep only http, https and relative URLs."""

import pytest

from dayuan.text.html import sanitize_html


@pytest.mark.parametrize(
    "srcset",
    [
        "javascript:alert(1) 1x",
        "/a.jpg 1x, javascript:alert(1) 2x",
        "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4= 1x",
        "vbscript:msgbox 1x",
        "  JaVaScRiPt:alert(1)  320w",
        "ftp://example.com/a.jpg 1x",
    ],
)
def test_srcset_keeps_only_http_https_and_relative(srcset):
    cleaned = sanitize_html(f'<img src="/media/a.jpg" srcset="{srcset}" alt="x">')
    lowered = cleaned.lower()
    for scheme in ("javascript:", "data:", "vbscript:", "ftp:"):
        assert scheme not in lowered, cleaned


def test_good_srcset_is_kept():
    html = '<img src="/media/a.jpg" srcset="/media/a.w320.webp 320w, https://cdn.example.com/a.jpg 1024w" alt="x">'
    assert 'srcset="/media/a.w320.webp 320w, https://cdn.example.com/a.jpg 1024w"' in sanitize_html(html)


@pytest.mark.parametrize(
    "html",
    [
        '<a href="javascript:alert(1)">x</a>',
        '<img src="javascript:alert(1)">',
        '<img src="data:text/html,x">',
        '<a href="  javascript:alert(1)">x</a>',
    ],
)
def test_other_url_attributes_refuse_bad_schemes(html):
    assert "javascript" not in sanitize_html(html) and "data:" not in sanitize_html(html)
