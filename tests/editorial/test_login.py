"""Admin login throttling per account and per IP (editorial.login)."""

import pytest


def login(client, username, password, ip):
    return client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=ip
    )


@pytest.mark.django_db
def test_admin_login_locks_an_account_after_repeated_failures(client, django_user_model, settings):
    settings.DAYUAN_LOGIN_ACCOUNT_RATE = "5/15m"
    settings.DAYUAN_LOGIN_RATE = "100/15m"
    django_user_model.objects.create_superuser("chief", "c@example.com", "right-pass-1")
    django_user_model.objects.create_superuser("other", "o@example.com", "right-pass-2")
    for n in range(5):
        assert login(client, "chief", f"wrong{n}", f"203.0.113.{n}").status_code == 200
    response = login(client, "chief", "right-pass-1", "203.0.113.99")  # the right password, another IP
    assert response.status_code == 200 and "登录失败次数过多" in response.content.decode()
    assert login(client, "other", "right-pass-2", "203.0.113.1").status_code == 302  # other accounts work


@pytest.mark.django_db
def test_admin_login_throttles_an_ip_after_repeated_failures(client, django_user_model, settings):
    settings.DAYUAN_LOGIN_ACCOUNT_RATE = "100/15m"
    settings.DAYUAN_LOGIN_RATE = "10/15m"
    django_user_model.objects.create_superuser("chief", "c@example.com", "right-pass-1")
    for n in range(10):
        login(client, f"guess{n}", "x", "198.51.100.7")
    response = login(client, "chief", "right-pass-1", "198.51.100.7")
    assert response.status_code == 200 and "登录失败次数过多" in response.content.decode()
    assert login(client, "chief", "right-pass-1", "198.51.100.8").status_code == 302
