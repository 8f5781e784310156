"""HTML sanitizing for everything Dayuan stores (article bodies, collected pages)."""

import re

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "hr",
    "pre",
    "code",
    "span",
    "div",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height", "srcset", "sizes", "loading"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}

SRCSET_SCHEMES = {"http", "https"}
SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.\-]*):")
# Browsers ignore ASCII tabs and newlines inside URLs ("java\tscript:"), so the check does too.
URL_NOISE_RE = re.compile(r"[\x00-\x20\x7f]+")


def _allowed_in_srcset(candidate):
    url = candidate.strip().split(None, 1)[0] if candidate.strip() else ""
    match = SCHEME_RE.match(URL_NOISE_RE.sub("", url).lower())
    return bool(url) and (match is None or match.group(1) in SRCSET_SCHEMES)


def _filter_attribute(tag, attribute, value):
    """nh3 checks href and src against url_schemes but not srcset: keep only http, https and
    relative candidates there, and drop the attribute when none is left."""
    if attribute != "srcset":
        return value
    kept = [candidate.strip() for candidate in value.split(",") if _allowed_in_srcset(candidate)]
    return ", ".join(kept) or None


def sanitize_html(html):
    """Keep structure and safe links; drop scripts, styles, event handlers and bad URLs."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
