"""Project settings, read from DAYUAN_* environment variables.

Development (the default) works with zero configuration: SQLite under
DAYUAN_HOME, an in-process cache and a generated secret key. With
DAYUAN_ENV=production the process refuses to start until every required
setting is given, and says which one is missing.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def env(name, default=None):
    value = os.environ.get(name)
    return default if value in (None, "") else value


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DAYUAN_ENV = env("DAYUAN_ENV", "development")
PRODUCTION = DAYUAN_ENV == "production"
REQUIRED_IN_PRODUCTION = ("DAYUAN_SECRET_KEY", "DAYUAN_ALLOWED_HOSTS", "DAYUAN_DATABASE_URL")

if PRODUCTION:
    for _name in REQUIRED_IN_PRODUCTION:
        if env(_name) is None:
            raise ImproperlyConfigured(
                f"{_name} is required when DAYUAN_ENV=production; set it in the environment."
            )

DAYUAN_HOME = Path(env("DAYUAN_HOME", "var")).resolve()
DAYUAN_HOME.mkdir(parents=True, exist_ok=True)


def _secret_key():
    """A key from the environment, else one generated once and kept in DAYUAN_HOME."""
    key = env("DAYUAN_SECRET_KEY")
    if key:
        return key
    path = DAYUAN_HOME / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DAYUAN_DEBUG", False)
ALLOWED_HOSTS = env_list("DAYUAN_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DAYUAN_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "captcha",
    "dayuan.core",
    "dayuan.news",
    "dayuan.engage",
    "dayuan.search",
    "dayuan.collect",
    "dayuan.directory",
    "dayuan.publish",
    "dayuan.tasks",
    "tinymce",
    "dayuan.editorial",
    "dayuan.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Live pages (search, comment lists) compressed like the baked files' .gz twins; Django
    # pads the gzip header at random against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "dayuan.core.memo.RenderScope",
]

ROOT_URLCONF = "dayuan.urls"
WSGI_APPLICATION = "dayuan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dayuan.core.context_processors.site",
                "dayuan.news.context_processors.navigation",
            ],
        },
    },
]


def _database(url):
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        # WAL lets readers run while one writer commits; IMMEDIATE makes
        # writers queue on the lock instead of failing mid-transaction.
        config["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    return config


DATABASES = {
    "default": _database(env("DAYUAN_DATABASE_URL", f"sqlite:///{DAYUAN_HOME / 'dayuan.sqlite3'}"))
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_cache_url = env("DAYUAN_CACHE_URL")
if _cache_url:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": "dayuan",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "dayuan",
            # The default 300 entries would cull buffered view counts and rate-limit windows.
            "OPTIONS": {"MAX_ENTRIES": 50000},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
# Chinese for the admin strings Django's own catalog lacks (used by the admin's JavaScript catalog too).
LOCALE_PATHS = [Path(__file__).resolve().parent / "locale"]
TIME_ZONE = env("DAYUAN_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DAYUAN_HOME / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DAYUAN_HOME / "media"
PUBLIC_ROOT = DAYUAN_HOME / "public"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Tests and DEBUG find static files in the apps without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "dayuan.portal.views.csrf_failure"
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = env_bool("DAYUAN_HTTPS", True)
    CSRF_COOKIE_SECURE = env_bool("DAYUAN_HTTPS", True)

# django-simple-captcha: letters and digits only (its bundled font is Latin).
CAPTCHA_IMAGE_SIZE = (100, 36)
CAPTCHA_LENGTH = 4
CAPTCHA_TIMEOUT = 10
CAPTCHA_TEST_MODE = env_bool("DAYUAN_CAPTCHA_TEST_MODE", False)
if PRODUCTION and CAPTCHA_TEST_MODE:
    raise ImproperlyConfigured("DAYUAN_CAPTCHA_TEST_MODE accepts any captcha answer; unset it in production.")

# Public-service directory: a link is shown as failing after this many failed checks in a row.
DIRECTORY_FAILING_AFTER = int(env("DAYUAN_DIRECTORY_FAILING_AFTER", "3"))
DIRECTORY_CHECK_TIMEOUT = float(env("DAYUAN_DIRECTORY_CHECK_TIMEOUT", "10"))

# Back office: image upload limits and how long a preview link works.
EDITORIAL_MAX_IMAGE_BYTES = int(env("DAYUAN_MAX_IMAGE_MB", "10")) * 1024 * 1024
EDITORIAL_MAX_IMAGE_PIXELS = int(env("DAYUAN_MAX_IMAGE_MEGAPIXELS", "40")) * 1_000_000
EDITORIAL_PREVIEW_MAX_AGE = 7 * 24 * 3600
# dayuan.engage: rate limits as "N/s|m|h|d" ("0" switches one off).
# Blocks every page shares (navigation, latest lists, counts) computed once per content version;
# off only to measure the plain per-request rendering (bench/publish_serve.py).
DAYUAN_SHARED_BLOCKS = env_bool("DAYUAN_SHARED_BLOCKS", True)
DAYUAN_COMMENT_RATE = env("DAYUAN_COMMENT_RATE", "5/m")  # comments per IP
DAYUAN_COMMENT_ARTICLE_RATE = env("DAYUAN_COMMENT_ARTICLE_RATE", "60/m")  # comments per article
DAYUAN_LIKE_RATE = env("DAYUAN_LIKE_RATE", "30/m")  # likes per IP
DAYUAN_LIKE_ARTICLE_RATE = env("DAYUAN_LIKE_ARTICLE_RATE", "600/m")  # likes per article
DAYUAN_COMPLAINT_RATE = env("DAYUAN_COMPLAINT_RATE", "3/h")  # complaints per IP
DAYUAN_COMPLAINT_ARTICLE_RATE = env("DAYUAN_COMPLAINT_ARTICLE_RATE", "20/h")  # complaints per article
DAYUAN_VIEW_RATE = env("DAYUAN_VIEW_RATE", "120/m")  # counted views per IP
# Take the client IP from X-Forwarded-For: only behind a proxy you run, or for load tests.
DAYUAN_TRUST_X_FORWARDED_FOR = env_bool("DAYUAN_TRUST_X_FORWARDED_FOR", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DAYUAN_LOG_LEVEL", "WARNING")},
}
