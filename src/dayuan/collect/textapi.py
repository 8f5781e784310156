"""The text functions the collector calls: extraction, keywords, regions.

They live in ``dayuan.text`` (extract, keywords, regions). Until those modules
exist in this checkout, a thin fallback over trafilatura, jieba and the
gazetteer keeps the collector working; the fallback is used only when the
import fails.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime
from html import escape

try:  # pragma: no cover - depends on what is merged
    from dayuan.text.extract import ExtractError
    from dayuan.text.extract import extract as _extract
except ImportError:
    _extract = None

    class ExtractError(ValueError):
        pass
try:  # pragma: no cover
    from dayuan.text.keywords import build_idf as _build_idf
    from dayuan.text.keywords import extract_tags as _extract_tags
except ImportError:
    _build_idf = _extract_tags = None
try:  # pragma: no cover
    from dayuan.text.regions import classify_regions as _classify_regions
except ImportError:
    _classify_regions = None


@dataclass
class Extracted:
    title: str = ""
    published: datetime | None = None
    author: str = ""
    text: str = ""
    html: str = ""
    images: list = field(default_factory=list)
    source_name: str = ""


def extract(html, url=None):
    if _extract is not None:
        return _extract(html, url=url)
    return _trafilatura_extract(html, url)


def extract_text_page(text):
    """A page saved as text (the shape of the seed), read by dayuan.text.textpage;
    a text without a meta line: first line the title, the rest paragraphs."""
    from django.utils import timezone

    from dayuan.text.textpage import parse_text_page

    page = parse_text_page(text)
    if page.title and page.paragraphs:
        html = "".join(f"<{kind}>{escape(line)}</{kind}>" for kind, line in page.blocks)
        published = timezone.make_aware(page.published) if page.published else None
        return Extracted(title=page.title, published=published, author=page.author,
                         text="\n".join(line for _, line in page.blocks), html=html,
                         source_name=page.source_name)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return Extracted()
    body = lines[1:]
    return Extracted(title=lines[0], text="\n".join(body),
                     html="".join(f"<p>{escape(line)}</p>" for line in body))


def build_idf(documents):
    if _build_idf is not None:
        return _build_idf(documents)
    return None


def extract_tags(title, text, k=5, idf=None):
    if _extract_tags is not None:
        return _extract_tags(title, text, k=k, idf=idf)
    import jieba.analyse

    return jieba.analyse.extract_tags(f"{title}\n{title}\n{text}", topK=k)


def classify_regions(title, text):
    """Ranked regions as [(name, code, score)]."""
    if _classify_regions is not None:
        return [(r.name, r.code, r.score) for r in _classify_regions(title, text)]
    return _count_regions(title, text)


# ---------------------------------------------------------------------------
# Fallbacks.

def _trafilatura_extract(html, url):
    import trafilatura
    from dateutil import parser as dateparser  # trafilatura depends on python-dateutil

    doc = trafilatura.bare_extraction(html, url=url, include_images=False, include_formatting=False,
                                      with_metadata=True)
    if doc is None:
        raise ExtractError("未识别到正文")
    body_html = trafilatura.extract(html, url=url, output_format="html", include_images=True,
                                    include_formatting=True) or ""
    body_html = re.sub(r"</?(html|body)>", "", body_html)
    published = None
    if doc.date:
        try:
            from django.utils import timezone

            published = timezone.make_aware(dateparser.parse(doc.date))
        except (ValueError, OverflowError):
            published = None
    images = re.findall(r'<img[^>]+src="([^"]+)"', body_html)
    if url:
        from urllib.parse import urljoin

        images = [urljoin(url, src) for src in images]
    return Extracted(title=doc.title or "", published=published, author=doc.author or "",
                     text=doc.text or "", html=body_html, images=images,
                     source_name=doc.sitename or "")


def _count_regions(title, text):
    from dayuan.text import gazetteer

    text = text or ""
    lead = text[:200]
    scores = {}
    for name, place in gazetteer.names().items():
        weight = 3 * title.count(name) + 2 * lead.count(name) + text.count(name)
        code = place.city_code
        if weight and code:
            scores[code] = scores.get(code, 0) + weight
    table = gazetteer.by_code()
    return sorted(((table[c].short_name, c, s) for c, s in scores.items()), key=lambda r: -r[2])
