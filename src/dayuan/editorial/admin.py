"""The back office: the news Article admin extended with workflow, revisions, images and preview.

news/admin.py stays as it is; this app unregisters its ArticleAdmin and
registers a subclass, so the integration lives with the app that needs it.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html

from dayuan.news.admin import ArticleAdmin
from dayuan.news.models import Article

from . import batch, services
from .editor import add_srcset, editor_widget
from .images import clean_image, make_variants, save_upload
from .models import ArticleRevision, AuditLog, ImageAsset
from .preview import preview_url, revoke
from .revisions import diff_html, record_revision, refresh_revision
from .textimport import PasteTextForm, article_from_text


class EditorialArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = "__all__"
        widgets = {"body": editor_widget()}

    def clean_cover(self):
        cover = self.cleaned_data.get("cover")
        if cover and hasattr(cover, "content_type"):  # a new upload, not the stored file
            data, ext, _, _ = clean_image(cover)
            stem = cover.name.rsplit(".", 1)[0][:60] or "cover"
            return ContentFile(data, name=f"{stem}.{ext}")
        return cover


PICTURE_SLOTS = {"huandeng": "幻灯", "toutiao": "头条"}


def warn_missing_cover(request, article):
    """The home page's picture slots need a cover: say so while the editor is on the article."""
    if article.cover:
        return
    slots = [
        PICTURE_SLOTS[slug] for slug in article.flags.filter(slug__in=PICTURE_SLOTS).values_list("slug", flat=True)
    ]
    if slots:
        messages.warning(
            request, f"这篇文章在“{'、'.join(slots)}”推荐位，但还没有封面图：首页会显示没有图片的占位块。请上传封面图。"
        )


admin.site.unregister(Article)


