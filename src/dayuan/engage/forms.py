from captcha.conf import settings as captcha_settings
from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms


class CaptchaWidget(CaptchaTextInput):
    """django-simple-captcha's widget with a Chinese image text and only attributes that
    valid HTML allows (no `required` on the hidden key, no Safari-only `autocorrect`)."""

    template_name = "engage/captcha_widget.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        key, answer = context["widget"]["subwidgets"]
        key["attrs"].pop("required", None)
        answer["attrs"].pop("autocorrect", None)
        context["image_size"] = captcha_settings.CAPTCHA_IMAGE_SIZE
        return context


class CommentForm(forms.Form):
    nickname = forms.CharField(label="昵称", max_length=30, required=False,
                               widget=forms.TextInput(attrs={"placeholder": "网友"}))
    content = forms.CharField(label="评论内容", min_length=2, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 4, "placeholder": "文明上网，理性发言"}))
    captcha = CaptchaField(label="验证码", widget=CaptchaWidget,
                           error_messages={"invalid": "验证码错误，请重新输入。"})
    # Humans leave this empty; it is hidden from them by CSS.
    website = forms.CharField(label="网址", required=False)
