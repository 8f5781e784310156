"""API tokens in the back office: created (shown once, stored hashed), listed, revoked."""

import re

import pytest

from dayuan.api.models import ApiToken, digest

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model, tokens):
    boss = django_user_model.objects.create_superuser("boss", password="pw-boss")
    client.force_login(boss)
    return client


def test_a_token_is_shown_once_and_stored_hashed(admin_client, tokens):
    editor = tokens["users"]["editor"]
    response = admin_client.post("/admin/api/apitoken/add/", {"user": editor.pk, "name": "小程序发稿"}, follow=True)
    raw = re.search(r"<code>(dy_[\w-]+)</code>", response.content.decode()).group(1)
    token = ApiToken.objects.get(name="小程序发稿")
    assert token.digest == digest(raw) and raw not in (token.prefix, token.digest) and raw.startswith(token.prefix)
    listing = admin_client.get("/admin/api/apitoken/").content.decode()
    assert f"{token.prefix}…" in listing and raw not in listing
    assert "articles:submit" in listing and "articles:publish" not in listing.split("小程序发稿")[1].split("</tr>")[0]


def test_the_revoke_action_revokes(admin_client, tokens):
    token = ApiToken.objects.get(user__username="reviewer")
    admin_client.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.is_revoked and ApiToken.find(tokens["reviewer"]) is None
    assert ApiToken.find(tokens["editor"]) is not None
