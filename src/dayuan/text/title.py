"""The headline of a news page.

The page <title> usually holds the headline and the site's name; the headline is the
longest heading (or og:title) that the <title> contains. When that is in doubt, because
the <title> is a list of SEO keywords or the site's name, the headline is the heading
or title-class element that a date follows, as a meta line follows a headline. A
trailing site or department name ("… 东区办事处") is cut off when the page names the
same site elsewhere: og:site_name, the other <title> segments, the footer's copyright
or 主办 line.
"""

import re

from dayuan.text.body import norm, squeeze
from dayuan.text.dates import FULL_DATE
from dayuan.text.published import meta_content

TITLE_SEPARATORS = re.compile(r"\s*(?:_|\||｜|--| - | — | – |(?<=[\u4e00-\u9fff！？”])[-—–](?=[\u4e00-\u9fff]))\s*")
KEYWORD_SEPARATORS = re.compile(r"[,，、;；|｜_]")
KEYWORD_MAX = 10
FOOTER_NAME = re.compile(
    r"(?:版权所有|主办(?:单位)?|承办(?:单位)?|Copyright|©)\s*[:：]?\s*(?:©\s*)?(?:\d{4}(?:\s*-\s*\d{4})?\s*)?"
    r"(?P<name>[\u4e00-\u9fffA-Za-z0-9（）()]{2,30})",
    re.I,
)
# The article's source (来源于：东区办事处), which some <title>s add after the headline.
SOURCE_NAME = re.compile(r"来源(?:于|自)?\s*[:：]\s*(?P<name>[\u4e00-\u9fffA-Za-z0-9]{2,20})")
SOURCE_CHARS = 5000
HEADLINE_CANDIDATES = (
    "//h1|//h2|//h3|//h4|//h5"
    '|//*[contains(@class, "title") or contains(@id, "title")][not(self::html or self::body or self::title)]'
)
MINOR_HEADINGS = {"h3", "h4", "h5"}
# A <title> segment after the first may be the headline (栏目--标题) rather than the site's
# name: one this long, with the meta line's date under it, is taken as the headline.
NAMED_HEADLINE_MIN = 8
# A breadcrumb standing in a heading (首页 - 新闻动态, 当前位置：首页 > 要闻): never the headline.
BREADCRUMB = re.compile(r"^\s*(?:首页|主页|网站首页|当前位置|您的位置|您现在的位置)|[>›»＞]")
HEADLINE_CHARS = (6, 80)
DATE_AFTER_HEADLINE = 200
FOOTER_CHARS = 2000


def find_title(doc, page_text=""):
    page_title = norm(doc.findtext(".//title") or "")
    names = site_names(doc, page_title, page_text)
    title = title_from_page_title(doc, page_title)
    if _doubtful(title, page_title, names):
        title = headline_element(doc, page_text, names, dated_only=_looks_real(title, page_title)) or title
    return strip_flag(strip_site_name(title, names).rstrip(" -_|｜·"))


# A column flag before the headline (【重点关注】, [独家]): the page's label, not the headline's.
FLAG = re.compile(r"^\s*[【\[]\s*[^】\]]{1,10}\s*[】\]]\s*(?P<rest>.+)$")
FLAGGED_HEADLINE_MIN = 6


def strip_flag(title):
    match = FLAG.match(title)
    if match and len(squeeze(match["rest"])) >= FLAGGED_HEADLINE_MIN:
        return match["rest"].strip()
    return title


def title_from_page_title(doc, page_title):
    """The longest heading or og:title that the page <title> contains; else the first
    <h1>, og:title, or the <title> up to its site-name separator."""
    headings = []
    for heading in doc.xpath("//h1|//h2|//h3|//h4|//h5|//h6"):
        # PHPCMS-style headlines carry the meta line inside the <h1>: take its own text too
        headings += [norm(heading.text_content()), norm(heading.text)]
    og_title = meta_content(doc, "og:title", "twitter:title", "ArticleTitle")
    squeezed = squeeze(page_title)
    parts = [p for p in TITLE_SEPARATORS.split(page_title) if p]
    inside = [c for c in headings + [og_title] if len(squeeze(c)) >= 4 and squeeze(c) in squeezed]
    if inside:
        best = max(inside, key=lambda c: len(squeeze(c)))
        # a logo heading holding the site name matches the <title>'s tail, not its head
        if (
            len(parts) > 1
            and len(parts[0]) >= 6
            and squeeze(best) not in squeeze(parts[0])
            and squeeze(parts[0]) not in squeeze(best)
        ):
            return parts[0]
        return best
    h1 = [norm(h.text) if len(h) and norm(h.text) else norm(h.text_content()) for h in doc.xpath("//h1")]
    h1 = [h for h in h1 if 4 <= len(squeeze(h)) <= 80]
    if h1:
        return h1[0]
    if og_title:
        return og_title
    if not parts:
        return ""
    return max(parts[:2], key=len) if len(parts) > 1 and len(parts[0]) < 6 else parts[0]


