"""Every environment variable Dayuan reads: one table (name, default, type, help), read here.

settings.py takes each value from `value(NAME)`; the system check (core.checks) validates
every variable that is set when any command starts, and says in Chinese which one is
wrong and why. README's configuration table lists the same names (tests/core/test_conf.py).

To add a setting: add a row to SETTINGS, read it in settings.py with `value("DAYUAN_X")`
(under the Django setting name the code reads), and add a row to README's table.

No Django import here: settings.py reads this module before Django is set up.
"""

import os
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

TRUE, FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}
RATE_RE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\w*\s*$")


class Invalid(ValueError):
    """A value that does not fit its type; the message says what was expected, in Chinese."""


def text(raw):
    return raw


def boolean(raw):
    if raw.strip().lower() in TRUE:
        return True
    if raw.strip().lower() in FALSE:
        return False
    raise Invalid("应为 true 或 false（也可写 1/0、yes/no、on/off）")


def integer(raw):
    try:
        number = int(raw.strip())
    except ValueError:
        raise Invalid("应为整数") from None
    if number < 0:
        raise Invalid("不能为负数")
    return number


def number(raw):
    try:
        result = float(raw.strip())
    except ValueError:
        raise Invalid("应为数字") from None
    if not result >= 0:  # also refuses nan
        raise Invalid("不能为负数")
    return result


def fraction(raw):
    result = number(raw)
    if result > 1:
        raise Invalid("应为 0 到 1 之间的小数")
    return result


def rate(raw):
    """N/s, N/m, N/h or N/d (or N/5m); 0 or off turns the limit off."""
    if raw.strip().lower() in ("0", "off", "none") or RATE_RE.match(raw):
        return raw.strip()
    raise Invalid("应写成“次数/时间单位”，如 5/m、3/h、100/d（s 秒、m 分、h 时、d 天），0 表示不限")


