import pytest

from .conftest import make_article

pytestmark = pytest.mark.django_db


def test_form_token_gives_csrf_captcha_and_counts(client, base_data):
    """/api/form-token/ answers what a baked page can't hold, never cached."""
    article = make_article("计数")
    article.like_count = 4
    article.save(update_fields=["like_count"])
    response = client.get(f"/api/form-token/?article={article.pk}")
    data = response.json()
    assert len(data["csrf"]) == 64
    assert len(data["captcha"]["key"]) == 40 and data["captcha"]["image"].startswith("/captcha/image/")
    assert data["counts"] == {"likes": 4, "views": 0, "comments": 0}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert response.cookies["csrftoken"]


def test_form_token_rejects_post(client, base_data):
    assert client.post("/api/form-token/").status_code in (403, 405)


@pytest.mark.parametrize("value", ["²", "١٢", "12abc", "-1", "9" * 40, "1 "])
def test_form_token_refuses_ids_that_are_not_plain_digits(client, base_data, value):
    """str.isdigit() takes '²' and Arabic-Indic digits, int() does not: the id is checked by a regex."""
    response = client.get("/api/form-token/", {"article": value})
    assert response.status_code == 200 and "counts" not in response.json()


@pytest.mark.parametrize(
    "path",
    [
        "/api/stats/99999999999999999999",
        "/api/views/99999999999999999999.gif",
        "/gsyl/jinzhong/99999999999999999999.html",
        "/comments/99999999999999999999/",
        "/complaints/99999999999999999999/",
    ],
)
def test_ids_too_big_for_the_database_are_404(client, base_data, path):
    """An id past the 64-bit range would overflow the query (500 on both databases)."""
    assert client.get(path).status_code == 404
    assert client.get("/api/form-token/", {"article": "99999999999999999999"}).status_code == 200
