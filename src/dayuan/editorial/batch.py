"""Batch actions on the article list: 移动栏目, 设推荐位, 审核发布, 撤稿.

Each runs the workflow service once per selected article, so every article is checked,
locked, revised and logged as if it were done by hand; one refused article is reported
and the others go on. Actions that need a choice (a channel, slots) show a small form
first, Django's way (the action posts again with `apply`).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse

from dayuan.news.models import Channel, Flag

from . import services


class MoveForm(forms.Form):
    channel = forms.ModelChoiceField(Channel.objects.all(), label="移到栏目", empty_label=None)


class PlaceForm(forms.Form):
    flags = forms.ModelMultipleChoiceField(Flag.objects.all(), label="加入推荐位", widget=forms.CheckboxSelectMultiple)


def run_each(modeladmin, request, queryset, service, done, **kwargs):
    succeeded, refused = 0, []
    for article in queryset.order_by("pk"):
        try:
            service(article, by=request.user, **kwargs)
        except services.WorkflowError as error:
            refused.append(f"《{article.title}》：{error}")
        else:
            succeeded += 1
    if succeeded:
        modeladmin.message_user(request, f"{done} {succeeded} 篇。", level=messages.SUCCESS)
    for message in refused:
        modeladmin.message_user(request, message, level=messages.ERROR)


def ask(modeladmin, request, queryset, form, title):
    """The action's form for the selected articles (shown until it is posted back valid)."""
    return TemplateResponse(
        request,
        "editorial/admin/batch.html",
        {
            **modeladmin.admin_site.each_context(request),
            "opts": modeladmin.model._meta,
            "title": title,
            "form": form,
            "articles": queryset,
            "action": request.POST.get("action", ""),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        },
    )


@admin.action(description="移动栏目")
def move_channel(modeladmin, request, queryset):
    form = MoveForm(request.POST if "apply" in request.POST else None)
    if not form.is_valid():
        return ask(modeladmin, request, queryset, form, "把所选文章移到另一个栏目")
    channel = form.cleaned_data["channel"]
    run_each(modeladmin, request, queryset, services.move, f"已移到“{channel.name}”：", channel=channel)
    return None


@admin.action(description="设推荐位")
def place_in_slots(modeladmin, request, queryset):
    form = PlaceForm(request.POST if "apply" in request.POST else None)
    if not form.is_valid():
        return ask(modeladmin, request, queryset, form, "把所选文章加入推荐位")
    flags = list(form.cleaned_data["flags"])
    names = "、".join(flag.name for flag in flags)
    run_each(modeladmin, request, queryset, services.place, f"已加入“{names}”：", flags=flags)
    return None


@admin.action(description="审核发布", permissions=["publish"])
def publish_selected(modeladmin, request, queryset):
    run_each(modeladmin, request, queryset, services.publish, "已发布")


@admin.action(description="撤稿", permissions=["publish"])
def withdraw_selected(modeladmin, request, queryset):
    run_each(modeladmin, request, queryset, services.withdraw, "已撤稿")


ACTIONS = [move_channel, place_in_slots, publish_selected, withdraw_selected]
