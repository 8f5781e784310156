from django.contrib import admin

from .models import Article, ArticleTag, Channel, Flag, Region, Tag


class ArticleTagInline(admin.TabularInline):
    model = ArticleTag
    extra = 1
    autocomplete_fields = ["tag"]
    verbose_name = "标签"
    verbose_name_plural = "标签（按排序显示）"


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "code", "slug", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "short_name", "code", "slug"]
    list_select_related = ["parent"]


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "position", "in_nav"]
    list_editable = ["position", "in_nav"]
    search_fields = ["name", "slug"]


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "show_in_title", "position"]
    list_editable = ["show_in_title", "position"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["id", "title", "flag", "channel", "region", "status", "published_at", "view_count", "comment_count"]
    list_filter = ["status", "channel", "flag", "statement", ("region", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "id"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["region"]
    inlines = [ArticleTagInline]
    filter_horizontal = ["flags"]
    list_select_related = ["flag", "channel", "region"]
    readonly_fields = ["like_count", "view_count", "comment_count", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "flag", "flags", "channel", "region"]}),
        ("正文", {"fields": ["summary", "body", "cover"]}),
        ("署名与来源", {"fields": ["editor", "author", "statement", "source_name", "source_url", "collected_at"]}),
        ("发布", {"fields": ["status", "published_at"]}),
        ("统计", {"fields": ["like_count", "view_count", "comment_count", "created_at", "updated_at"]}),
    ]
