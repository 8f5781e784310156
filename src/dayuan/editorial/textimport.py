"""'Paste plain text' in the admin: a page saved as text becomes a draft article.

The reading is done by dayuan.text.textpage.parse_text_page, the same parser
as `dayuan import`; this only turns its result into a draft for an editor.
"""

from django import forms
from django.core.exceptions import ValidationError

from dayuan.news.importing import blocks_to_html
from dayuan.news.models import Article, Channel, Region
from dayuan.text.textpage import parse_text_page


class PasteTextForm(forms.Form):
    text = forms.CharField(
        label="纯文本",
        widget=forms.Textarea(attrs={"rows": 20, "cols": 100}),
        max_length=200_000,
        help_text="从网页复制的全文（标题、作者时间行、正文）。",
    )
    channel = forms.ModelChoiceField(Channel.objects.all(), label="栏目")
    region = forms.ModelChoiceField(Region.objects.all(), label="地区")


def article_from_text(data, user=None):
    page = parse_text_page(data["text"])
    if not page.title:
        raise ValidationError("没有识别出标题：请确认文本包含标题和作者/时间一行。")
    body = blocks_to_html(page.blocks)
    if not body:
        raise ValidationError("没有识别出正文段落。")
    article = Article(
        title=page.title[:200],
        channel=data["channel"],
        region=data["region"],
        body=body,
        editor=(page.editor or "网络编辑")[:50],
        author=page.author[:50],
        source_name=page.source_name[:100],
        source_url=page.source_url[:500],
        status=Article.Status.DRAFT,
    )
    if page.statement in Article.Statement.values:
        article.statement = page.statement
    article._revision_user = user
    article.save()
    if page.tags:
        article.set_tags(page.tags)
    return article
