"""The WSGI application `dayuan serve` runs: baked pages first, Django for the rest."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dayuan.settings")
django_application = get_wsgi_application()

from dayuan.publish.serving import BakedPages  # noqa: E402  (needs settings loaded)

application = BakedPages(django_application)
