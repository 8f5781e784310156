from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from .health import readiness


@never_cache
def healthz(request):
    """The process is up and answers; nothing else is asked."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    """Ready for readers: database reachable, migrations applied, Redis reachable when configured."""
    results = readiness()
    ready = all(results.values())
    body = {
        "status": "ok" if ready else "unavailable",
        "checks": {name: "ok" if ok else "failed" for name, ok in results.items()},
    }
    return JsonResponse(body, status=200 if ready else 503)
