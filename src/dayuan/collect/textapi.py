"""The text functions the collector calls, from dayuan.text: extraction, keywords, regions.

One seam, so the collector (and the dedupe benchmark) reach the text tools the
same way, and a text page saved from a browser is read like an HTML page.
"""

from html import escape

from dayuan.text.extract import Extracted, ExtractError
from dayuan.text.extract import extract as _extract
from dayuan.text.extract import extract_text_page as _extract_text_page
from dayuan.text.keywords import build_idf, extract_tags
from dayuan.text.regions import classify_regions as _classify_regions

__all__ = ["Extracted", "ExtractError", "extract", "extract_text_page", "build_idf", "extract_tags", "classify_regions"]


def extract(html, url=None):
    return _extract(html, url=url)


def extract_text_page(text):
    """A page saved as text from a browser (the shape of the seed); a plain text
    without a meta line is read as its first line for the title, the rest paragraphs."""
    try:
        return _extract_text_page(text)
    except ExtractError:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if len(lines) < 2:
            raise
        body = lines[1:]
        return Extracted(title=lines[0], text="\n".join(body), html="".join(f"<p>{escape(line)}</p>" for line in body))


def classify_regions(title, text):
    """Ranked regions as [(name, code, score)]."""
    return [(r.name, r.code, r.score) for r in _classify_regions(title, text)]
