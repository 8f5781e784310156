"""Fixtures for the API tests: newsroom users with tokens, and an HTTP client on a live server."""

import httpx
import pytest


@pytest.fixture
def roles(base_data):
    from dayuan.editorial.roles import create_roles

    return create_roles()


@pytest.fixture
def tokens(roles, django_user_model):
    """A token per role: {"editor": raw, "reviewer": raw}, and the users as tokens["users"]."""
    from dayuan.api.models import ApiToken

    editor_group, reviewer_group, _ = roles
    made, users = {}, {}
    for name, group in (("editor", editor_group), ("reviewer", reviewer_group)):
        user = django_user_model.objects.create_user(name, password="pw-" + name, is_staff=True)
        user.groups.add(group)
        users[name] = user
        made[name] = ApiToken.issue(user, f"{name} 的令牌")[1]
    made["users"] = users
    return made


def bearer(raw):
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def api(live_server, base_data):
    """An HTTP client on the live server's /api/v1/."""
    with httpx.Client(base_url=live_server.url + "/api/v1", timeout=20) as client:
        yield client


@pytest.fixture
def quiet_worker(db):
    """Run the worker's queued tasks until none is due, with its periodic jobs held back."""
    from datetime import timedelta

    from django.utils import timezone

    from dayuan.tasks.models import PeriodicRun
    from dayuan.tasks.registry import PERIODIC
    from dayuan.tasks.worker import run_once

    later = timezone.now() + timedelta(days=1)
    for name in PERIODIC:
        PeriodicRun.objects.update_or_create(name=name, defaults={"last_started_at": later})

    def run():
        for _ in range(5):
            if not run_once(timezone.now() + timedelta(seconds=1)):
                break

    return run
