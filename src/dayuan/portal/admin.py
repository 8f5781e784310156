"""The site layer's back office: friend links, ad slots, the 推荐位 overview and 生成静态."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from dayuan.tasks.models import Task
from dayuan.tasks.registry import enqueue

from . import slots
from .models import AdSlot, BakeJob, FriendLink, SlotPosition


def bake_task_key(job):
    return job.task_key or f"portal:bake:{job.pk}"


def active_bake():
    """The bake waiting or running now; one whose task ended without it (its worker died for good)
    is marked failed, so it never blocks the next start."""
    for job in BakeJob.objects.filter(status__in=[BakeJob.Status.PENDING, BakeJob.Status.RUNNING]):
        task = Task.objects.filter(unique_key=bake_task_key(job)).order_by("-id").first()
        if task is not None and task.status in (Task.Status.PENDING, Task.Status.RUNNING):
            return job
        job.status, job.finished_at = BakeJob.Status.FAILED, timezone.now()
        job.summary = job.summary or "生成中断（后台任务已结束），请重新开始。"
        job.save()
    return None


@admin.register(FriendLink)
class FriendLinkAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "position", "is_active"]
    list_editable = ["position", "is_active"]


class AdSlotForm(forms.ModelForm):
    class Meta:
        model = AdSlot
        fields = "__all__"

    def clean_image(self):
        """An uploaded picture is checked and re-encoded as the article covers are (size, pixels, no SVG)."""
        from dayuan.editorial.images import clean_image

        image = self.cleaned_data.get("image")
        if image and hasattr(image, "content_type"):  # a new upload, not the stored file
            data, ext, _, _ = clean_image(image)
            return ContentFile(data, name=f"{image.name.rsplit('.', 1)[0][:60] or 'ad'}.{ext}")
        return image


@admin.register(AdSlot)
class AdSlotAdmin(admin.ModelAdmin):
    form = AdSlotForm
    list_display = ["title", "place", "url", "position", "is_active"]
    list_filter = ["place", "is_active"]
    list_editable = ["position", "is_active"]


@admin.register(SlotPosition)
class SlotOverviewAdmin(admin.ModelAdmin):
    """Its list is the 推荐位 overview: every slot's articles in home-page order, numbers to reorder."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            if not self.has_change_permission(request):
                raise PermissionDenied
            changed, bad = slots.save_positions(request.POST)
            self.message_user(request, f"已保存排序（{changed} 处变化），首页随后更新。", level=messages.SUCCESS)
            if bad:
                self.message_user(
                    request,
                    f"有 {len(bad)} 个排序不是整数，没有保存：请填 0、1、2 这样的数字，或留空。",
                    messages.ERROR,
                )
            return redirect(request.path)
        return TemplateResponse(
            request,
            "portal/admin/slots.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "推荐位一览",
                "slots": slots.overview(),
                "can_change": self.has_change_permission(request),
            },
        )


@admin.register(BakeJob)
class BakeJobAdmin(admin.ModelAdmin):
    """Its list is the 生成静态 page: a start button, the running job's progress, past jobs."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        return redirect("admin:portal_bakejob_changelist")  # a bake is started by its button, not a form

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("start/", view(self.start), name="portal_bake_start"),
            path("<int:pk>/progress/", view(self.progress), name="portal_bake_progress"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return TemplateResponse(
            request,
            "portal/admin/bake.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "生成静态",
                "jobs": BakeJob.objects.select_related("started_by")[:10],
                "can_start": self.has_add_permission(request),
            },
        )

    def start(self, request):
        if request.method != "POST" or not self.has_add_permission(request):
            raise PermissionDenied
        active = active_bake()
        if active is not None:
            self.message_user(request, f"已有一次生成在进行（#{active.pk}），请等它完成。", level=messages.WARNING)
        else:
            with transaction.atomic():
                job = BakeJob.objects.create(started_by=request.user)
                enqueue("portal.bake", job.pk, unique_key=bake_task_key(job))
            self.message_user(request, f"已开始生成静态（#{job.pk}），进度见下方。", level=messages.SUCCESS)
        return redirect("admin:portal_bakejob_changelist")

    def progress(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        job = get_object_or_404(BakeJob, pk=pk)
        return JsonResponse(
            {
                "status": job.status,
                "status_label": job.get_status_display(),
                "done": job.done,
                "total": job.total,
                "percent": job.percent,
                "summary": job.summary,
                "finished": job.status in (BakeJob.Status.DONE, BakeJob.Status.FAILED),
            }
        )
