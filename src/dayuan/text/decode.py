"""Bytes of an HTML page → str, for UTF-8, GBK/GB2312/GB18030 and Big5 pages.

Chinese sites often declare one charset and send another (a gb2312 meta tag on a page
re-saved as UTF-8, or a UTF-8 header on a GBK page). Strict UTF-8 that decodes is
trusted first (GBK text almost never is valid UTF-8); then the declared charsets
(HTTP header, then <meta>) when they decode without errors; then detection.
"""

import codecs
import re

from charset_normalizer import from_bytes

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.I)
HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([a-zA-Z0-9_\-]+)", re.I)

# Decode with the superset a legacy label really means on the web.
SUPERSETS = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
    "cp936": "gb18030", "euc-cn": "gb18030", "big5": "big5hkscs", "cp950": "big5hkscs",
    "iso-8859-1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252",
}


def _codec(label):
    if not label:
        return None
    label = label.strip().lower()
    label = SUPERSETS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_charsets(data, content_type_header=None):
    """The charsets a response claims, header first, then the page's <meta>."""
    found = []
    if content_type_header:
        match = HEADER_CHARSET.search(content_type_header)
        if match:
            found.append(match.group(1).decode() if isinstance(match.group(1), bytes) else match.group(1))
    match = META_CHARSET.search(data[:4096])
    if match:
        found.append(match.group(1).decode("ascii", "ignore"))
    return found


def decode_html(data: bytes, content_type_header: str | None = None) -> str:
    """The page as text; never raises on undecodable bytes (they become U+FFFD)."""
    if isinstance(data, str):
        return data
    if not data:
        return ""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = [c for c in map(_codec, declared_charsets(data, content_type_header)) if c]
    for codec in declared:
        if codec != "utf-8":
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                continue
    for codec in declared:
        # a page in its declared charset with a few stray bytes (pasted text, a cut
        # multi-byte character) is still in that charset
        text = data.decode(codec, "replace")
        if text.count("\ufffd") <= max(2, len(text) // 1000):
            return text
    best = from_bytes(data[:200_000]).best()
    if best is not None:
        codec = _codec(best.encoding)
        if codec:
            return data.decode(codec, "replace")
    return data.decode("gb18030", "replace")
