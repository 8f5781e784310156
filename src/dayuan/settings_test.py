"""Settings for the test suite: a throw-away DAYUAN_HOME, and PostgreSQL when
DAYUAN_TEST_DATABASE_URL is set (CI runs the suite on both databases)."""

import os
import tempfile

os.environ.setdefault("DAYUAN_HOME", tempfile.mkdtemp(prefix="dayuan-test-"))

from .settings import *  # noqa: E402,F401,F403
from .settings import _database, value  # noqa: E402

if value("DAYUAN_TEST_DATABASE_URL"):
    DATABASES = {"default": _database(value("DAYUAN_TEST_DATABASE_URL"))}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# Tests answer the captcha with "PASSED" (django-simple-captcha's test mode).
CAPTCHA_TEST_MODE = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
