import contextvars

from captcha.conf import settings as captcha_settings
from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms

from .models import Complaint

CAPTCHA_ERRORS = {"invalid": "验证码错误或已过期，请重新输入。", "required": "请输入验证码。"}


class CaptchaWidget(CaptchaTextInput):
    """django-simple-captcha's widget with a Chinese image text and only attributes that
    valid HTML allows (no `required` on the hidden key, no Safari-only `autocorrect`)."""

    template_name = "engage/captcha_widget.html"
    # Set while a page is baked: its captcha is blanked (publish.render) and filled in by
    # JavaScript for each reader, so no captcha is made (and stored) for it.
    placeholder_only = contextvars.ContextVar("captcha_placeholder_only", default=False)
    PLACEHOLDER_KEY = "0" * 40

    def fetch_captcha_store(self, name, value, attrs=None, generator=None):
        from .captchas import take_key

        # A live page takes a captcha from the pool (no row written per render).
        key = self.PLACEHOLDER_KEY if self.placeholder_only.get() else take_key()
        self._value = [key, ""]
        self._key = key
        self.id_ = self.build_attrs(attrs).get("id", None)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        key, answer = context["widget"]["subwidgets"]
        key["attrs"].pop("required", None)
        answer["attrs"].pop("autocorrect", None)
        context["image_size"] = captcha_settings.CAPTCHA_IMAGE_SIZE
        return context


class CommentForm(forms.Form):
    nickname = forms.CharField(
        label="昵称",
        max_length=30,
        required=False,
        error_messages={"max_length": "昵称不能超过 %(limit_value)d 个字符。"},
        widget=forms.TextInput(attrs={"placeholder": "网友"}),
    )
    content = forms.CharField(
        label="评论内容",
        min_length=2,
        max_length=1000,
        error_messages={
            "required": "请填写评论内容。",
            "min_length": "评论内容至少 %(limit_value)d 个字。",
            "max_length": "评论内容不能超过 %(limit_value)d 个字（目前 %(show_value)d 个）。",
        },
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "文明上网，理性发言"}),
    )
    captcha = CaptchaField(label="验证码", widget=CaptchaWidget, error_messages=CAPTCHA_ERRORS)
    # Humans leave this empty; it is hidden from them by CSS.
    website = forms.CharField(label="网址", required=False)


class ComplaintForm(forms.Form):
    reason = forms.ChoiceField(
        label="投诉原因",
        choices=Complaint.Reason.choices,
        error_messages={"required": "请选择投诉原因。", "invalid_choice": "请选择有效的投诉原因。"},
    )
    contact = forms.CharField(
        label="联系方式",
        max_length=100,
        help_text="电话、电子邮箱或其他联系方式，便于站长回复。",
        error_messages={"required": "请留下联系方式。", "max_length": "联系方式不能超过 %(limit_value)d 个字符。"},
    )
    details = forms.CharField(
        label="详细说明",
        min_length=5,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "请填写详细说明。",
            "min_length": "详细说明至少 %(limit_value)d 个字。",
            "max_length": "详细说明不能超过 %(limit_value)d 个字（目前 %(show_value)d 个）。",
        },
    )
    captcha = CaptchaField(label="验证码", widget=CaptchaWidget, error_messages=CAPTCHA_ERRORS)
    website = forms.CharField(label="网址", required=False)