def site_names(doc, page_title, page_text):
    """Names the page gives its site: og:site_name, application-name, the <title>'s
    trailing segments, the footer's copyright or 主办 line, the article's 来源 line."""
    names = {meta_content(doc, "og:site_name", "application-name", "apple-mobile-web-app-title")}
    parts = [p for p in TITLE_SEPARATORS.split(page_title) if p]
    names.update(parts[1:])
    for match in FOOTER_NAME.finditer(page_text[-FOOTER_CHARS:]):
        names.add(match["name"])
    for match in SOURCE_NAME.finditer(page_text, 0, SOURCE_CHARS):
        names.add(match["name"])
    # (a long segment, or one with a sentence's punctuation, is a headline: 栏目--标题)
    return {squeeze(name) for name in names if 2 <= len(squeeze(name)) <= SITE_NAME_LONGEST and not CLAUSE.search(name)}


SITE_NAME_LONGEST = 20
CLAUSE = re.compile(r"[，。！？：；,!?:;]")
SITE_NAME_SHAPE = re.compile(r"(?:网|站|报|台|论坛|社区|博客|中心|政府|在线|频道|首页|资讯)$")
SITE_NAME_MAX = 10


def _doubtful(title, page_title, names):
    """The title found may be the site's name or a list of keywords, not a headline: it
    is one of the site's names, shaped like one (北医新闻网, XX的博客), keywords, or the
    page has no <title> to check a heading against."""
    if not title or not page_title or any(squeeze(title) in name for name in names):
        return True
    if len(squeeze(title)) <= SITE_NAME_MAX and SITE_NAME_SHAPE.search(title):
        return True
    # (a headline may list a few places, 北京、上海、广州三地…; a keyword string lists many)
    lengths = [len(p.strip()) for p in KEYWORD_SEPARATORS.split(title) if p.strip()]
    long_parts = sum(length > KEYWORD_MAX for length in lengths)
    return (len(lengths) >= 3 and not long_parts) or (len(lengths) >= 5 and long_parts <= 1)


def _looks_real(title, page_title):
    """A title worth keeping unless a dated headline beats it: not empty, from a <title>,
    and not shaped like a site's name."""
    return bool(title and page_title) and not (len(squeeze(title)) <= SITE_NAME_MAX and SITE_NAME_SHAPE.search(title))


def headline_element(doc, page_text, names, dated_only=False):
    """The h1/h2/title-class element that a date follows most closely in the page text
    (the meta line under a headline); else, unless dated_only, the first such element
    that is not the site's name (an <h1> first)."""
    dated, undated = [], []
    for element in doc.xpath(HEADLINE_CANDIDATES):
        if len(element.xpath(".//a")) > 1 or element.xpath(".//li|.//p"):
            continue  # a list or a block of text, not one headline
        text = norm(element.text_content())
        if not HEADLINE_CHARS[0] <= len(text) <= HEADLINE_CHARS[1] or BREADCRUMB.search(text):
            continue
        named = squeeze(text) in names
        if named and len(squeeze(text)) < NAMED_HEADLINE_MIN:
            continue  # the site's logo
        position = page_text.find(text)
        end = position + len(text)
        date = FULL_DATE.search(page_text, end, end + DATE_AFTER_HEADLINE) if position >= 0 else None
        if named and not date:
            continue
        if date:
            dated.append((date.start() - end, text))
        elif element.tag not in MINOR_HEADINGS:  # (a minor heading is the headline only with a date under it)
            undated.append((element.tag != "h1", text))
    if dated:
        return min(dated)[1]
    if dated_only or not undated:
        return ""
    return min(undated)[1]


def strip_site_name(title, names):
    """The title without a trailing site or department name the page gives elsewhere."""
    parts = title.rsplit(None, 1)
    if len(parts) == 2 and len(squeeze(parts[0])) >= 6 and squeeze(parts[1]) in names:
        return parts[0].strip()
    for name in names:
        if len(name) >= 4 and squeeze(title).endswith(name) and len(squeeze(title)) - len(name) >= 6:
            stripped = _cut_suffix(title.rstrip(), name)
            if stripped:
                return stripped
    return title


def _cut_suffix(title, name):
    """title without name at its end (whitespace inside either ignored), or ""."""
    kept = len(squeeze(title)) - len(name)
    seen = 0
    for index, char in enumerate(title):
        if not char.isspace():
            seen += 1
        if seen == kept:
            return title[: index + 1].rstrip(" -_|·:：")
    return ""
