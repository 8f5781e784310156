from django import template

from dayuan.engage.counters import HOT_PERIODS, hot_articles
from dayuan.engage.forms import CommentForm

register = template.Library()

COMMENTS_ON_PAGE = 50


@register.inclusion_tag("engage/_like.html", takes_context=True)
def like_button(context, article):
    return {"article": article, "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("engage/_comments.html", takes_context=True)
def comment_section(context, article, form=None):
    """The comment block: approved comments oldest first (50, then a link), the form."""
    from dayuan.engage.models import Comment

    approved = getattr(article, "approved_comments", None)  # prefetched by the bulk renderer
    if approved is None:
        approved = list(
            article.comments.filter(status=Comment.Status.APPROVED).order_by("created_at", "id")[: COMMENTS_ON_PAGE + 1]
        )
    return {
        "article": article,
        "site": context["site"],
        "form": form or context.get("comment_form") or CommentForm(),
        "csrf_token": context.get("csrf_token"),
        "messages": context.get("messages"),
        "comments": approved[:COMMENTS_ON_PAGE],
        "more_comments": len(approved) > COMMENTS_ON_PAGE,
    }


@register.inclusion_tag("engage/_hot_list.html")
def hot_list(region=None, limit=10):
    """最热: the day's, week's and month's most read articles, site-wide or in a region."""
    return {
        "region": region,
        "suffix": f"-{region.pk}" if region else "",
        # A period nobody read in is left out, and the block with it when all are empty.
        "periods": [
            (key, label, articles) for key, label, _ in HOT_PERIODS if (articles := hot_articles(key, region, limit))
        ],
    }


@register.inclusion_tag("engage/_admin_notices.html")
def engage_admin_notices():
    """Count badges for the admin index: what waits for a moderator."""
    from dayuan.engage.models import Comment, Complaint

    return {
        "pending_comments": Comment.objects.filter(status=Comment.Status.PENDING).count(),
        "pending_complaints": Complaint.objects.filter(status=Complaint.Status.PENDING).count(),
    }
