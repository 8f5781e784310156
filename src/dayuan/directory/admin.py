from django import forms
from django.contrib import admin, messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from .checker import check_entries
from .csvio import CSVImportError, export_csv, import_csv
from .models import ServiceCategory, ServiceEntry, validate_service_url


class ServiceEntryForm(forms.ModelForm):
    # A plain text field, so a `javascript:` link gets the scheme message, not a generic one.
    url = forms.CharField(
        label="网址",
        required=False,
        max_length=500,
        validators=[validate_service_url],
        help_text=ServiceEntry._meta.get_field("url").help_text,
    )

    class Meta:
        model = ServiceEntry
        fields = "__all__"


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]


@admin.register(ServiceEntry)
class ServiceEntryAdmin(admin.ModelAdmin):
    form = ServiceEntryForm
    list_display = [
        "name",
        "url",
        "category",
        "region",
        "is_active",
        "needs_review",
        "is_failing",
        "consecutive_failures",
        "status_code",
        "tls_valid",
        "last_checked_at",
    ]
    list_filter = ["is_failing", "needs_review", "is_active", "category", "region__level"]
    search_fields = ["name", "url", "description", "phone"]
    autocomplete_fields = ["region"]
    list_select_related = ["category", "region"]
    actions = ["export_selected", "check_selected", "mark_verified"]
    readonly_fields = [
        "last_checked_at",
        "last_ok_at",
        "status_code",
        "final_url",
        "tls_valid",
        "response_ms",
        "last_error",
        "consecutive_failures",
        "is_failing",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "url",
                    "phone",
                    "description",
                    "category",
                    "region",
                    "position",
                    "is_active",
                    "needs_review",
                    "verified_on",
                ]
            },
        ),
        ("链接检查", {"fields": readonly_fields}),
    ]
    change_list_template = "directory/admin/change_list.html"

    @admin.action(description="导出所选条目为 CSV")
    def export_selected(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="services.csv"'
        response.write("\ufeff")  # Excel opens UTF-8 CSV correctly with a BOM
        export_csv(queryset, response)
        return response

    @admin.action(description="立即检查所选链接")
    def check_selected(self, request, queryset):
        checked, failing = check_entries(list(queryset))
        self.message_user(request, f"已检查 {checked} 个链接，其中 {failing} 个标记为异常。")

    @admin.action(description="标记为已人工核实（今天）")
    def mark_verified(self, request, queryset):
        entries = list(queryset)
        for entry in entries:  # saved one by one, so the baked directory pages follow
            entry.verified_on, entry.needs_review = timezone.localdate(), False
            entry.save(update_fields=["verified_on", "needs_review"])
        self.message_user(request, f"已将 {len(entries)} 个条目标记为今天核实。")

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="directory_serviceentry_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            return redirect("admin:directory_serviceentry_changelist")
        errors = []
        if request.method == "POST":
            upload = request.FILES.get("file")
            if upload is None:
                errors = ["请选择一个 CSV 文件。"]
            else:
                try:
                    text = upload.read().decode("utf-8")
                except UnicodeDecodeError:
                    errors = ["文件不是 UTF-8 编码的 CSV，请另存为 UTF-8 后重试。"]
                else:
                    try:
                        created, updated = import_csv(text)
                    except CSVImportError as error:
                        errors = error.errors
                    else:
                        self.message_user(request, f"导入完成：新增 {created} 条，更新 {updated} 条。")
                        return redirect("admin:directory_serviceentry_changelist")
            if errors:
                self.message_user(request, "导入失败，未做任何修改。", level=messages.ERROR)
        context = {
            **self.admin_site.each_context(request),
            "title": "从 CSV 导入服务条目",
            "errors": errors,
            "opts": self.model._meta,
        }
        return render(request, "directory/admin/import.html", context)