@admin.register(Article)
class EditorialArticleAdmin(ArticleAdmin):
    form = EditorialArticleForm
    change_form_template = "editorial/admin/article_change_form.html"
    change_list_template = "editorial/admin/article_change_list.html"
    readonly_fields = [*ArticleAdmin.readonly_fields, "status", "published_at"]
    actions = batch.ACTIONS

    class Media:
        js = ["editorial/editor.js"]
        css = {"all": ["editorial/admin.css"]}

    # --- permissions: editors can't touch what is live or scheduled -------------------

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or services.can_edit(request.user, obj))

    def has_publish_permission(self, request):
        return request.user.has_perm(services.PUBLISH_PERM)

    # --- saving: revisions, audit, images ------------------------------------------------

    def save_model(self, request, obj, form, change):
        obj.body = add_srcset(obj.body)
        obj._revision_user = request.user
        if not change:
            obj.status = Article.Status.DRAFT
        super().save_model(request, obj, form, change)
        if "cover" in form.changed_data and obj.cover:
            make_variants(obj.cover.name)
        moved = change and {"channel", "region"} & set(form.changed_data)
        services.log(request.user, "move" if moved else "edit" if change else "create", obj)

    def delete_model(self, request, obj):
        services.delete(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            services.delete(article, by=request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        revision = getattr(article, "_new_revision", None)
        if revision is not None:
            refresh_revision(revision, article, request.user)
        else:
            record_revision(article, request.user)
        warn_missing_cover(request, article)

    # --- 保存并发布: one step for reviewers ------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_publish_now"] = self.has_publish_permission(request) and (
            obj is None or obj.status != Article.Status.PUBLISHED
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _publish_after_save(self, request, obj):
        if "_publish" not in request.POST:
            return False
        try:
            services.publish(obj, by=request.user)
        except services.WorkflowError as error:
            self.message_user(request, f"已保存，但没有发布：{error}", level=messages.ERROR)
        else:
            self.message_user(request, f"“{obj.title}”已保存并发布。", level=messages.SUCCESS)
        return True

    def response_add(self, request, obj, post_url_continue=None):
        if self._publish_after_save(request, obj):
            return redirect(self._change_url(obj))
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if self._publish_after_save(request, obj):
            return redirect(self._change_url(obj))
        return super().response_change(request, obj)

    # --- extra pages --------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("upload-image/", view(self.upload_image), name="editorial_upload_image"),
            path("paste-text/", view(self.paste_text), name="editorial_paste_text"),
            path("<int:pk>/workflow/", view(self.workflow), name="editorial_workflow"),
            path("<int:pk>/preview/revoke/", view(self.revoke_previews), name="editorial_revoke_previews"),
            path("<int:pk>/revisions/", view(self.revision_list), name="editorial_revisions"),
            path("<int:pk>/revisions/compare/", view(self.revision_compare), name="editorial_compare"),
            path("<int:pk>/revisions/<int:number>/restore/", view(self.revision_restore), name="editorial_restore"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        extra = extra_context or {}
        if article is not None and request.method == "GET":
            warn_missing_cover(request, article)
        if article is not None:
            user = request.user
            status = article.status
            S = Article.Status
            extra.update(
                {
                    "preview_url": preview_url(article),
                    "can_submit": user.has_perm(services.SUBMIT_PERM) and status in (S.DRAFT, S.WITHDRAWN),
                    "can_publish": user.has_perm(services.PUBLISH_PERM) and status != S.PUBLISHED,
                    "can_reject": user.has_perm(services.PUBLISH_PERM) and status in (S.REVIEW, S.SCHEDULED),
                    "can_withdraw": user.has_perm(services.PUBLISH_PERM) and status in (S.PUBLISHED, S.SCHEDULED),
                    "last_rejection": AuditLog.objects.filter(article=article, action="reject").first(),
                    "audit_entries": AuditLog.objects.filter(article=article).select_related("actor")[:10],
                    "revision_count": article.revisions.count(),
                }
            )
        return super().change_view(request, object_id, form_url, extra)

    def _article(self, request, pk):
        article = get_object_or_404(Article, pk=pk)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    @staticmethod
    def _change_url(article):
        return reverse("admin:news_article_change", args=[article.pk])

    def workflow(self, request, pk):
        if request.method != "POST":
            return redirect(self._change_url(get_object_or_404(Article, pk=pk)))
        article = self._article(request, pk)
        action = request.POST.get("action", "")
        comment = request.POST.get("comment", "")
        try:
            if action == "submit":
                services.submit(article, by=request.user)
                done = "已提交审核。"
            elif action == "publish":
                services.publish(article, by=request.user)
                done = "已发布。"
            elif action == "reject":
                services.reject(article, by=request.user, comment=comment)
                done = "已退回给作者。"
            elif action == "withdraw":
                services.withdraw(article, by=request.user, comment=comment)
                done = "已撤稿，文章保留在后台。"
            elif action == "schedule":
                services.schedule(article, by=request.user, when=_parse_when(request.POST.get("when", "")))
                done = "已设置定时发布。"
            else:
                raise services.WorkflowError("未知的操作。")
        except services.WorkflowError as error:
            self.message_user(request, str(error), level=messages.ERROR)
        else:
            self.message_user(request, done, level=messages.SUCCESS)
        return redirect(self._change_url(article))

    def revoke_previews(self, request, pk):
        """POST: every preview link given out for this article stops working."""
        article = self._article(request, pk)
        if request.method == "POST":
            if not services.can_edit(request.user, article):
                raise PermissionDenied
            revoke(article)
            services.log(request.user, "revoke_preview", article)
            self.message_user(
                request,
                "预览链接已作废：之前发出的预览链接都已失效，“预览”按钮给出的是新链接。",
                level=messages.SUCCESS,
            )
        return redirect(self._change_url(article))

    def revision_list(self, request, pk):
        article = self._article(request, pk)
        revisions = article.revisions.select_related("created_by")
        return TemplateResponse(
            request,
            "editorial/admin/revisions.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": article,
                "title": f"版本历史：{article.title}",
                "revisions": revisions,
                "can_restore": services.can_edit(request.user, article),
            },
        )

    def revision_compare(self, request, pk):
        article = self._article(request, pk)
        revisions = {r.number: r for r in article.revisions.all()}
        try:
            old, new = revisions[int(request.GET.get("a", 0))], revisions[int(request.GET.get("b", 0))]
        except (KeyError, ValueError):
            self.message_user(request, "请选择两个存在的版本进行比较。", level=messages.ERROR)
            return redirect("admin:editorial_revisions", pk=article.pk)
        return TemplateResponse(
            request,
            "editorial/admin/compare.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": article,
                "title": f"比较第{old.number}版与第{new.number}版",
                "table": diff_html(old, new),
            },
        )

    def revision_restore(self, request, pk, number):
        article = self._article(request, pk)
        if request.method != "POST":
            return redirect("admin:editorial_revisions", pk=article.pk)
        revision = get_object_or_404(ArticleRevision, article=article, number=number)
        try:
            _, message = services.restore(revision, by=request.user)
        except services.WorkflowError as error:
            self.message_user(request, str(error), level=messages.ERROR)
            return redirect("admin:editorial_revisions", pk=article.pk)
        self.message_user(request, message, level=messages.SUCCESS)
        return redirect(self._change_url(article))

    def upload_image(self, request):
        if request.method != "POST":
            return JsonResponse({"error": "请用 POST 上传图片。"}, status=405)
        if not request.user.has_perm("editorial.upload_image"):
            return JsonResponse({"error": "你没有上传图片的权限。"}, status=403)
        upload = request.FILES.get("file")
        if upload is None:
            return JsonResponse({"error": "没有收到图片文件。"}, status=400)
        try:
            asset = save_upload(upload, user=request.user)
        except ValidationError as error:
            return JsonResponse({"error": " ".join(error.messages)}, status=400)
        services.log(request.user, "upload", summary=asset.original_name)
        return JsonResponse({"location": asset.file.url, "width": asset.width, "height": asset.height})

    def paste_text(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = PasteTextForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                article = article_from_text(form.cleaned_data, user=request.user)
            except ValidationError as error:
                form.add_error("text", error)
            else:
                services.log(request.user, "create", article)
                self.message_user(request, "已从纯文本生成草稿，请检查后保存。", level=messages.SUCCESS)
                return redirect(self._change_url(article))
        return TemplateResponse(
            request,
            "editorial/admin/paste_text.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "粘贴纯文本新建文章",
                "form": form,
            },
        )


def _parse_when(value):
    when = parse_datetime((value or "").strip())
    if when is None:
        raise services.WorkflowError("定时发布时间格式不正确，请按“2026-01-31 08:00”填写。")
    return timezone.make_aware(when) if timezone.is_naive(when) else when


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "action_label", "article", "summary", "comment"]
    list_filter = ["action"]
    search_fields = ["summary", "comment", "actor__username"]
    list_select_related = ["actor", "article"]

    @admin.display(description="操作")
    def action_label(self, obj):
        return obj.get_action_display()


@admin.register(ArticleRevision)
class ArticleRevisionAdmin(ReadOnlyAdmin):
    def has_delete_permission(self, request, obj=None):
        # Only so that an article can be deleted by a role allowed to (revisions go with it).
        return admin.ModelAdmin.has_delete_permission(self, request, obj)

    list_display = ["article", "number", "created_by", "created_at", "note"]
    list_select_related = ["article", "created_by"]
    search_fields = ["article__title"]


@admin.register(ImageAsset)
class ImageAssetAdmin(ReadOnlyAdmin):
    list_display = ["thumbnail", "original_name", "width", "height", "uploaded_by", "created_at"]

    @admin.display(description="预览")
    def thumbnail(self, obj):
        return format_html('<img src="{}" alt="" style="max-height:60px">', obj.file.url)
