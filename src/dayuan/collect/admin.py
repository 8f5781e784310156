from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from dayuan.tasks.registry import enqueue

from .models import ArticleSource, CollectedItem, CollectRun, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "health",
        "preview_link",
        "enabled",
        "kind",
        "channel",
        "region",
        "trusted",
        "last_run_at",
        "short_url",
    ]
    list_filter = ["kind", "trusted", "enabled", "channel"]
    list_editable = ["enabled"]
    search_fields = ["name", "url"]
    autocomplete_fields = ["region"]
    readonly_fields = ["last_run_at"]
    actions = ["collect_now"]
    change_form_template = "collect/admin/source_change_form.html"
    fieldsets = [
        (None, {"fields": ["name", "kind", "url", "enabled", "trusted"]}),
        ("归类", {"fields": ["channel", "region", "channel_rules"]}),
        ("采集", {"fields": ["interval", "max_items", "link_pattern", "last_run_at", "next_run_at"]}),
    ]

    class Media:
        css = {"all": ["collect/admin.css"]}

    @admin.display(description="最近状态")
    def health(self, source):
        """The last run's status, and how many runs in a row failed: a failing source stands out."""
        statuses = list(source.runs.order_by("-started_at").values_list("status", flat=True)[:20])
        if not statuses:
            return "尚未采集"
        failures = next((n for n, s in enumerate(statuses) if s != CollectRun.Status.FAILED), len(statuses))
        label = CollectRun.Status(statuses[0]).label
        if failures:
            return format_html('<strong class="source-failing">{}（连续 {} 次）</strong>', label, failures)
        return label

    @admin.display(description="网址", ordering="url")
    def short_url(self, source):
        return format_html('<span class="source-url" title="{}">{}</span>', source.url, source.url)

    @admin.display(description="试采")
    def preview_link(self, source):
        return format_html('<a href="{}">试采</a>', reverse("admin:collect_source_preview", args=[source.pk]))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [path("<int:pk>/preview/", view(self.preview), name="collect_source_preview"), *super().get_urls()]

    def preview(self, request, pk):
        """试采: read the source and one of its pages, show what would be collected, save nothing."""
        from .preview import preview

        source = get_object_or_404(Source, pk=pk)
        if not self.has_change_permission(request, source):
            raise PermissionDenied
        url = request.GET.get("url", "").strip()
        return TemplateResponse(
            request,
            "collect/admin/preview.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": source,
                "title": f"试采：{source.name}",
                "result": preview(source, url) if "run" in request.GET or url else None,
                "url": url,
            },
        )

    @admin.action(description="立即采集所选来源（后台运行）")
    def collect_now(self, request, queryset):
        for source in queryset:
            enqueue("collect.run_source", source.pk, unique_key=f"collect:{source.pk}")
        self.message_user(request, f"已安排 {queryset.count()} 个来源在后台采集，结果见“采集记录”。", messages.SUCCESS)


class CollectedItemInline(admin.TabularInline):
    model = CollectedItem
    fields = ["outcome", "title", "url", "reason", "similarity", "article", "http_status"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CollectRun)
class CollectRunAdmin(admin.ModelAdmin):
    list_display = ["source", "started_at", "status", "trigger_label", "found", "new", "duplicate", "skipped", "failed"]
    list_filter = ["status", "source"]
    readonly_fields = [
        "source",
        "status",
        "trigger_label",
        "started_at",
        "finished_at",
        "found",
        "new",
        "duplicate",
        "skipped",
        "failed",
        "error",
    ]
    exclude = ["trigger"]
    inlines = [CollectedItemInline]
    date_hierarchy = "started_at"

    @admin.display(description="触发方式", ordering="trigger")
    def trigger_label(self, run):
        return run.get_trigger_display()

    def has_add_permission(self, request):
        return False


@admin.register(CollectedItem)
class CollectedItemAdmin(admin.ModelAdmin):
    list_display = ["outcome", "title", "url", "reason", "similarity", "run", "created_at"]
    list_filter = ["outcome", "run__source"]
    search_fields = ["title", "url", "reason"]
    readonly_fields = [
        "run",
        "url",
        "canonical_url",
        "title",
        "outcome",
        "reason",
        "http_status",
        "article",
        "similarity",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(ArticleSource)
class ArticleSourceAdmin(admin.ModelAdmin):
    list_display = ["article", "name", "url", "similarity", "collected_at"]
    search_fields = ["name", "url", "title", "article__title"]
    raw_id_fields = ["article"]
    list_filter = ["source"]

    def get_changeform_initial_data(self, request):
        return {"collected_at": timezone.now()}
