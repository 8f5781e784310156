"""Collecting: run a source, and store, link or skip each page it lists.

    run = run_source(source, trigger="worker")

Every page ends as one CollectedItem (new, duplicate, skipped or failed, with
its reason); an exception on one page is recorded and the run goes on.
"""

import logging
from datetime import timedelta
from html import escape

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags

from dayuan.news.models import Article, Channel, Region
from dayuan.news.signals import article_page_changed
from dayuan.text import dedupe

from . import discover, media, textapi
from .fetch import Fetcher, FetchError, decode
from .models import ArticleSource, CollectedItem, CollectRun, Fingerprint, Source

log = logging.getLogger(__name__)
Outcome = CollectedItem.Outcome

MIN_TEXT_CHARS = 60  # fewer letters than this: not an article page
IDF_DOCUMENTS = 2000  # the site's latest published articles the IDF is built from
MIN_IDF_DOCUMENTS = 20


class Skip(Exception):
    """A page deliberately not collected; the message is the reason."""


# ---------------------------------------------------------------------------
# Fingerprints and the duplicate index.


def article_text(article):
    return strip_tags(article.body or "")


def fingerprint(article, url=""):
    sig = dedupe.minhash(dedupe.shingles(article_text(article)))
    fp, _ = Fingerprint.objects.update_or_create(
        article=article,
        defaults={
            "canonical_url": dedupe.canonical_url(url or article.source_url),
            "signature": dedupe.signature_bytes(sig),
        },
    )
    return fp, sig


def build_index():
    """An LSH index over every article's fingerprint (made first for articles without one)."""
    for article in Article.objects.filter(fingerprint__isnull=True).exclude(status=Article.Status.WITHDRAWN):
        fingerprint(article)

    def text_for(pk):
        article = Article.objects.filter(pk=pk).only("body").first()
        return article_text(article) if article else ""

    index = dedupe.DedupeIndex(
        threshold=getattr(settings, "COLLECT_DUPLICATE_THRESHOLD", dedupe.CONTAINMENT_THRESHOLD),
        text_for=text_for,
    )
    rows = Fingerprint.objects.exclude(article__status=Article.Status.WITHDRAWN).values_list("article_id", "signature")
    for pk, signature in rows.iterator():
        index.add(pk, signature=dedupe.from_bytes(signature))
    return index


def known_url(canonical):
    """The article already collected from this canonical URL, or None."""
    if not canonical:
        return None
    fp = Fingerprint.objects.filter(canonical_url=canonical).select_related("article").first()
    if fp:
        return fp.article
    also = ArticleSource.objects.filter(canonical_url=canonical).select_related("article").first()
    return also.article if also else None


# ---------------------------------------------------------------------------
# Enrichment.

_idf_cache = {}


def site_idf():
    """IDF from the site's own published articles, rebuilt as the site grows (every 100
    articles) rather than on every new one: a few new documents barely move an IDF."""
    published = Article.objects.published()
    key = published.count() // 100
    if key not in _idf_cache:
        docs = [
            f"{title}\n{strip_tags(body)}"
            for title, body in published.order_by("-published_at").values_list("title", "body")[:IDF_DOCUMENTS]
        ]
        _idf_cache.clear()
        # Too few articles make a noisy IDF: the keyword module's default serves better.
        _idf_cache[key] = textapi.build_idf(docs) if len(docs) >= MIN_IDF_DOCUMENTS else None
    return _idf_cache[key]


def choose_channel(source, title, text):
    rules = source.rules()
    for haystack in (title, text):
        for keyword, slug in rules:
            if keyword in haystack:
                channel = Channel.objects.filter(slug=slug).first()
                if channel:
                    return channel
    return source.channel


def choose_region(source, title, text):
    for _name, code, score in textapi.classify_regions(title, text):
        if score > 0:
            region = Region.objects.filter(code=code).first()
            if region:
                return region
    return source.region


# ---------------------------------------------------------------------------
# One run.


