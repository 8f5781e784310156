from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.html import format_html

from . import services, wordfilter
from .models import ArticleDailyStat, BannedIP, Comment, Complaint, SensitiveWord


class NoDeleteMixin:
    """Moderation keeps everything: no delete button, no bulk delete."""

    def has_delete_permission(self, request, obj=None):
        return False


class FlaggedFilter(admin.SimpleListFilter):
    title = "敏感词"
    parameter_name = "flagged"

    def lookups(self, request, model_admin):
        return [("yes", "命中敏感词"), ("no", "未命中")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(flagged_words="")
        if self.value() == "no":
            return queryset.filter(flagged_words="")
        return queryset


@admin.register(Comment)
class CommentAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["short_content", "nickname", "article_link", "status", "flagged_words", "created_at", "short_ip"]
    list_filter = ["status", FlaggedFilter, "created_at", ("article", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["content", "nickname", "ip_hash", "article__title"]
    date_hierarchy = "created_at"
    list_select_related = ["article", "article__channel", "article__region"]
    readonly_fields = [
        "article",
        "ip_hash",
        "user_agent",
        "created_at",
        "moderated_at",
        "moderated_by",
        "flagged_words",
    ]
    fields = [
        "article",
        "nickname",
        "content",
        "status",
        "flagged_words",
        "ip_hash",
        "user_agent",
        "created_at",
        "moderated_at",
        "moderated_by",
    ]
    actions = ["approve", "reject", "mark_spam", "ban_ip"]
    list_per_page = 50

    @admin.display(description="内容")
    def short_content(self, obj):
        return obj.content[:60] + ("…" if len(obj.content) > 60 else "")

    @admin.display(description="文章")
    def article_link(self, obj):
        return format_html(
            '<a href="{}" target="_blank">{}</a>', obj.article.get_absolute_url(), obj.article.title[:30]
        )

    @admin.display(description="IP 摘要")
    def short_ip(self, obj):
        return obj.ip_hash[:10]

    def _moderate(self, request, queryset, status, label):
        changed = services.moderate(list(queryset), status, user=request.user)
        self.message_user(request, f"已将 {changed} 条评论标记为“{label}”。", messages.SUCCESS)

    @admin.action(description="通过所选评论")
    def approve(self, request, queryset):
        self._moderate(request, queryset, Comment.Status.APPROVED, "已通过")

    @admin.action(description="拒绝所选评论")
    def reject(self, request, queryset):
        self._moderate(request, queryset, Comment.Status.REJECTED, "已拒绝")

    @admin.action(description="标记为垃圾评论")
    def mark_spam(self, request, queryset):
        self._moderate(request, queryset, Comment.Status.SPAM, "垃圾评论")

    @admin.action(description="封禁所选评论的 IP，并标记为垃圾评论")
    def ban_ip(self, request, queryset):
        created = services.ban(queryset.values_list("ip_hash", flat=True), user=request.user, reason="评论审核")
        services.moderate(list(queryset), Comment.Status.SPAM, user=request.user)
        self.message_user(request, f"已封禁 {created} 个 IP。", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        """Editing a comment's status by hand goes through the same counter upkeep."""
        new_status = obj.status
        if change and "status" in form.changed_data:
            obj.status = form.initial["status"]
            super().save_model(request, obj, form, change)
            services.moderate([obj], new_status, user=request.user)
        else:
            super().save_model(request, obj, form, change)
            if change and obj.status == Comment.Status.APPROVED:
                services.comment_edited(obj)  # its text on the article's page


class ImportWordsForm(forms.Form):
    file = forms.FileField(label="词表文件")
    action = forms.ChoiceField(
        label="未注明时的处理方式", choices=SensitiveWord.Action.choices, initial=SensitiveWord.Action.REVIEW
    )


@admin.register(SensitiveWord)
class SensitiveWordAdmin(admin.ModelAdmin):
    list_display = ["word", "action", "note", "created_at"]
    list_filter = ["action"]
    list_editable = ["action"]
    search_fields = ["word", "note"]
    change_list_template = "engage/admin/sensitiveword_changelist.html"

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="engage_sensitiveword_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            return redirect("admin:engage_sensitiveword_changelist")
        form = ImportWordsForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            raw = form.cleaned_data["file"].read()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                try:
                    text = raw.decode("gb18030")
                except UnicodeDecodeError:
                    text = None
            if text is None:
                form.add_error("file", "无法识别文件编码，请保存为 UTF-8 文本文件。")
            else:
                entries, errors = wordfilter.parse_word_lines(text.splitlines(), form.cleaned_data["action"])
                created, updated = wordfilter.import_words(entries)
                self.message_user(request, f"导入完成：新增 {created} 个，更新 {updated} 个。", messages.SUCCESS)
                for _, message in errors[:20]:
                    self.message_user(request, message, messages.WARNING)
                return redirect("admin:engage_sensitiveword_changelist")
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": "导入敏感词",
            "opts": self.model._meta,
        }
        return render(request, "engage/admin/import_words.html", context)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        wordfilter.invalidate()


@admin.register(BannedIP)
class BannedIPAdmin(admin.ModelAdmin):
    list_display = ["ip_hash", "reason", "created_at", "created_by"]
    search_fields = ["ip_hash", "reason"]
    readonly_fields = ["created_at", "created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        services.ban([obj.ip_hash])

    def delete_queryset(self, request, queryset):
        hashes = list(queryset.values_list("ip_hash", flat=True))
        super().delete_queryset(request, queryset)
        services.forget_bans(hashes)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.forget_bans([obj.ip_hash])


@admin.register(Complaint)
class ComplaintAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["created_at", "reason", "article_link", "article_status", "short_details", "contact", "status"]
    list_filter = ["status", "reason", "created_at"]
    search_fields = ["details", "contact", "article__title", "article__id"]
    list_select_related = ["article", "article__channel", "article__region"]
    readonly_fields = [
        "article",
        "reason",
        "contact",
        "details",
        "ip_hash",
        "user_agent",
        "created_at",
        "handled_at",
        "handled_by",
    ]
    actions = ["withdraw_articles", "restore_articles", "mark_handled", "mark_dismissed"]

    @admin.display(description="文章")
    def article_link(self, obj):
        if obj.article is None:
            return "（全站）"
        return format_html(
            '<a href="{}" target="_blank">{}</a>', obj.article.get_absolute_url(), obj.article.title[:30]
        )

    @admin.display(description="文章状态")
    def article_status(self, obj):
        return obj.article.get_status_display() if obj.article else "—"

    @admin.display(description="说明")
    def short_details(self, obj):
        return obj.details[:60] + ("…" if len(obj.details) > 60 else "")

    def _per_article(self, queryset):
        groups = {}
        for complaint in queryset.select_related("article"):
            if complaint.article is not None:
                groups.setdefault(complaint.article.pk, (complaint.article, []))[1].append(complaint)
        return groups.values()

    def _each_article(self, request, queryset, action):
        """Run `action` on each article; one refused (no permission, wrong state) doesn't stop the rest."""
        done = 0
        for article, complaints in self._per_article(queryset):
            try:
                action(article, user=request.user, complaints=complaints)
                done += 1
            except services.EngageError as error:
                self.message_user(request, f"《{article.title[:30]}》：{error.message}", messages.ERROR)
        return done

    @admin.action(description="撤下所选投诉涉及的文章")
    def withdraw_articles(self, request, queryset):
        done = self._each_article(request, queryset, services.withdraw)
        self.message_user(request, f"已撤下 {done} 篇文章（文章保留，页面显示已撤稿）。", messages.SUCCESS)

    @admin.action(description="恢复所选投诉涉及的文章")
    def restore_articles(self, request, queryset):
        done = self._each_article(request, queryset, services.restore)
        self.message_user(request, f"已恢复 {done} 篇文章。", messages.SUCCESS)

    @admin.action(description="标记为已处理")
    def mark_handled(self, request, queryset):
        services.close_complaints(queryset, Complaint.Status.HANDLED, request.user)
        self.message_user(request, "已标记为已处理。", messages.SUCCESS)

    @admin.action(description="标记为不予处理")
    def mark_dismissed(self, request, queryset):
        services.close_complaints(queryset, Complaint.Status.DISMISSED, request.user)
        self.message_user(request, "已标记为不予处理。", messages.SUCCESS)


@admin.register(ArticleDailyStat)
class ArticleDailyStatAdmin(admin.ModelAdmin):
    list_display = ["day", "article", "views", "likes", "comments"]
    list_filter = ["day"]
    search_fields = ["article__title", "article__id"]
    list_select_related = ["article"]
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
