"""docs/architecture.md says where every URL's code lives: each route Django knows is in its table."""

from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

DOC = Path(__file__).resolve().parents[1] / "docs" / "architecture.md"
ELSEWHERE = ("admin/", "captcha/", "^media/")  # one row each: Django's admin, the captcha app, uploads


def routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if not route.startswith(ELSEWHERE):
                yield from routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and not route.startswith(ELSEWHERE):
            yield route or "/"


def test_every_route_is_in_the_url_map():
    text = DOC.read_text(encoding="utf-8")
    table = text.split("## Where each URL's code lives", 1)[1].split("\n## ", 1)[0]
    missing = [route for route in routes(get_resolver().url_patterns) if f"`{route}`" not in table]
    assert missing == [], "add these routes to the URL table in docs/architecture.md"
