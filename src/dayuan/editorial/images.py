"""Image uploads: check what the file really is, strip metadata, make resized copies.

Every check reads the content, never the file name. The image is decoded and
re-encoded, which drops EXIF (GPS position, camera serial) and anything hidden
after the image data; a picture that would decode to more pixels than the
limit is refused from its header, before any pixel is decoded.
"""

import io
import os
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "png", "WEBP": "webp"}
WIDTHS = (320, 640, 1024)


def max_bytes():
    return getattr(settings, "EDITORIAL_MAX_IMAGE_BYTES", 10 * 1024 * 1024)


def max_pixels():
    return getattr(settings, "EDITORIAL_MAX_IMAGE_PIXELS", 40_000_000)


def _read(upload):
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes():
        raise ValidationError(f"图片太大（{size / 1024 / 1024:.1f} MB），不能超过 {max_bytes() // 1024 // 1024} MB。")
    upload.seek(0)
    data = upload.read(max_bytes() + 1)
    if len(data) > max_bytes():
        raise ValidationError(f"图片太大，不能超过 {max_bytes() // 1024 // 1024} MB。")
    return data


def clean_image(upload):
    """Return (bytes, extension, width, height) of a safe re-encoded copy, or raise ValidationError."""
    data = _read(upload)
    head = data[:512].lstrip().lower()
    if head.startswith(b"<?xml") or b"<svg" in head:
        raise ValidationError("不接受 SVG 图片（可能含有脚本），请上传 JPG、PNG、GIF 或 WebP。")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            fmt = image.format
            if fmt not in FORMATS:
                raise ValidationError(f"不支持的图片格式 {fmt}，请上传 JPG、PNG、GIF 或 WebP。")
            width, height = image.size
            if width * height > max_pixels():
                raise ValidationError(
                    f"图片像素过多（{width}×{height}），不能超过 {max_pixels() // 1_000_000} 百万像素。"
                )
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError("图片像素过多，疑似“解压炸弹”，已拒绝。") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError("文件不是有效的图片（按内容检查，而非扩展名），请上传 JPG、PNG、GIF 或 WebP。") from None
    image = ImageOps.exif_transpose(image)
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    if fmt == "GIF":
        image = image.convert("RGBA")
    # Pillow writes back what it read into .info (a JPEG's COM comment, ICC and XMP, a PNG's
    # text chunks): forget all of it, so only pixels are saved.
    image.info = {}
    out = io.BytesIO()
    image.save(out, format="PNG" if fmt == "GIF" else fmt, **({"quality": 88} if fmt in ("JPEG", "WEBP") else {}))
    return out.getvalue(), FORMATS[fmt], image.width, image.height


def variant_name(name, width):
    base, _ = os.path.splitext(name)
    return f"{base}.w{width}.webp"


def make_variants(name, storage=default_storage):
    """Write resized WebP copies of a stored image; returns {width: name} for widths below its own."""
    with storage.open(name) as stored:
        image = Image.open(stored)
        image.load()
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    variants = {}
    for width in WIDTHS:
        if width >= image.width:
            break
        copy = image.resize((width, max(1, round(image.height * width / image.width))), Image.LANCZOS)
        out = io.BytesIO()
        copy.save(out, format="WEBP", quality=82)
        target = variant_name(name, width)
        if storage.exists(target):
            storage.delete(target)
        variants[str(width)] = storage.save(target, ContentFile(out.getvalue()))
    return variants


def srcset(name, width, variants, storage=default_storage):
    """A srcset value: the resized copies plus the original at its own width."""
    parts = [f"{storage.url(path)} {w}w" for w, path in sorted(variants.items(), key=lambda kv: int(kv[0]))]
    parts.append(f"{storage.url(name)} {width}w")
    return ", ".join(parts)


def save_upload(upload, user=None):
    """Check, clean and store an uploaded image with its resized copies."""
    from .models import ImageAsset

    data, ext, width, height = clean_image(upload)
    stem = uuid.uuid4().hex[:16]  # plain ASCII names: no encoding surprises in URLs or on disk
    asset = ImageAsset(original_name=(getattr(upload, "name", "") or "")[:200], uploaded_by=user)
    asset.file.save(f"{stem}.{ext}", ContentFile(data), save=False)
    asset.width, asset.height = width, height
    asset.variants = make_variants(asset.file.name)
    asset.save()
    return asset
