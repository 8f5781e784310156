"""Bytes of an HTML page → str, for UTF-8, GBK/GB2312/GB18030 and Big5 pages.

Chinese sites often declare one charset and send another (a gb2312 meta tag on a
page re-saved as UTF-8, or a UTF-8 header on a GBK page). The one decoder for the
fetcher, `dayuan extract` and local files alike.
"""

import codecs
import re

from charset_normalizer import from_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_\-]+)""", re.I)
# The GB family is read as GB18030, its superset: a GBK page with one rare
# character would otherwise fail as "GB2312". Big5 likewise as Big5-HKSCS.
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "hz-gb-2312": "gb18030",
    "big5": "big5hkscs",
    "x-big5": "big5hkscs",
    "cp950": "big5hkscs",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "ascii": "utf-8",
    "us-ascii": "utf-8",
    "utf8": "utf-8",
}
# The most frequent Chinese characters (simplified and traditional). Text
# decoded with the wrong codec is made of rare characters, so the share of
# these tells a right decoding from a wrong one that happens not to fail.
_COMMON = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说"
    "产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点"
    "从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原"
    "又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革"
    "位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强"
    "放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交"
    "受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八"
    "离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布"
    "复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精"
    "值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照"
    "参红细引听该铁价严龙飞們個這說國來時會對發經進還過學後開動點與關應長問現實機體當從兩種樣對頭將義產"
    "業於為無與們電話務區歲總書農頭網際"
)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _normalize_charset(name):
    name = (name or "").strip().lower().replace("_", "-")
    name = _SUPERSETS.get(name, name)
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):  # ValueError: a NUL in a header's charset (found by fuzzing)
        return None
    # uu, base64, zlib... are codecs but not text encodings: bytes.decode refuses them (atheris).
    return info.name if getattr(info, "_is_text_encoding", True) else None


def header_charset(content_type):
    match = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", content_type or "", re.I)
    return match.group(1) if match else None


def declared_charsets(content, content_type=None):
    """The charsets a page claims: the HTTP header, then meta / XML declaration."""
    head = content[:4096]
    found = [header_charset(content_type)]
    for pattern in (_META_CHARSET, _XML_ENCODING):
        match = pattern.search(head)
        if match:
            found.append(match.group(1).decode("ascii", "ignore"))
    return [c for c in dict.fromkeys(_normalize_charset(c) for c in found if c) if c]


def _plausibility(text):
    cjk = _CJK.findall(text)
    if not cjk:
        return 0.5  # nothing to judge by
    return sum(ch in _COMMON for ch in cjk) / len(cjk)


def decode(content, content_type=None):
    """Bytes to text, returning (text, codec).

    Candidates: a BOM; UTF-8 when the bytes are valid UTF-8 (GBK text almost
    never is); every declared charset; then GB18030 and Big5-HKSCS. Each that
    decodes strictly is scored by the share of common Chinese characters, and
    the best wins, declared charsets winning ties. So a page whose header says
    GBK and whose meta says UTF-8 (or the reverse) decodes right, and so does a
    page that declares nothing. Nothing decodes strictly: charset-normalizer's
    guess, else GB18030 with replacement characters.
    """
    if not content:
        return "", "utf-8"
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if content.startswith(bom):
            return content[len(bom) :].decode(codec, "replace"), codec
    declared = declared_charsets(content, content_type)
    order = list(dict.fromkeys(["utf-8", *declared, "gb18030", "big5hkscs"]))
    best = None
    for rank, codec in enumerate(order):
        try:
            text = content.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        if codec == "utf-8" and not text.isascii():
            return text, codec
        score = _plausibility(text) + (0.02 if codec in declared else 0) - rank * 0.001
        if best is None or score > best[0]:
            best = (score, text, codec)
    if best is not None:
        return best[1], best[2]
    lenient = _lenient_decode(content, declared)
    if lenient is not None:
        return lenient

    guess = from_bytes(content[:200_000]).best()
    if guess is not None and guess.encoding:
        codec = _normalize_charset(guess.encoding) or guess.encoding
        return content.decode(codec, "replace"), codec
    return content.decode("gb18030", "replace"), "gb18030"


def _lenient_decode(content, declared):
    """(text, codec) in the charset, declared or Chinese, that reads best with a few stray
    bytes replaced (pasted text, a cut multi-byte character); None when all read badly.
    Tried before charset-normalizer, whose guess for such a page is often a Cyrillic one."""
    best = None
    for codec in dict.fromkeys([*declared, "gb18030", "big5hkscs", "utf-8"]):
        text = content.decode(codec, "replace")
        stray = text.count("\ufffd") / max(1, len(text))
        if stray > 0.01:
            continue
        score = _plausibility(text) + (0.02 if codec in declared else 0) - 10 * stray
        if best is None or score > best[0]:
            best = (score, text, codec)
    return (best[1], best[2]) if best else None


def decode_html(data, content_type_header=None):
    """The page as text; never raises on undecodable bytes (they become U+FFFD)."""
    if isinstance(data, str):
        return data
    return decode(data, content_type_header)[0]
