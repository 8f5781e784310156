"""Cover pictures for the demo articles, drawn here with Pillow (no photos, nobody's copyright).

Each picture is a flat landscape, the same every time for the same article: a sky
in the channel's colours, a sun, layered ridges and, for town stories, a skyline.
They are stored like an editor's upload, with the resized WebP copies lists use.
"""

import io
import random

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw

from dayuan.editorial.images import make_variants

SIZE = (960, 540)
# (sky top, sky bottom, sun, far ridge, near ridge) per channel slug.
PALETTES = {
    "yw": ("#1d4e89", "#f2b880", "#fff1c1", "#5b6d8a", "#2f3e56"),
    "jj": ("#123b5c", "#7fb7d9", "#ffe08a", "#4f7a99", "#22435e"),
    "ms": ("#3a7d44", "#cfe8b0", "#fff6d5", "#6b9a5b", "#34573a"),
    "whly": ("#7a2e1f", "#f5c28b", "#fff0c9", "#a0603e", "#5a3020"),
    "ggtz": ("#40455a", "#c9ced9", "#f7f7f7", "#7d8499", "#3c4150"),
    "gsyl": ("#8a1015", "#f3a65f", "#fff3c4", "#9a4b3a", "#4a2a28"),
}
DEFAULT_PALETTE = PALETTES["yw"]


def _sky(draw, top, bottom):
    width, height = SIZE
    top_rgb, bottom_rgb = (Image.new("RGB", (1, 1), c).getpixel((0, 0)) for c in (top, bottom))
    for y in range(height):
        t = y / (height - 1)
        draw.line([(0, y), (width, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top_rgb, bottom_rgb)))


def _ridge(draw, rng, base, roughness, colour):
    """A mountain line from left to right by a bounded random walk, filled below."""
    width, height = SIZE
    points, y = [(0, height)], base
    for x in range(0, width + 40, 40):
        y = min(height - 40, max(height * 0.25, y + rng.uniform(-roughness, roughness)))
        points.append((x, y))
    points.append((width, height))
    draw.polygon(points, fill=colour)


def _skyline(draw, rng, colour):
    width, height = SIZE
    x = rng.randint(0, 60)
    while x < width:
        w, h = rng.randint(36, 80), rng.randint(60, 200)
        draw.rectangle([x, height - h, x + w, height], fill=colour)
        for wy in range(height - h + 12, height - 12, 22):  # lit windows
            for wx in range(x + 8, x + w - 10, 16):
                if rng.random() < 0.45:
                    draw.rectangle([wx, wy, wx + 6, wy + 9], fill="#ffe9a8")
        x += w + rng.randint(4, 30)


def draw_cover(seed, channel_slug):
    """JPEG bytes of the picture for `seed` (the article id) in the channel's palette."""
    rng = random.Random(seed)
    top, bottom, sun, far, near = PALETTES.get(channel_slug, DEFAULT_PALETTE)
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    _sky(draw, top, bottom)
    cx, cy, r = rng.randint(120, 840), rng.randint(90, 220), rng.randint(40, 70)
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=sun)
    _ridge(draw, rng, SIZE[1] * rng.uniform(0.45, 0.6), 28, far)
    if channel_slug in ("jj", "yw", "ggtz") or rng.random() < 0.4:
        _skyline(draw, rng, near)
    else:
        _ridge(draw, rng, SIZE[1] * rng.uniform(0.65, 0.78), 18, near)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=78, optimize=True, progressive=True)
    return out.getvalue()


def ensure_cover(article):
    """Give a demo article its drawn cover (and resized copies) unless it has one already."""
    name = f"demo/cover-{article.pk}.jpg"
    if article.cover and default_storage.exists(article.cover.name):
        return False
    if not default_storage.exists(name):
        stored = default_storage.save(name, ContentFile(draw_cover(article.pk, article.channel.slug)))
        make_variants(stored)
        name = stored
    article.cover.name = name
    article.save(update_fields=["cover"])
    return True
