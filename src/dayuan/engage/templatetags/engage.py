from django import template

from dayuan.engage.forms import CommentForm

register = template.Library()


@register.inclusion_tag("engage/_like.html")
def like_button(article):
    return {"article": article}


@register.inclusion_tag("engage/_comments.html", takes_context=True)
def comment_section(context, article, form=None):
    return {
        "article": article,
        "site": context["site"],
        "form": form or CommentForm(),
        "csrf_token": context.get("csrf_token"),
    }
