"""Article revisions: a JSON snapshot on every save, a diff between two, and restore."""

import difflib
import re

from dayuan.news.models import Flag

from .models import ArticleRevision

CONTENT_FIELDS = ["title", "summary", "body", "editor", "author", "statement", "source_name", "source_url"]
FK_FIELDS = ["channel_id", "region_id", "flag_id"]
LABELS = {
    "title": "标题",
    "summary": "摘要",
    "body": "正文",
    "editor": "编辑",
    "author": "作者",
    "statement": "版权声明",
    "source_name": "来源",
    "source_url": "原文链接",
    "channel_id": "栏目",
    "region_id": "地区",
    "flag_id": "标题前缀",
    "flags": "推荐位",
    "tags": "标签",
    "status": "状态",
    "published_at": "发布时间",
}


def snapshot(article):
    data = {name: getattr(article, name) for name in CONTENT_FIELDS + FK_FIELDS}
    data["cover"] = article.cover.name if article.cover else ""
    if article.pk:
        data["flags"] = sorted(article.flags.values_list("pk", flat=True))
        data["tags"] = list(article.tag_links.order_by("position", "id").values_list("tag__name", flat=True))
    data["status"] = article.status
    data["published_at"] = article.published_at.isoformat() if article.published_at else None
    return data


def record_revision(article, user=None, note="", force=False):
    """Keep a revision unless nothing changed since the last one; returns (revision, created)."""
    data = snapshot(article)
    latest = ArticleRevision.objects.filter(article=article).order_by("-number").first()
    if latest and latest.snapshot == data and not force:
        return latest, False
    revision = ArticleRevision.objects.create(
        article=article,
        number=(latest.number + 1) if latest else 1,
        snapshot=data,
        created_by=user if user is not None and user.pk else None,
        note=note[:200],
    )
    return revision, True


def refresh_revision(revision, article, user=None):
    """Update a revision made in this save with what was saved after it (tags, placements)."""
    revision.snapshot = snapshot(article)
    if user is not None and user.pk:
        revision.created_by = user
    revision.save(update_fields=["snapshot", "created_by"])


def apply_snapshot(article, data):
    """Copy a revision's content onto the article (status and publish time are left alone)."""
    for name in CONTENT_FIELDS + FK_FIELDS:
        if name in data:
            setattr(article, name, data[name])
    if article.flag_id and not Flag.objects.filter(pk=article.flag_id).exists():
        article.flag_id = None
    if "cover" in data:
        article.cover.name = data["cover"] or ""
    if "flags" in data:
        article.flags.set(Flag.objects.filter(pk__in=data["flags"]))
    if "tags" in data:
        article.set_tags(data["tags"])


BLOCK_END = re.compile(r"(?<=</p>)|(?<=</h[2-6]>)|(?<=<br>)|(?<=</li>)|(?<=</figure>)|(?<=</tr>)")


def _lines(data):
    lines = []
    for name in [
        "title",
        "summary",
        "editor",
        "author",
        "statement",
        "source_name",
        "source_url",
        "channel_id",
        "region_id",
        "flag_id",
        "flags",
        "tags",
        "cover",
        "status",
        "published_at",
    ]:
        value = data.get(name)
        if isinstance(value, list):
            value = "、".join(map(str, value))
        lines.append(f"{LABELS.get(name, name)}：{'' if value is None else value}")
    lines.append("正文：")
    body = data.get("body") or ""
    lines.extend(part.strip() for part in BLOCK_END.split(body) if part.strip())
    return lines


def diff_html(old, new):
    """A side-by-side HTML table; difflib escapes the text, so the stored HTML shows as code."""
    differ = difflib.HtmlDiff(wrapcolumn=70, tabsize=2)
    return differ.make_table(
        _lines(old.snapshot),
        _lines(new.snapshot),
        fromdesc=f"第{old.number}版",
        todesc=f"第{new.number}版",
        context=True,
        numlines=2,
    )
