"""Project settings, read from DAYUAN_* environment variables (the table in dayuan.core.conf).

Development (the default) works with zero configuration: SQLite under
DAYUAN_HOME, an in-process cache and a generated secret key. With
DAYUAN_ENV=production the process refuses to start until every required
setting is given, and says which one is missing.

Loading settings writes nothing: a command that only reads (`dayuan extract`, `help`)
leaves no data folder behind. The folder is made by the first database connection or
by `init`/`serve`, and the secret key is kept in it once it exists (dayuan.core.home).
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from dayuan.core.conf import raw as env
from dayuan.core.conf import value
from dayuan.core.home import secret_key

BASE_DIR = Path(__file__).resolve().parent

DAYUAN_ENV = value("DAYUAN_ENV")
PRODUCTION = DAYUAN_ENV == "production"
REQUIRED_IN_PRODUCTION = ("DAYUAN_SECRET_KEY", "DAYUAN_ALLOWED_HOSTS", "DAYUAN_DATABASE_URL")

if PRODUCTION:
    for _name in REQUIRED_IN_PRODUCTION:
        if env(_name) is None:
            raise ImproperlyConfigured(f"{_name} is required when DAYUAN_ENV=production; set it in the environment.")

DAYUAN_HOME = Path(value("DAYUAN_HOME")).resolve()
SECRET_KEY = value("DAYUAN_SECRET_KEY") or secret_key(DAYUAN_HOME)
DEBUG = value("DAYUAN_DEBUG")
ALLOWED_HOSTS = value("DAYUAN_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = value("DAYUAN_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "dayuan.core.staticfiles.StaticFiles",
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
    "dayuan.backup",
    "tinymce",
    "dayuan.editorial",
    "ninja",  # serves Swagger UI from its own static files (no CDN)
    "dayuan.api",
    "dayuan.portal",
    "dayuan.ops",
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
    "dayuan.core.security.SecurityHeaders",
    "dayuan.api.middleware.RefuseNul",
]

ROOT_URLCONF = "dayuan.urls"
WSGI_APPLICATION = "dayuan.wsgi.application"

_CONTEXT_PROCESSORS = [
    "django.template.context_processors.request",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
    "dayuan.core.context_processors.site",
    "dayuan.news.context_processors.navigation",
]
TEMPLATES = [
    # Reader pages: Jinja2 templates under each app's jinja2/ folder (publish.jinja); the admin
    # and form widgets: Django templates under templates/.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "dayuan.publish.jinja.environment", "context_processors": _CONTEXT_PROCESSORS},
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": _CONTEXT_PROCESSORS},
    },
]


def _database(url):
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["ENGINE"] = "dayuan.core.sqlite"  # Django's, making the database's folder on first connect
        # Kept open between requests like PostgreSQL's: opening the file per request (its
        # PRAGMAs, the schema read again, a cold page cache) cost a cold page 10 ms of its 27.
        # WAL lets readers run while one writer commits; IMMEDIATE makes
        # writers queue on the lock instead of failing mid-transaction.
        config["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    return config


DATABASES = {"default": _database(value("DAYUAN_DATABASE_URL") or f"sqlite:///{DAYUAN_HOME / 'dayuan.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_cache_url = DAYUAN_CACHE_URL = value("DAYUAN_CACHE_URL")
if _cache_url:
    CACHES = {
        "default": {
            # Redis, answered from an in-process cache while Redis is unreachable (dayuan.ops.cache).
            "BACKEND": "dayuan.ops.cache.ResilientRedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": value("DAYUAN_CACHE_KEY_PREFIX"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
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
TIME_ZONE = value("DAYUAN_TIME_ZONE")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# The body editor: TinyMCE 6.8 (MIT) vendored in dayuan.editorial, not django-tinymce's TinyMCE 7 (GPL).
TINYMCE_JS_URL = STATIC_URL + "editorial/tinymce/tinymce.min.js"
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
# Served over HTTPS (on by default in production): Secure cookies and HSTS.
DAYUAN_HTTPS = value("DAYUAN_HTTPS") if PRODUCTION or env("DAYUAN_HTTPS") is not None else False
DAYUAN_HSTS_SECONDS = value("DAYUAN_HSTS_SECONDS")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = DAYUAN_HTTPS

# django-simple-captcha: letters and digits only (its bundled font is Latin).
CAPTCHA_IMAGE_SIZE = (100, 36)
CAPTCHA_LENGTH = 4
# Captchas come from a pool the worker fills ahead (dayuan.engage.captchas): each lives 30
# minutes and is handed out only while it has 10 left.
CAPTCHA_TIMEOUT = 30
CAPTCHA_GET_FROM_POOL = True
CAPTCHA_GET_FROM_POOL_TIMEOUT = 10
DAYUAN_CAPTCHA_POOL_SIZE = value("DAYUAN_CAPTCHA_POOL_SIZE")
CAPTCHA_TEST_MODE = value("DAYUAN_CAPTCHA_TEST_MODE")
if PRODUCTION and CAPTCHA_TEST_MODE:
    raise ImproperlyConfigured("DAYUAN_CAPTCHA_TEST_MODE accepts any captcha answer; unset it in production.")

# Public-service directory: a link is shown as failing after this many failed checks in a row.
DIRECTORY_FAILING_AFTER = value("DAYUAN_DIRECTORY_FAILING_AFTER")
DIRECTORY_CHECK_TIMEOUT = value("DAYUAN_DIRECTORY_CHECK_TIMEOUT")
DIRECTORY_CHECK_EVERY_DAYS = value("DAYUAN_DIRECTORY_CHECK_EVERY_DAYS")

# Outgoing fetches (collector, link checker) refuse loopback, private, link-local, multicast and
# reserved addresses except these host names / CIDR networks; `file` sources read only under
# DAYUAN_IMPORT_DIR.
DAYUAN_FETCH_ALLOW_HOSTS = value("DAYUAN_FETCH_ALLOW_HOSTS")
DAYUAN_FETCH_ALLOW_NETWORKS = value("DAYUAN_FETCH_ALLOW_NETWORKS")
DAYUAN_IMPORT_DIR = Path(value("DAYUAN_IMPORT_DIR") or DAYUAN_HOME / "import").resolve()

# Back office: image upload limits and how long a preview link works.
EDITORIAL_MAX_IMAGE_BYTES = value("DAYUAN_MAX_IMAGE_MB") * 1024 * 1024
EDITORIAL_MAX_IMAGE_PIXELS = value("DAYUAN_MAX_IMAGE_MEGAPIXELS") * 1_000_000
EDITORIAL_PREVIEW_MAX_AGE = 7 * 24 * 3600
# Blocks every page shares (navigation, latest lists, counts) computed once per content version;
# off only to measure the plain per-request rendering (bench/publish_serve.py).
DAYUAN_SHARED_BLOCKS = value("DAYUAN_SHARED_BLOCKS")
# dayuan.engage: rate limits as "N/s|m|h|d" ("0" switches one off).
DAYUAN_COMMENT_RATE = value("DAYUAN_COMMENT_RATE")
DAYUAN_COMMENT_ARTICLE_RATE = value("DAYUAN_COMMENT_ARTICLE_RATE")
DAYUAN_LIKE_RATE = value("DAYUAN_LIKE_RATE")
DAYUAN_LIKE_ARTICLE_RATE = value("DAYUAN_LIKE_ARTICLE_RATE")
DAYUAN_COMPLAINT_RATE = value("DAYUAN_COMPLAINT_RATE")
DAYUAN_COMPLAINT_ARTICLE_RATE = value("DAYUAN_COMPLAINT_ARTICLE_RATE")
DAYUAN_VIEW_RATE = value("DAYUAN_VIEW_RATE")
DAYUAN_LIKE_IP_ARTICLE_RATE = value("DAYUAN_LIKE_IP_ARTICLE_RATE")
DAYUAN_LOGIN_RATE = value("DAYUAN_LOGIN_RATE")
DAYUAN_LOGIN_ACCOUNT_RATE = value("DAYUAN_LOGIN_ACCOUNT_RATE")
# Rate-limit counters shared by every process: "auto" = Redis with DAYUAN_CACHE_URL, else a SQLite
# file in DAYUAN_HOME. When the store is unreachable: "open" lets requests through (logged), "closed" refuses.
DAYUAN_RATE_LIMIT_STORE = value("DAYUAN_RATE_LIMIT_STORE")
DAYUAN_RATE_LIMIT_FAILURE = value("DAYUAN_RATE_LIMIT_FAILURE")
DAYUAN_RATE_LIMIT_PREFIX = value("DAYUAN_RATE_LIMIT_PREFIX")
# How long clients and proxies may keep an /api/v1/ read (each also carries an ETag).
DAYUAN_API_MAX_AGE = value("DAYUAN_API_MAX_AGE")
# Take the client IP from X-Forwarded-For: only behind a proxy you run, or for load tests.
DAYUAN_TRUST_X_FORWARDED_FOR = value("DAYUAN_TRUST_X_FORWARDED_FOR")

# Search: a backend class of your own; else the database's (SQLite FTS5, PostgreSQL tsvector).
if value("DAYUAN_SEARCH"):
    DAYUAN_SEARCH = {"default": {"BACKEND": value("DAYUAN_SEARCH")}}

# Publishing (dayuan.publish.conf)
DAYUAN_PUBLIC_MAX_AGE = value("DAYUAN_PUBLIC_MAX_AGE")
DAYUAN_REBAKE_LIST_PAGES = value("DAYUAN_REBAKE_LIST_PAGES")
DAYUAN_SERVE_CACHE_BYTES = value("DAYUAN_SERVE_CACHE_BYTES")
DAYUAN_SITEMAP_DELAY = value("DAYUAN_SITEMAP_DELAY")
DAYUAN_BAIDU_PUSH_URL = value("DAYUAN_BAIDU_PUSH_URL")
DAYUAN_BAIDU_PUSH_TOKEN = value("DAYUAN_BAIDU_PUSH_TOKEN")

# Collection (采集): DAYUAN_COLLECT_X sets COLLECT_X, which dayuan.collect reads.
COLLECT_USER_AGENT = value("DAYUAN_COLLECT_USER_AGENT")
COLLECT_TIMEOUT = value("DAYUAN_COLLECT_TIMEOUT")
COLLECT_RETRIES = value("DAYUAN_COLLECT_RETRIES")
COLLECT_BACKOFF = value("DAYUAN_COLLECT_BACKOFF")
COLLECT_HOST_DELAY = value("DAYUAN_COLLECT_HOST_DELAY")
COLLECT_MAX_CRAWL_DELAY = value("DAYUAN_COLLECT_MAX_CRAWL_DELAY")
COLLECT_MAX_BYTES = value("DAYUAN_COLLECT_MAX_BYTES")
COLLECT_MAX_REDIRECTS = value("DAYUAN_COLLECT_MAX_REDIRECTS")
COLLECT_DUPLICATE_THRESHOLD = value("DAYUAN_COLLECT_DUPLICATE_THRESHOLD")
COLLECT_MAX_IMAGES = value("DAYUAN_COLLECT_MAX_IMAGES")
COLLECT_MAX_IMAGE_BYTES = value("DAYUAN_COLLECT_MAX_IMAGE_BYTES")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": value("DAYUAN_LOG_LEVEL")},
}

# Several app servers (docs/deploy.md): how long a running task stays claimed without its
# worker's heartbeat before another worker takes it again.
DAYUAN_TASK_LEASE = value("DAYUAN_TASK_LEASE")
