"""The body editor: TinyMCE 6.8 (MIT), vendored under static/editorial/tinymce (no CDN).

TinyMCE 7 and later are GPL-2.0-or-later, which the project's MIT licence does not cover;
6.8 is the last MIT release (docs/architecture.md). settings.TINYMCE_JS_URL points
django-tinymce at the vendored copy; the language pack is langs/zh-Hans.js."""

import re
from urllib.parse import unquote

from django.conf import settings
from django.core.files.storage import default_storage
from tinymce.widgets import TinyMCE

from .images import srcset

EDITOR_CONFIG = {
    "promotion": False,
    "branding": False,
    "language": "zh-Hans",
    "height": 480,
    "menubar": False,
    "plugins": "lists,link,image,table,code,autolink,wordcount",
    "toolbar": "undo redo | blocks | bold italic | bullist numlist blockquote | link image table | removeformat code",
    "block_formats": "段落=p; 小标题=h2; 三级标题=h3",
    "images_upload_handler": "dayuanUploadImage",
    "automatic_uploads": True,
    "image_uploadtab": True,
    "image_dimensions": False,
    "paste_data_images": True,
    "relative_urls": False,
    "convert_urls": False,
    "invalid_elements": "script,style,iframe,object,embed,form,input",
    "entity_encoding": "raw",
}


def editor_widget():
    return TinyMCE(mce_attrs=EDITOR_CONFIG)


IMG_RE = re.compile(r"<img\b[^>]*>")
SRC_RE = re.compile(r'\ssrc="([^"]+)"')


def add_srcset(body):
    """Give each uploaded image in the body its resized copies as srcset, so phones load small files."""
    from .models import ImageAsset

    prefix = settings.MEDIA_URL

    def replace(match):
        tag = match.group(0)
        src = SRC_RE.search(tag)
        if " srcset=" in tag or not src or not src.group(1).startswith(prefix):
            return tag
        asset = ImageAsset.objects.filter(file=unquote(src.group(1)[len(prefix) :])).first()
        if asset is None or not asset.variants:
            return tag
        value = srcset(asset.file.name, asset.width, asset.variants, default_storage)
        extra = f' srcset="{value}" sizes="(max-width: 768px) 100vw, 760px" loading="lazy"'
        return tag[:-1].rstrip("/").rstrip() + extra + ">"

    return IMG_RE.sub(replace, body or "")
