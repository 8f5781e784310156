from django.contrib import admin

from .models import SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    fieldsets = [
        (
            "网站",
            {
                "fields": [
                    "title",
                    "short_name",
                    "name",
                    "footer_name",
                    "domain",
                    "use_https",
                    "description",
                    "keywords",
                    "icp_number",
                    "police_record",
                ]
            },
        ),
        ("关于与页脚", {"fields": ["about_title", "about", "copyright", "disclaimer_en", "disclaimer_zh"]}),
        (
            "文章声明",
            {
                "fields": [
                    "statement_heading",
                    "statement_original",
                    "statement_authorized",
                    "statement_reprinted",
                    "address_label",
                ]
            },
        ),
        ("评论", {"fields": ["comments_heading", "captcha_label", "comments_moderated"]}),
    ]

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
