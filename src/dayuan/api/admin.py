"""API tokens in the back office: created here (the token is shown once), listed, revoked."""

from django.contrib import admin, messages
from django.utils.html import format_html

from .auth import scopes_of
from .models import ApiToken, ArticleRemoval


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix_shown", "scopes", "created_at", "last_used_at", "state"]
    list_filter = ["revoked_at"]
    list_select_related = ["user"]
    search_fields = ["name", "user__username", "prefix"]
    fields = ["user", "name"]
    autocomplete_fields = ["user"]
    actions = ["revoke"]

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        raw = obj.new_secret()
        super().save_model(request, obj, form, change)
        self.message_user(
            request,
            format_html("令牌已创建，请立即复制保存（只显示这一次）：<code>{}</code>", raw),
            level=messages.WARNING,
        )

    @admin.display(description="前缀")
    def prefix_shown(self, obj):
        return f"{obj.prefix}…"

    @admin.display(description="权限范围")
    def scopes(self, obj):
        return "、".join(scopes_of(obj.user))

    @admin.display(description="状态")
    def state(self, obj):
        return "已吊销" if obj.is_revoked else "有效"

    @admin.action(description="吊销所选令牌")
    def revoke(self, request, queryset):
        for token in queryset:
            token.revoke()
        self.message_user(request, f"已吊销 {queryset.count()} 个令牌。", level=messages.SUCCESS)


@admin.register(ArticleRemoval)
class ArticleRemovalAdmin(admin.ModelAdmin):
    list_display = ["article_id", "kind", "removed_at"]
    list_filter = ["kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
