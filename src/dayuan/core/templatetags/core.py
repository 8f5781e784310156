"""Template tags every app's templates may use: memoized fragments, pager gaps."""

from django import template

from dayuan.core.memo import memoized

register = template.Library()


@register.filter
def with_gaps(page_urls):
    """(number, url) pairs of a pager, with (None, None) where page numbers are left out."""
    items, previous = [], None
    for number, url in page_urls.items():
        if previous is not None and number > previous + 1:
            items.append((None, None))
        items.append((number, url))
        previous = number
    return items


class MemoNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context):
        key = ("fragment", *(part.resolve(context) for part in self.parts))
        return memoized(key, lambda: self.nodelist.render(context))


@register.tag
def memo(parser, token):
    """{% memo "name" var ... %}…{% endmemo %}: the block rendered once per content version for
    these values (core.memo). Only for blocks that depend on nothing but the values named."""
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("{% memo %} needs a name")
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    return MemoNode(nodelist, [parser.compile_filter(bit) for bit in bits])
