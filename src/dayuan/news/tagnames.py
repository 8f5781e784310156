"""Tag names are URL path segments (/tag/<name>/): what a segment can't carry is transformed.

A "/" or "\\" would split the segment (reverse() fails, the article page and the sitemap
answer 500), a name of dots is normalized away by every client ("/tag/../"), and control
characters have no place in a URL. Everything else round-trips through percent-encoding.
"""

import re

from django.core.exceptions import ValidationError
from django.urls import register_converter

REPLACEMENTS = str.maketrans({"/": "／", "\\": "＼"})
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


def safe_tag_name(name):
    """The name with what a URL segment can't hold replaced (full-width) or removed."""
    name = CONTROL_RE.sub("", str(name)).translate(REPLACEMENTS).strip()
    if name and not name.strip("."):
        name = name.replace(".", "．")
    return name


def validate_tag_name(value):
    if safe_tag_name(value) != value.strip():
        raise ValidationError("标签名不能包含 / 或 \\ 以及控制字符，也不能只由点组成（它是网址的一部分）。")


class TagNameConverter:
    """<tag:name>: one path segment; reverse() transforms a stored name rather than failing on it."""

    regex = "[^/]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return safe_tag_name(value)


register_converter(TagNameConverter, "tag")