def web_url(raw):
    parts = urlsplit(raw.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise Invalid("应为 http:// 或 https:// 开头的完整网址")
    return raw.strip()


def url_list(raw):
    return [web_url(item) for item in comma_list(raw)]


def database_url(raw):
    scheme = urlsplit(raw.strip()).scheme
    if scheme not in ("sqlite", "postgres", "postgresql", "pgsql", "postgis") or "://" not in raw:
        raise Invalid("应为数据库地址，如 postgresql://用户:密码@主机:5432/库名 或 sqlite:////路径/文件.sqlite3")
    return raw.strip()


def cache_url(raw):
    if urlsplit(raw.strip()).scheme not in ("redis", "rediss", "unix") or "://" not in raw:
        raise Invalid("应为 Redis 地址，如 redis://127.0.0.1:6379/0")
    return raw.strip()


def network_list(raw):
    """Comma-separated CIDR networks (10.1.0.0/16, 192.168.1.5, fd00::/8)."""
    import ipaddress

    try:
        return [str(ipaddress.ip_network(item, strict=False)) for item in comma_list(raw)]
    except ValueError:
        raise Invalid("应为逗号分隔的网段，如 10.1.0.0/16,192.168.1.5") from None


def comma_list(raw):
    return [item.strip() for item in raw.split(",") if item.strip()]


def time_zone(raw):
    try:
        ZoneInfo(raw.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise Invalid("应为时区名称，如 Asia/Shanghai") from None
    return raw.strip()


def one_of(*choices):
    def choice(raw):
        if raw.strip() not in choices:
            raise Invalid("应为 " + "、".join(choices) + " 之一")
        return raw.strip()

    return choice


def import_path(raw):
    if not re.fullmatch(r"[A-Za-z_][\w.]*\.[A-Za-z_]\w*", raw.strip()):
        raise Invalid("应为 Python 类的完整路径，如 dayuan.search.backends.sqlite.SQLiteSearchBackend")
    return raw.strip()


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any  # the parsed value used when the variable is unset; None: unset
    type: Any  # a function from the variable's text to the value; raises Invalid
    help: str


S = Setting
MB = 1024 * 1024
SETTINGS = [
    # The site
    S(
        "DAYUAN_ENV",
        "development",
        one_of("development", "production"),
        "production refuses to start without DAYUAN_SECRET_KEY, DAYUAN_ALLOWED_HOSTS and DAYUAN_DATABASE_URL",
    ),
    S("DAYUAN_HOME", "var", text, "data folder: database, uploads, baked pages, static files, the secret key"),
    S("DAYUAN_SECRET_KEY", None, text, "Django's secret key; else kept in DAYUAN_HOME/secret_key"),
    S("DAYUAN_DEBUG", False, boolean, "Django's DEBUG"),
    S("DAYUAN_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"], comma_list, "host names the site answers to"),
    S("DAYUAN_CSRF_TRUSTED_ORIGINS", [], url_list, "origins trusted for form posts behind a proxy"),
    S("DAYUAN_DATABASE_URL", None, database_url, "database URL; SQLite under DAYUAN_HOME when unset"),
    S("DAYUAN_TEST_DATABASE_URL", None, database_url, "the test suite's database (settings_test)"),
    S("DAYUAN_CACHE_URL", None, cache_url, "Redis URL of a cache shared by app servers"),
    S("DAYUAN_CACHE_KEY_PREFIX", "dayuan", text, "prefix of the site's keys in the Redis cache"),
    S("DAYUAN_HTTPS", True, boolean, "served over HTTPS: Secure cookies and HSTS (default: on in production)"),
    S("DAYUAN_HSTS_SECONDS", 31536000, integer, "max-age of the HSTS header sent with DAYUAN_HTTPS"),
    S("DAYUAN_TIME_ZONE", "Asia/Shanghai", time_zone, "the site's time zone"),
    S("DAYUAN_LOG_LEVEL", "WARNING", one_of("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"), "log level"),
    S("DAYUAN_SHARED_BLOCKS", True, boolean, "compute what pages share once per content version"),
    # Readers' voice (engage)
    S("DAYUAN_CAPTCHA_TEST_MODE", False, boolean, "accept any captcha answer (tests only; refused in production)"),
    S("DAYUAN_COMMENT_RATE", "5/m", rate, "comments per IP"),
    S("DAYUAN_COMMENT_ARTICLE_RATE", "60/m", rate, "comments per article"),
    S("DAYUAN_LIKE_RATE", "30/m", rate, "likes per IP"),
    S("DAYUAN_LIKE_ARTICLE_RATE", "600/m", rate, "likes per article"),
    S("DAYUAN_COMPLAINT_RATE", "3/h", rate, "complaints per IP"),
    S("DAYUAN_COMPLAINT_ARTICLE_RATE", "20/h", rate, "complaints per article"),
    S("DAYUAN_VIEW_RATE", "120/m", rate, "counted views per IP"),
    S("DAYUAN_LIKE_IP_ARTICLE_RATE", "5/d", rate, "likes of one article from one IP"),
    S("DAYUAN_LOGIN_RATE", "10/15m", rate, "failed admin logins per IP"),
    S("DAYUAN_LOGIN_ACCOUNT_RATE", "5/15m", rate, "failed admin logins per account"),
    S(
        "DAYUAN_RATE_LIMIT_STORE",
        "auto",
        one_of("auto", "redis", "sqlite"),
        "where rate limits count, shared by every process",
    ),
    S(
        "DAYUAN_RATE_LIMIT_FAILURE",
        "open",
        one_of("open", "closed"),
        "when the rate-limit store is unreachable: let requests through, or refuse them",
    ),
    S("DAYUAN_RATE_LIMIT_PREFIX", "dayuan:rl:", text, "prefix of the rate-limit keys in Redis"),
    S("DAYUAN_CAPTCHA_POOL_SIZE", 200, integer, "captchas the worker keeps made ahead"),
    S("DAYUAN_TRUST_X_FORWARDED_FOR", False, boolean, "take the client IP from X-Forwarded-For"),
    # Back office (editorial) and the services directory
    S("DAYUAN_MAX_IMAGE_MB", 10, integer, "largest image upload, in MB"),
    S("DAYUAN_MAX_IMAGE_MEGAPIXELS", 40, integer, "most pixels of an uploaded image, in millions"),
    S("DAYUAN_DIRECTORY_FAILING_AFTER", 3, integer, "failed link checks in a row before a link shows as failing"),
    S("DAYUAN_DIRECTORY_CHECK_TIMEOUT", 10.0, number, "seconds the link checker waits for a site"),
    S("DAYUAN_DIRECTORY_CHECK_EVERY_DAYS", 7, integer, "days between two checks of every directory link"),
    S("DAYUAN_FETCH_ALLOW_HOSTS", [], comma_list, "host names fetched although they resolve to internal addresses"),
    S("DAYUAN_FETCH_ALLOW_NETWORKS", [], network_list, "CIDR networks fetched although internal"),
    S("DAYUAN_IMPORT_DIR", None, text, "the folder `file` sources read from; DAYUAN_HOME/import when unset"),
    # Search
    S("DAYUAN_SEARCH", None, import_path, "search backend class; by database when unset"),
    # Publishing
    S("DAYUAN_PUBLIC_MAX_AGE", 60, integer, "seconds a browser or CDN may keep a baked page"),
    S("DAYUAN_REBAKE_LIST_PAGES", 1, integer, "list pages re-baked at once after a change"),
    S("DAYUAN_SERVE_CACHE_BYTES", 256 * MB, integer, "memory per server process for baked pages, in bytes"),
    S("DAYUAN_SITEMAP_DELAY", 30, integer, "seconds sitemap re-bakes wait, to bake a burst once"),
    S("DAYUAN_BAIDU_PUSH_URL", "http://data.zz.baidu.com/urls", web_url, "Baidu link push endpoint"),
    S("DAYUAN_BAIDU_PUSH_TOKEN", "", text, "Baidu link push token; no push without it"),
    # The JSON API (dayuan.api)
    S("DAYUAN_API_MAX_AGE", 60, integer, "seconds a client or proxy may keep an /api/v1/ read"),
    # The worker (several app servers: docs/deploy.md)
    S("DAYUAN_TASK_LEASE", 60, integer, "seconds a running task stays claimed without its worker's heartbeat"),
    # Collection (采集)
    S("DAYUAN_COLLECT_USER_AGENT", "DayuanBot/0.1 (news collector)", text, "the collector's User-Agent"),
    S("DAYUAN_COLLECT_TIMEOUT", 15.0, number, "seconds per request"),
    S("DAYUAN_COLLECT_RETRIES", 2, integer, "extra attempts after a failed request"),
    S("DAYUAN_COLLECT_BACKOFF", 1.0, number, "seconds before the first retry, doubled on each"),
    S("DAYUAN_COLLECT_HOST_DELAY", 1.0, number, "seconds between two requests to one host"),
    S("DAYUAN_COLLECT_MAX_CRAWL_DELAY", 10.0, number, "cap on a robots.txt Crawl-delay, in seconds"),
    S("DAYUAN_COLLECT_MAX_BYTES", 5 * MB, integer, "largest page fetched, in bytes"),
    S("DAYUAN_COLLECT_MAX_REDIRECTS", 5, integer, "redirects followed per request"),
    S("DAYUAN_COLLECT_DUPLICATE_THRESHOLD", 0.6, fraction, "text containment above which a page is a duplicate"),
    S("DAYUAN_COLLECT_MAX_IMAGES", 20, integer, "images kept per collected article"),
    S("DAYUAN_COLLECT_MAX_IMAGE_BYTES", 5 * MB, integer, "largest collected image, in bytes"),
]
BY_NAME = {setting.name: setting for setting in SETTINGS}


def raw(name, environ=None):
    """The variable's text, None when unset or empty."""
    text = (os.environ if environ is None else environ).get(name)
    return None if text in (None, "") else text


def value(name, environ=None):
    """The setting's value: parsed from the environment, else its default.

    An invalid value gives the default here so that settings still load and the system
    check can say what is wrong (settings.py must not crash before it can)."""
    setting = BY_NAME[name]
    text = raw(name, environ)
    if text is None:
        return setting.default
    try:
        return setting.type(text)
    except Invalid:
        return setting.default


def problems(environ=None):
    """(name, text, reason) for every variable set to a value its type refuses."""
    found = []
    for setting in SETTINGS:
        text = raw(setting.name, environ)
        if text is None:
            continue
        try:
            setting.type(text)
        except Invalid as error:
            found.append((setting.name, text, str(error)))
    return found