class Collector:
    """Run one source once. ``progress(total)`` may return a tqdm-like bar."""

    def __init__(self, source, *, trigger="manual", fetcher=None, progress=None, now=None):
        self.source = source
        self.trigger = trigger
        self.fetcher = fetcher
        self.progress = progress
        self.now = now or timezone.now()
        self.index = None
        self.run = None

    def __call__(self):
        # A source runs once at a time (claim()), so a run still "running" was killed mid-way:
        # say so. This run redoes its work; articles it stored are known by their fingerprints.
        CollectRun.objects.filter(source=self.source, status=CollectRun.Status.RUNNING).update(
            status=CollectRun.Status.FAILED,
            finished_at=timezone.now(),
            error="采集中断（进程被终止），未完成的条目由后来的采集补做。",
        )
        self.run = CollectRun.objects.create(source=self.source, trigger=self.trigger, started_at=timezone.now())
        own_fetcher = self.fetcher is None
        self.fetcher = self.fetcher or Fetcher()
        try:
            entries = self.discover()
            if entries is None:
                self.run.status = CollectRun.Status.UNCHANGED
            else:
                self.collect(entries)
                self.run.status = CollectRun.Status.DONE
        except FetchError as exc:
            self.record(self.source.url, Outcome.FAILED, exc.reason, http_status=exc.status)
            self.run.status, self.run.error = CollectRun.Status.FAILED, f"来源无法读取：{exc.reason}"
        except Exception as exc:  # a bug must not leave the run "running" forever
            log.exception("collect run of %s failed", self.source)
            self.run.status, self.run.error = CollectRun.Status.FAILED, f"{type(exc).__name__}: {exc}"[:1000]
        finally:
            if own_fetcher:
                self.fetcher.close()
            self.run.finished_at = timezone.now()
            self.run.save()
            self.source.schedule_next(self.now)
            Source.objects.filter(pk=self.source.pk).update(
                last_run_at=self.source.last_run_at,
                next_run_at=self.source.next_run_at,
                etag=self.source.etag,
                last_modified=self.source.last_modified,
            )
        return self.run

    def discover(self):
        """The source's entries, or None when its feed/sitemap is unchanged (HTTP 304)."""
        source, kind = self.source, Source.Kind
        if source.kind == kind.FILE:
            entries = discover.entries_from_path(source.url)
        elif source.kind == kind.URL:
            entries = [discover.Entry(source.url)]
        else:
            page = self.fetcher.get(source.url, etag=source.etag, last_modified=source.last_modified)
            if page.not_modified:
                return None
            source.etag, source.last_modified = page.etag[:200], page.last_modified[:100]
            if source.kind == kind.FEED:
                entries = discover.entries_from_feed(page)
            elif source.kind == kind.SITEMAP:
                entries = discover.entries_from_sitemap(page, self.fetcher)
            else:
                entries = discover.entries_from_list(page, source.link_pattern)
        return entries[: source.max_items]

    def collect(self, entries):
        self.run.found = len(entries)
        self.run.save(update_fields=["found"])
        bar = self.progress(len(entries)) if self.progress else None
        try:
            for entry in entries:
                outcome = self.collect_one(entry)
                if bar is not None:
                    bar.set_postfix_str(self.run.summary(), refresh=False)
                    bar.update(1)
                log.debug("%s %s", outcome, entry.url)
        finally:
            if bar is not None:
                bar.close()

    def collect_one(self, entry):
        try:
            return self._collect_one(entry)
        except Skip as exc:
            return self.record(entry.url, Outcome.SKIPPED, str(exc), title=entry.title)
        except textapi.ExtractError as exc:
            return self.record(entry.url, Outcome.SKIPPED, f"未识别到文章正文：{exc}"[:300], title=entry.title)
        except FetchError as exc:
            outcome = Outcome.SKIPPED if "robots.txt" in exc.reason else Outcome.FAILED
            return self.record(entry.url, outcome, exc.reason, title=entry.title, http_status=exc.status)
        except Exception as exc:  # one bad page never stops the run
            log.exception("collecting %s failed", entry.url)
            return self.record(
                entry.url, Outcome.FAILED, f"处理出错：{type(exc).__name__}: {exc}"[:300], title=entry.title
            )

    def _collect_one(self, entry):
        canonical = dedupe.canonical_url(entry.url)
        existing = known_url(canonical)
        if existing:
            return self.record(
                entry.url, Outcome.DUPLICATE, "网址已采集过", title=entry.title, article=existing, similarity=1.0
            )
        url, extracted, status = self.read(entry)
        final = dedupe.canonical_url(url)
        if final != canonical and known_url(final):
            return self.record(
                entry.url,
                Outcome.DUPLICATE,
                "跳转后的网址已采集过",
                title=entry.title,
                article=known_url(final),
                similarity=1.0,
            )
        title = self.headline(entry, extracted)
        text = extracted.text or strip_tags(extracted.html or "")
        if not title or len(dedupe.normalize(text)) < MIN_TEXT_CHARS:
            raise Skip("未识别到文章正文（可能不是文章页）")
        if self.index is None:
            self.index = build_index()
        shingle_set = dedupe.shingles(text)
        signature = dedupe.minhash(shingle_set)
        match = self.index.find(text, signature=signature, shingle_set=shingle_set)
        if match:
            article = Article.objects.get(pk=match.key)
            self.link(article, url, final, title, extracted, match.score)
            return self.record(
                entry.url,
                Outcome.DUPLICATE,
                f"与已有文章内容相同（相似度 {match.score:.2f}），已记为转载来源",
                title=title,
                article=article,
                similarity=match.score,
                http_status=status,
            )
        article, failures = self.store(url, final, title, text, extracted, signature)
        self.index.add(article.pk, signature=signature)
        reason = f"{len(failures)} 张图片未能保存" if failures else ""
        return self.record(entry.url, Outcome.NEW, reason, title=title, article=article, http_status=status)

    def headline(self, entry, extracted):
        """A feed's or news sitemap's own headline beats one guessed from the page,
        unless it was cut short (…); list-page anchor text is only a fallback."""
        given = (entry.title or "").strip()
        trusted = self.source.kind in (Source.Kind.FEED, Source.Kind.SITEMAP)
        if trusted and len(given) >= 4 and not given.endswith(("...", "…")):
            return given
        return (extracted.title or given.rstrip(".…")).strip()

    def read(self, entry):
        """(final url, Extracted, http status) for an entry."""
        if self.source.kind == Source.Kind.FILE:
            path = discover.import_path(entry.url)
            data = path.read_bytes()
            text, _ = decode(data)
            if path.suffix.lower() == ".txt":
                return path.resolve().as_uri(), textapi.extract_text_page(text), None
            return path.resolve().as_uri(), textapi.extract(text, url=None), None
        page = self.fetcher.get(entry.url)
        ctype = page.content_type.split(";")[0].strip().lower()
        if ctype and not any(t in ctype for t in ("html", "xml", "text")):
            raise Skip(f"不是网页（{ctype}）")
        return page.url, textapi.extract(page.text, url=page.url), page.status

    def store(self, url, canonical, title, text, extracted, signature):
        source, now = self.source, timezone.now()
        html = extracted.html or "".join(f"<p>{escape(p)}</p>" for p in text.splitlines() if p.strip())
        base = url if url.startswith("http") else None
        html, failures = media.localize_images(html, base, self.fetcher) if base else (html, [])
        published = extracted.published if extracted.published and extracted.published <= now else now
        author = (extracted.author or "").strip()
        with transaction.atomic():
            article = Article.objects.create(
                title=title[:200],
                body=html,
                author=author[:50],
                channel=choose_channel(source, title, text),
                region=choose_region(source, title, text),
                status=Article.Status.PUBLISHED if source.trusted else Article.Status.REVIEW,
                published_at=published,
                statement=Article.Statement.REPRINTED,
                source_name=source.name[:100],
                source_url=url[:500] if url.startswith("http") else "",
                collected_at=now,
            )
            tags = textapi.extract_tags(title, text, k=5, idf=site_idf())
            article.set_tags([str(getattr(t, "word", t)) for t in tags][:5])
            Fingerprint.objects.create(
                article=article, canonical_url=canonical, signature=dedupe.signature_bytes(signature)
            )
        return article, failures

    def link(self, article, url, canonical, title, extracted, score):
        ArticleSource.objects.create(
            article=article,
            source=self.source,
            name=self.source.name[:100],
            url=url[:500] if url.startswith("http") else "",
            canonical_url=canonical[:500],
            title=title[:200],
            author=(extracted.author or "")[:100],
            similarity=round(score, 4),
        )
        self.refresh_page(article)

    @staticmethod
    def refresh_page(article):
        """The article page now lists one more source (the article's own save signals
        only see its own fields change)."""
        article_page_changed.send(sender=ArticleSource, article=article, reason="sources")

    def record(self, url, outcome, reason="", **fields):
        CollectedItem.objects.create(
            run=self.run,
            url=url[:500],
            canonical_url=dedupe.canonical_url(url)[:500],
            outcome=outcome,
            reason=reason[:300],
            title=(fields.pop("title", "") or "")[:200],
            **fields,
        )
        counter = {
            Outcome.NEW: "new",
            Outcome.DUPLICATE: "duplicate",
            Outcome.SKIPPED: "skipped",
            Outcome.FAILED: "failed",
        }[outcome]
        setattr(self.run, counter, getattr(self.run, counter) + 1)
        self.run.save(update_fields=[counter])
        return outcome


def run_source(source, **kwargs):
    return Collector(source, **kwargs)()


def due_sources(now):
    due = Q(next_run_at__isnull=True) | Q(next_run_at__lte=now)
    return Source.objects.filter(due, enabled=True).order_by("next_run_at", "id")


def claim(source, now):
    """Claim a due source for this worker (several workers may look at once)."""
    lease = now + timedelta(minutes=max(source.interval, 1))
    return bool(Source.objects.filter(pk=source.pk, next_run_at=source.next_run_at).update(next_run_at=lease))


def run_due(now=None, trigger="worker"):
    now = now or timezone.now()
    runs = []
    for source in due_sources(now):
        if claim(source, now):
            runs.append(run_source(source, trigger=trigger, now=now))
    return runs
