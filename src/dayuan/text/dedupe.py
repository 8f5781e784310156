"""Duplicate detection for collected articles (pure Python, no Django).

Two stages:

1. The canonical URL: the same page reached through tracking parameters,
   a ``www.`` prefix, ``http``/``https``, a fragment or a mobile host is one URL.
2. The text: MinHash over character shingles with an LSH index finds the
   candidates, and an exact shingle comparison decides.

Why characters and not words: SimHash over jieba words was seen to give
reprints and different articles on the same topic the same distance (the
topic words dominate); character 5-grams carry the wording itself, so a
reprint with new chrome, a new headline or a trimmed paragraph keeps most of
its shingles while a different story on the same topic shares few of them.

Why the decision uses *containment* (shared shingles over the smaller set)
rather than Jaccard: a reprint that drops two of eight paragraphs keeps
every remaining shingle, so its containment stays near 1 while its Jaccard
falls to about 0.7. A low Jaccard floor beside it keeps a story that quotes
one paragraph of a short article from matching it. The thresholds below
were measured with bench/dedupe_bench.py (see BENCHMARKS.md, "Collect"),
seeds 7, 11 and 13: reprints scored containment >= 0.63 and Jaccard >= 0.31
with their original; stories that quote one paragraph of an indexed story
reached containment 0.69 but Jaccard at most 0.23, other stories (one on the
same topic) far less. Containment 0.6 with a Jaccard floor of 0.25 separated
all of them (precision 1.0, recall 1.0); containment alone could not.
"""

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from datasketch import MinHash, MinHashLSH

SHINGLE = 5
NUM_PERM = 128
# datasketch 2's default permutation scheme, named so stored signatures stay comparable.
SCHEME = "affine32"
# LSH candidate threshold (estimated Jaccard): below the Jaccard floor of the
# decision, so a reprint near that floor is still offered as a candidate.
LSH_THRESHOLD = 0.2
# Decision on exact shingle sets (measured; see the module docstring).
CONTAINMENT_THRESHOLD = 0.6
# ...and a floor on Jaccard, so a story that quotes one paragraph of a short
# one (high containment of the short one, small overlap overall) is not taken
# for a reprint of it.
MIN_JACCARD = 0.25
# Texts shorter than this many shingles are too short to judge by wording.
MIN_SHINGLES = 20

TRACKING_PARAMS = frozenset(
    "spm from share_token share_from sharer isappinstalled scene clicktime enterid "
    "wfr fr f ref refer referrer source src timestamp t _t ts rand".split()
)
MOBILE_HOST_PREFIXES = ("m.", "wap.", "3g.", "mobile.")
DEFAULT_PORTS = {"http": 80, "https": 443}

# Keep letters and digits of every script; drop spaces, punctuation, symbols.
_KEEP = re.compile(r"[^\w]|_", re.UNICODE)


def canonical_url(url):
    """A stable key for a URL: lower-case host without www/mobile prefix,
    no scheme difference, no default port, no fragment, no tracking
    parameters, sorted query, no trailing slash, no index page name."""
    url = (url or "").strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if not parts.netloc:  # a local file or a bare path
        return url
    host = (parts.hostname or "").lower().rstrip(".")
    for prefix in ("www.", *MOBILE_HOST_PREFIXES):
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    scheme = parts.scheme.lower()
    if parts.port and parts.port != DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    path = re.sub(r"/(index|default)\.(s?html?|php|aspx?|jsp)$", "/", path, flags=re.I)
    if len(path) > 1:
        path = path.rstrip("/")
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMS and not k.lower().startswith("utm_")
    )
    return urlunsplit(("", host, path, urlencode(query), "")).lstrip("/")


def normalize(text):
    """Letters and digits only, NFKC-folded and lower-cased: what shingles see."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return _KEEP.sub("", text)


def shingles(text, k=SHINGLE):
    norm = normalize(text)
    if len(norm) <= k:
        return {norm} if norm else set()
    return {norm[i : i + k] for i in range(len(norm) - k + 1)}


def minhash(shingle_set, num_perm=NUM_PERM):
    mh = MinHash(num_perm=num_perm, scheme=SCHEME)
    if shingle_set:
        mh.update_batch([s.encode("utf-8") for s in shingle_set])
    return mh


def signature_bytes(mh):
    """The MinHash as bytes, for storing beside an article."""
    return mh.hashvalues.astype("<u8").tobytes()


def from_bytes(data, num_perm=NUM_PERM):
    import numpy as np

    values = np.frombuffer(bytes(data), dtype="<u8").astype(np.uint64)
    return MinHash(num_perm=num_perm, hashvalues=values, scheme=SCHEME)


def containment(a, b):
    """Shared shingles over the smaller set (1.0 when one text contains the other)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def jaccard(a, b):
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass(frozen=True)
class Match:
    key: object
    score: float  # containment of the shingle sets


class DedupeIndex:
    """An LSH index of texts by key, answering "is this text already here?".

    ``text_for(key)`` gives the stored text of a candidate for the exact check;
    by default the index keeps the shingle sets itself (fine for a benchmark or a
    run; the collector passes a loader that reads the article from the database).
    """

    def __init__(
        self,
        threshold=CONTAINMENT_THRESHOLD,
        lsh_threshold=LSH_THRESHOLD,
        num_perm=NUM_PERM,
        text_for=None,
        min_jaccard=MIN_JACCARD,
    ):
        self.threshold = threshold
        self.min_jaccard = min_jaccard
        self.num_perm = num_perm
        self.lsh = MinHashLSH(threshold=lsh_threshold, num_perm=num_perm)
        self.text_for = text_for
        self._shingles = {}
        self._count = 0

    def __contains__(self, key):
        return key in self.lsh

    def __len__(self):
        return self._count

    def add(self, key, text=None, signature=None, shingle_set=None):
        """Index a text (or a stored signature) under key; returns its MinHash.
        shingle_set: the text's shingles when the caller has them already."""
        if key in self.lsh:
            return None
        sh = shingle_set if shingle_set is not None else shingles(text) if text is not None else None
        if sh is not None and self.text_for is None:
            self._shingles[key] = sh
        if signature is None:
            signature = minhash(sh, self.num_perm)
        self.lsh.insert(key, signature)
        self._count += 1
        return signature

    def candidates(self, signature):
        return self.lsh.query(signature)

    def find(self, text, signature=None, shingle_set=None):
        """The best match at or over the threshold, or None (shingle_set: the text's
        shingles when the caller has them already: computing them is a third of the cost)."""
        sh = shingle_set if shingle_set is not None else shingles(text)
        if len(sh) < MIN_SHINGLES:
            return None
        signature = signature or minhash(sh, self.num_perm)
        best = None
        for key in self.candidates(signature):
            other = self._shingles.get(key)
            if other is None and self.text_for is not None:
                other = shingles(self.text_for(key))
            if not other:
                continue
            score = containment(sh, other)
            if score < self.threshold or jaccard(sh, other) < self.min_jaccard:
                continue
            if best is None or score > best.score:
                best = Match(key, score)
        return best
