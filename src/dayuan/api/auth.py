"""Bearer tokens for the write API. A token acts as its user, with that user's role."""

from datetime import timedelta

from django.utils import timezone
from ninja.security import HttpBearer

from .models import ApiToken

TOUCH_EVERY = timedelta(minutes=1)  # last_used_at is for people: no write on every request

# scope → the permissions a user's role must give (editorial/roles.py)
SCOPES = {
    "articles:write": ("news.add_article", "news.change_article"),
    "articles:submit": ("editorial.submit_article",),
    "articles:publish": ("editorial.publish_article",),
    "images:upload": ("editorial.upload_image",),
}


def scopes_of(user):
    return ["read", *(scope for scope, perms in SCOPES.items() if user.is_active and user.has_perms(perms))]


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        api_token = ApiToken.find(token)
        if api_token is None:
            return None
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at > TOUCH_EVERY:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.user = api_token.user
        request.api_token = api_token
        return api_token
