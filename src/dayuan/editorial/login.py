"""Admin login throttling: repeated failures lock the account and the IP for a while."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm

from dayuan.engage import limits


class ThrottledLoginForm(AdminAuthenticationForm):
    """The admin login form, refusing after repeated failures per account and per IP
    (DAYUAN_LOGIN_ACCOUNT_RATE, DAYUAN_LOGIN_RATE; shared by every process), even with
    the right password, until the window has slid past the failures."""

    LOCKED = "登录失败次数过多，请稍后（约 15 分钟）再试。如忘记密码，请联系站长。"

    def clean(self):
        ip = limits.request_ip_hash(self.request) if self.request else "-"
        account = (self.cleaned_data.get("username") or "").strip().lower()[:150]
        if not (
            limits.peek("login-ip", ip, "DAYUAN_LOGIN_RATE")
            and limits.peek("login-account", account, "DAYUAN_LOGIN_ACCOUNT_RATE")
        ):
            raise forms.ValidationError(self.LOCKED, code="throttled")
        try:
            return super().clean()
        except forms.ValidationError:
            limits.hit("login-ip", ip, "DAYUAN_LOGIN_RATE")
            limits.hit("login-account", account, "DAYUAN_LOGIN_ACCOUNT_RATE")
            raise
