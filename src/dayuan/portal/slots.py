"""The order of articles inside a home-page slot (推荐位): ranked ones first, by their number,
then the rest newest first. The home page and the admin's overview read the same order."""

from django.db import transaction


def ordered(slug, articles, count):
    """Up to `count` of `articles` placed in slot `slug`, in the slot's order (a few small queries:
    the slot's ids first, so an empty slot never walks the whole site)."""
    from dayuan.news.models import Article

    from .models import SlotPosition

    ids = list(Article.flags.through.objects.filter(flag__slug=slug).values_list("article_id", flat=True))
    if not ids:
        return []
    ranks = dict(SlotPosition.objects.filter(flag__slug=slug, article_id__in=ids).values_list("article_id", "position"))
    found = {a.pk: a for a in articles.filter(pk__in=ids)[:count]}
    if ranks:
        found.update({a.pk: a for a in articles.filter(pk__in=list(ranks))})
    newest = sorted(found.values(), key=lambda a: (a.published_at, a.pk), reverse=True)
    return sorted(newest, key=lambda a: (a.pk not in ranks, ranks.get(a.pk, 0)))


def overview():
    """[(flag, [(article, position or None)])] for every slot, in home-page order."""
    from dayuan.news.models import Article, Flag

    from .models import SlotPosition

    result = []
    for flag in Flag.objects.all():
        articles = Article.objects.filter(flags=flag).select_related("channel").defer("body")
        ranks = dict(SlotPosition.objects.filter(flag=flag).values_list("article_id", "position"))
        newest = sorted(articles, key=lambda a: (a.published_at is not None, a.published_at, a.pk), reverse=True)
        rows = sorted(newest, key=lambda a: (a.pk not in ranks, ranks.get(a.pk, 0)))
        result.append((flag, [(article, ranks.get(article.pk)) for article in rows]))
    return result


def save_positions(data):
    """Form fields `pos-<flag>-<article>`: a number ranks, empty unranks.

    Returns (how many changed, the keys whose value was not a number, left as they were)."""
    from dayuan.core.memo import bump
    from dayuan.tasks.registry import enqueue

    from .models import SlotPosition

    changed, bad = 0, []
    with transaction.atomic():
        for key, value in data.items():
            try:
                flag_id, article_id = (int(part) for part in key.removeprefix("pos-").split("-"))
            except ValueError:
                continue
            value = value.strip()
            rows = SlotPosition.objects.filter(flag_id=flag_id, article_id=article_id)
            old = rows.values_list("position", flat=True).first()
            if value.isdigit() and old != int(value):
                rows.update_or_create(flag_id=flag_id, article_id=article_id, defaults={"position": int(value)})
                changed += 1
            elif not value and old is not None:
                rows.delete()
                changed += 1
            elif value and not value.isdigit():
                bad.append(key)
        if changed:
            bump()  # the home page's shared blocks
            enqueue("publish.rebake_paths", ["/"], unique_key="publish:paths:home")
    return changed, bad
