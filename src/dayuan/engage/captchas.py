"""Captchas made ahead of time: a pool the worker keeps full, so readers never write rows.

Every page with a form (and /api/form-token/, which fills baked pages) takes a random
captcha from the pool instead of creating one, so anonymous requests can't add rows
without bound. The worker's periodic job purges expired rows and tops the pool up to
DAYUAN_CAPTCHA_POOL_SIZE; before the worker's first run a request tops it up a few rows
at a time, never past that size. A handed-out captcha has at least
CAPTCHA_GET_FROM_POOL_TIMEOUT minutes to live. Two readers may get the same captcha
(a pool of 200: rarely); it is used up by the first answer, and the other reader is
asked to type a new one, the comment kept.

    from dayuan.engage.captchas import take_captcha
    take_captcha()  # {"key": "<40 hex>", "image": "/captcha/image/<key>/"}
"""

import random
from datetime import timedelta

from captcha.conf import settings as captcha_settings
from captcha.helpers import captcha_image_url
from captcha.models import CaptchaStore
from django.conf import settings
from django.utils import timezone

ON_DEMAND = 5  # rows a request may add when the pool is empty


def pool_size():
    return int(getattr(settings, "DAYUAN_CAPTCHA_POOL_SIZE", 200))


def usable(now=None):
    """Captchas with enough life left to hand out."""
    left = timedelta(minutes=int(captcha_settings.CAPTCHA_GET_FROM_POOL_TIMEOUT))
    return CaptchaStore.objects.filter(expiration__gt=(now or timezone.now()) + left)


def fill_pool(now=None, at_most=None):
    """Top the pool up to its size (or by at most `at_most` rows); returns rows made."""
    missing = max(0, pool_size() - usable(now).count())
    if at_most is not None:
        missing = min(missing, at_most)
    for _ in range(missing):
        CaptchaStore.generate_key()
    return missing


def take_key(exclude=""):
    """A random usable captcha's key (not `exclude`, the one being replaced); writes only when
    the pool is empty."""
    pool = usable().exclude(hashkey=exclude) if exclude else usable()
    for _ in range(2):
        size = pool.count()
        if size:
            # The row counted may be purged before it is read (the worker's refresh): then
            # the slice is empty and the next round counts again.
            keys = list(pool.order_by("pk").values_list("hashkey", flat=True)[random.randrange(size) :][:1])
            if keys:
                return keys[0]
        fill_pool(at_most=ON_DEMAND)
    # A pool that cannot be filled (its size set to 0): one captcha made for this form.
    return CaptchaStore.generate_key()


def take_captcha(exclude=""):
    """{"key", "image"} of a pooled captcha, for a form that needs one (live or baked page)."""
    key = take_key(exclude)
    return {"key": key, "image": captcha_image_url(key)}


def refresh_pool(now):
    """Drop expired captchas and make new ones ahead of the readers who will need them."""
    CaptchaStore.objects.filter(expiration__lte=now).delete()
    fill_pool(now)
