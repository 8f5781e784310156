"""Baidu link push (百度搜索资源平台·普通收录 API): tell Baidu about a newly published page.

Off until DAYUAN_BAIDU_PUSH_TOKEN is set. The push runs as a worker task, so a
failed push is retried with backoff and never slows the editor's save.
"""

import logging
import urllib.error
import urllib.parse
import urllib.request

from . import conf

log = logging.getLogger(__name__)


class PushError(RuntimeError):
    pass


def enabled():
    return bool(conf.get("DAYUAN_BAIDU_PUSH_TOKEN"))


def queue_push(article):
    if not enabled():
        return
    from dayuan.core.models import SiteSettings
    from dayuan.tasks.registry import enqueue

    url = SiteSettings.load().base_url + article.get_absolute_url()
    enqueue("publish.baidu_push", [url], unique_key=f"publish:baidu:{article.pk}")


def push(urls, timeout=10):
    """POST the URLs, one a line, to the push endpoint; raises PushError unless Baidu accepted them."""
    from dayuan.core.models import SiteSettings

    site = SiteSettings.load()
    query = urllib.parse.urlencode({"site": site.base_url, "token": conf.get("DAYUAN_BAIDU_PUSH_TOKEN")})
    endpoint = f"{conf.get('DAYUAN_BAIDU_PUSH_URL')}?{query}"
    request = urllib.request.Request(
        endpoint, data="\n".join(urls).encode(), method="POST", headers={"Content-Type": "text/plain"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        detail = error.read().decode("utf-8", "replace")[:200]
        raise PushError(f"百度推送失败：HTTP {error.code} {detail}") from None
    except OSError as error:
        raise PushError(f"百度推送失败：{error}") from None
    log.info("baidu push %s: %s", urls, body)
    return body
