"""dayuan.text.dedupe: canonical URLs and near-duplicate texts."""

from dayuan.text import dedupe

from .site import REPRINT, STORIES


def text(story):
    return "\n".join(story["paragraphs"])


class TestCanonicalUrl:
    def test_same_page_same_key(self):
        """Scheme, www/mobile host, fragment, tracking parameters and index names don't matter."""
        key = dedupe.canonical_url("http://www.example.com/a/2024/101.html?id=3")
        for variant in [
            "https://example.com/a/2024/101.html?id=3#comments",
            "https://m.example.com/a/2024/101.html?utm_source=wx&id=3&spm=1.2",
            "HTTP://WWW.EXAMPLE.COM:80/a//2024/101.html?id=3&from=timeline",
        ]:
            assert dedupe.canonical_url(variant) == key

    def test_different_pages_differ(self):
        assert dedupe.canonical_url("http://example.com/a/101.html?id=3") != dedupe.canonical_url(
            "http://example.com/a/101.html?id=4"
        )
        assert dedupe.canonical_url("http://example.com:8080/a") != dedupe.canonical_url("http://example.com/a")

    def test_index_page_and_trailing_slash(self):
        assert dedupe.canonical_url("http://example.com/news/index.html") == dedupe.canonical_url(
            "http://example.com/news/"
        )

    def test_local_path_kept(self):
        assert dedupe.canonical_url("/srv/pages/a.html") == "/srv/pages/a.html"


class TestIndex:
    def test_reprint_found(self):
        """A reprint with a new first line, a dropped paragraph and an editor line matches the original."""
        index = dedupe.DedupeIndex()
        for key, story in STORIES.items():
            index.add(key, text(story))
        match = index.find(text(REPRINT))
        assert match is not None and match.key == "taiyuan" and match.score >= 0.8

    def test_same_topic_not_matched(self):
        """A different story on the same topic (urban renewal in Taiyuan) is not a duplicate."""
        index = dedupe.DedupeIndex()
        index.add("taiyuan", text(STORIES["taiyuan"]))
        assert index.find(text(STORIES["taiyuan2"])) is None
        sh = dedupe.shingles
        assert dedupe.containment(sh(text(STORIES["taiyuan"])), sh(text(STORIES["taiyuan2"]))) < 0.1

    def test_stored_signature_round_trip(self):
        """A signature stored as bytes finds the same candidates, checked against a loaded text."""
        stored = {"taiyuan": text(STORIES["taiyuan"])}
        index = dedupe.DedupeIndex(text_for=stored.__getitem__)
        sig = dedupe.minhash(dedupe.shingles(stored["taiyuan"]))
        index.add("taiyuan", signature=dedupe.from_bytes(dedupe.signature_bytes(sig)))
        assert index.find(text(REPRINT)).key == "taiyuan"
        assert len(index) == 1 and "taiyuan" in index

    def test_short_text_not_judged(self):
        index = dedupe.DedupeIndex()
        index.add("a", "太原")
        assert index.find("太原") is None

    def test_normalize_ignores_punctuation_and_width(self):
        assert dedupe.normalize("Ａ，B　c！ 1２") == "abc12"
