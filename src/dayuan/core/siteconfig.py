"""Load site-level texts from a TOML file shaped like shared/seed/site.toml."""

import tomllib

from .models import SiteSettings

# TOML [section] key → SiteSettings field
FIELD_MAP = {
    ("site", "title"): "title",
    ("site", "short_name"): "short_name",
    ("site", "name"): "name",
    ("site", "footer_name"): "footer_name",
    ("site", "domain"): "domain",
    ("site", "description"): "description",
    ("site", "keywords"): "keywords",
    ("site", "about_title"): "about_title",
    ("site", "about"): "about",
    ("site", "copyright"): "copyright",
    ("site", "disclaimer_en"): "disclaimer_en",
    ("site", "disclaimer_zh"): "disclaimer_zh",
    ("site", "icp_number"): "icp_number",
    ("site", "police_record"): "police_record",
    ("statements", "heading"): "statement_heading",
    ("statements", "address_label"): "address_label",
    ("comments", "heading"): "comments_heading",
    ("comments", "captcha_label"): "captcha_label",
}
# Statement kinds are lists of lines in the file and one line each in the model.
STATEMENT_FIELDS = {
    "original": "statement_original",
    "authorized": "statement_authorized",
    "reprinted": "statement_reprinted",
}


class SiteFileError(ValueError):
    pass


def load_site_file(path):
    """Apply the file's texts to the site settings; returns the changed field names."""
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise SiteFileError(f"找不到站点配置文件：{path}") from None
    except tomllib.TOMLDecodeError as error:
        raise SiteFileError(f"站点配置文件格式错误（{path}）：{error}") from None

    settings = SiteSettings.load()
    changed = []
    for (section, key), field in FIELD_MAP.items():
        value = data.get(section, {}).get(key)
        if isinstance(value, str):
            setattr(settings, field, value.strip())
            changed.append(field)
    for kind, field in STATEMENT_FIELDS.items():
        lines = data.get("statements", {}).get(kind)
        if isinstance(lines, list):
            setattr(settings, field, "\n".join(str(line).strip() for line in lines))
            changed.append(field)
    settings.save()
    return changed
