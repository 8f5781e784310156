"""Captchas come from a pool the worker fills: anonymous requests can't write rows without bound,
and expired rows are purged."""

from datetime import timedelta

import pytest
from captcha.models import CaptchaStore
from django.utils import timezone

from dayuan.tasks.registry import PERIODIC

pytestmark = pytest.mark.django_db


def run_pool_job():
    job = PERIODIC["engage.captcha_pool"]
    job.func(timezone.now())


def test_form_token_takes_captchas_from_the_pool(client, settings):
    settings.DAYUAN_CAPTCHA_POOL_SIZE = 20
    run_pool_job()
    pool = set(CaptchaStore.objects.values_list("hashkey", flat=True))
    assert len(pool) == 20
    keys = {client.get("/api/form-token/").json()["captcha"]["key"] for _ in range(100)}
    assert CaptchaStore.objects.count() == 20 and keys <= pool and len(keys) > 5


def test_rows_stay_bounded_before_the_worker_ran(client, settings):
    """An empty pool is topped up a few at a time on demand, never past its size."""
    settings.DAYUAN_CAPTCHA_POOL_SIZE = 20
    for _ in range(100):
        assert len(client.get("/api/form-token/").json()["captcha"]["key"]) == 40
    assert 0 < CaptchaStore.objects.count() <= 20


def test_live_comment_form_uses_the_pool(client, settings, base_data):
    from .conftest import make_article

    settings.DAYUAN_CAPTCHA_POOL_SIZE = 10
    article = make_article()
    run_pool_job()
    for _ in range(30):
        assert client.get(f"/comments/{article.pk}/").status_code == 200
    assert CaptchaStore.objects.count() == 10


def test_expired_captchas_are_purged_and_replaced(settings):
    settings.DAYUAN_CAPTCHA_POOL_SIZE = 5
    past = timezone.now() - timedelta(minutes=1)
    for _ in range(50):
        CaptchaStore.objects.create(challenge="ABCD", response="abcd", expiration=past)
    run_pool_job()
    assert not CaptchaStore.objects.filter(expiration__lte=timezone.now()).exists()
    assert CaptchaStore.objects.count() == 5


def test_a_pooled_captcha_is_answered_like_any_other(settings):
    """The answer of a pooled captcha validates once (and is then used up)."""
    from captcha.fields import CaptchaField

    from dayuan.engage.captchas import take_captcha

    settings.CAPTCHA_TEST_MODE = False
    settings.DAYUAN_CAPTCHA_POOL_SIZE = 3
    run_pool_job()
    captcha = take_captcha()
    assert captcha["image"] == f"/captcha/image/{captcha['key']}/"
    answer = CaptchaStore.objects.get(hashkey=captcha["key"]).response
    field = CaptchaField()
    assert field.clean([captcha["key"], answer])
    assert not CaptchaStore.objects.filter(hashkey=captcha["key"]).exists()


def test_refresh_takes_another_captcha_from_the_pool(client, settings):
    settings.DAYUAN_CAPTCHA_POOL_SIZE = 2
    run_pool_job()
    first, second = CaptchaStore.objects.values_list("hashkey", flat=True)
    for _ in range(20):
        data = client.get(f"/captcha/refresh/?not={first}", HTTP_X_REQUESTED_WITH="XMLHttpRequest").json()
        assert data["key"] == second and data["image_url"] == f"/captcha/image/{second}/"
    assert CaptchaStore.objects.count() == 2
    CaptchaStore.objects.all().delete()
    for _ in range(50):
        client.get("/captcha/refresh/", HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert CaptchaStore.objects.count() <= 2
