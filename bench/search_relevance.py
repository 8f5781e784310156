"""Search relevance over the demo content and the seed article: precision@5 and nDCG@10.

    .venv/bin/python bench/search_relevance.py [--demo-file PATH] [--verbose]

Builds a throw-away database (seed page imported as article 4597, the demo
articles loaded), runs every query of RELEVANCE through the search service
(relevance order, the page the reader sees) and scores the top results
against the expected articles, named by title with a grade (2 = what the
query is for, 1 = also relevant).

precision@5 = relevant articles among the first 5 / min(5, relevant articles
that exist for the query), so a query with one right answer scores 1.0 when
that answer is in the top 5. nDCG@10 uses the grades (gain 2^g - 1).
The baseline in the same run is the LIKE '%词%' search PHP CMSes use: each
word must occur in title or body, newest first.
"""

import argparse
import math
import os
import sys
import tempfile
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = "【重点关注】增强区域经济竞争力 集聚高质量发展新动能"
SEED_TITLE = "增强区域经济竞争力 集聚高质量发展新动能"

# query → {title: grade}
RELEVANCE = {
    "太忻": {SEED_TITLE: 2},
    "太忻一体化": {SEED_TITLE: 2},
    "忻州 经济区": {SEED_TITLE: 2},
    '"雄忻高铁"': {SEED_TITLE: 2},
    "朱晓东": {SEED_TITLE: 2},
    "姚青林 手撕钢": {SEED_TITLE: 2},
    "区域经济 高质量发展": {SEED_TITLE: 2},
    "老旧小区": {"太原市启动老旧小区改造二期工程": 2},
    "口袋公园": {"小店区新建三处口袋公园方便居民休闲": 2},
    "社区食堂": {"迎泽区社区食堂覆盖所有街道": 2},
    "古村落": {"晋源区古村落修缮项目完成验收": 2},
    "葡萄": {"清徐县葡萄喜获丰收 线上销售渠道拓宽": 2},
    "地铁": {"太原地铁二号线客流稳步增长": 2},
    "大气污染": {"太原市发布秋冬季大气污染防治措施": 2},
    "招聘会": {"尖草坪区举办秋季招聘会 提供岗位两千余个": 2},
    "课后服务": {"万柏林区中小学新增课后服务项目": 2},
    "生态修复": {"古交市加快推进生态修复工程": 2, "运城市盐湖区推进生态保护与修复": 2},
    "消费券": {"太原市开展消费季活动 发放消费券": 2},
    "营商环境": {"太原市优化营商环境 企业开办一天办结": 2},
    "背街小巷": {"杏花岭区完成一批背街小巷整治": 2},
    "图书馆": {"太原市公共图书馆延长开放时间": 2, "太原市启动新一轮全民阅读活动": 1, "晋中市榆次区建成一批城市书房": 1},
    "太原 公交": {"太原市多条公交线路优化调整": 2, "太原地铁二号线客流稳步增长": 1},
    "供暖": {"关于太原市冬季供暖准备工作的通知": 2},
    "小米": {"阳曲县特色小米走俏市场": 2, "忻州市举办杂粮产品展销会": 1},
    "乡村振兴": {
        "阳曲县特色小米走俏市场": 2,
        "娄烦县发展庭院经济带动农户增收": 2,
        "阳泉市推进数字乡村建设": 2,
        "忻州市五台县发展特色民宿": 2,
    },
    "全民健身": {"太原市举办全民健身运动会": 2},
    "全民阅读": {"太原市启动新一轮全民阅读活动": 2, "太原市公共图书馆延长开放时间": 1},
    "食品安全": {"太原市开展食品安全专项检查": 2},
    "云冈石窟": {"大同市云冈石窟推出夜游项目": 2},
    "农贸市场": {"大同市平城区改造提升一批农贸市场": 2, "太原市开展食品安全专项检查": 1},
    "数字乡村": {"阳泉市推进数字乡村建设": 2},
    "红色文化": {"盂县举办红色文化主题展览": 2},
    "太行山": {"长治市太行山大峡谷景区完善服务设施": 2},
    "义诊": {"长治市潞州区开展社区义诊活动": 2},
    "光伏": {"晋城市发展光伏产业 绿色能源比重提升": 2},
    "古堡 研学": {"阳城县古堡群吸引游客研学": 2},
    "秸秆": {"朔州市推广秸秆综合利用": 2},
    "应县木塔": {"应县木塔周边环境整治完成": 2},
    "平遥古城": {"晋中市平遥古城迎来秋季旅游高峰": 2},
    "城市书房": {"晋中市榆次区建成一批城市书房": 2, "太原市启动新一轮全民阅读活动": 1},
    "候鸟": {"运城市盐湖区推进生态保护与修复": 2},
    "运城 苹果": {"运城市苹果产业链不断延伸": 2},
    "忻州 民宿": {"忻州市五台县发展特色民宿": 2},
    "杂粮": {"忻州市举办杂粮产品展销会": 2, SEED_TITLE: 1},
    "大槐树 寻根": {"临汾市洪洞县大槐树景区举办寻根活动": 2},
    "绿道": {"临汾市加快建设城市绿道": 2},
    "就业": {
        "尖草坪区举办秋季招聘会 提供岗位两千余个": 2,
        "吕梁市开展技能培训助力群众就业": 2,
        "运城市苹果产业链不断延伸": 1,
    },
    "技能培训": {"吕梁市开展技能培训助力群众就业": 2},
    "酒文化": {"汾阳市酒文化节开幕": 2},
    "文物保护": {"晋源区古村落修缮项目完成验收": 2, "应县木塔周边环境整治完成": 2, "大同市云冈石窟推出夜游项目": 1},
    "城市更新": {
        "太原市启动老旧小区改造二期工程": 2,
        "小店区新建三处口袋公园方便居民休闲": 2,
        "杏花岭区完成一批背街小巷整治": 2,
        "临汾市加快建设城市绿道": 2,
    },
    "新能源": {"晋城市发展光伏产业 绿色能源比重提升": 2, SEED_TITLE: 1},
    "文旅 region:大同": {"大同市云冈石窟推出夜游项目": 2},
    "夜游": {"大同市云冈石窟推出夜游项目": 2},
    "便民 region:太原 channel:ggtz": {"太原市多条公交线路优化调整": 2, "关于太原市冬季供暖准备工作的通知": 2},
}

# Queries in other words than the articles use (a reader's words: 暖气 for 供暖), written
# before they were run; scored on their own, with and without the fall-back to any of the
# query's words (search.query.relaxed) in the same run.
PARAPHRASES = {
    "空气质量": {"太原市发布秋冬季大气污染防治措施": 2},
    "暖气": {"关于太原市冬季供暖准备工作的通知": 2},
    "找工作": {"尖草坪区举办秋季招聘会 提供岗位两千余个": 2, "吕梁市开展技能培训助力群众就业": 1},
    "老房子改造": {"太原市启动老旧小区改造二期工程": 2},
    "古建筑修缮": {"晋源区古村落修缮项目完成验收": 2, "应县木塔周边环境整治完成": 1},
    "景区夜游": {"大同市云冈石窟推出夜游项目": 2},
    "地铁客流": {"太原地铁二号线客流稳步增长": 2},
    "农民增收": {"娄烦县发展庭院经济带动农户增收": 2, "阳曲县特色小米走俏市场": 1},
    "太阳能发电": {"晋城市发展光伏产业 绿色能源比重提升": 2},
    "民宿旅游": {"忻州市五台县发展特色民宿": 2},
    "学校课后托管": {"万柏林区中小学新增课后服务项目": 2},
    "免费看病": {"长治市潞州区开展社区义诊活动": 2},
}


def setup(home, demo_file):
    os.environ["DAYUAN_HOME"] = str(home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dayuan.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from dayuan.core.siteconfig import load_site_file
    from dayuan.news.basedata import load_base_data
    from dayuan.portal import demo

    load_base_data()
    seed = SHARED / "seed" / "000_8ee638c484d02a70.txt"
    if seed.exists():
        load_site_file(SHARED / "seed" / "site.toml")
        call_command(
            "import", str(seed), "--id", "4597", "--channel", "gsyl", "--region", "jinzhong", "--publish", verbosity=0
        )
    if demo_file:
        demo.DEMO_FILE = Path(demo_file)
    demo.load_demo()


def dcg(grades):
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades))


def score(titles, expected):
    present = {t: g for t, g in expected.items()}
    grades = [expected.get(t, 0) for t in titles]
    p5 = sum(1 for g in grades[:5] if g) / min(5, len(present))
    ideal = dcg(sorted(present.values(), reverse=True)[:10])
    return p5, dcg(grades[:10]) / ideal, bool(grades and grades[0] == 2)


def like_titles(q):
    from django.db.models import Q

    from dayuan.search.query import parse
    from dayuan.search.services import candidates

    parsed = parse(q)
    qs = candidates(parsed, [], {})
    if qs is None:
        return []
    for term in parsed.terms():
        qs = qs.filter(Q(title__icontains=term.text) | Q(body__icontains=term.text))
    return list(qs.order_by("-published_at").values_list("title", flat=True)[:10])


def score_paraphrases(services, titles_in_db):
    """(p@5, nDCG@10, first right, queries) with the fall-back, then without it."""
    scores = []
    for relax in (True, False):
        saved = services.relaxed
        if not relax:
            services.relaxed = lambda query: None
        try:
            rows = []
            for q, expected in PARAPHRASES.items():
                expected = {t: g for t, g in expected.items() if t in titles_in_db}
                if expected:
                    found = [row.article.title for row in services.search(q, page_size=10, facets=False).results]
                    rows.append(score(found, expected))
        finally:
            services.relaxed = saved
        n = len(rows) or 1
        scores.append((sum(r[0] for r in rows) / n, sum(r[1] for r in rows) / n, sum(r[2] for r in rows), len(rows)))
    return scores


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--demo-file", help="demo articles JSON (default: the one shipped in dayuan.portal)")
    parser.add_argument("--verbose", action="store_true", help="print the top titles of every query")
    parser.add_argument(
        "--common-matches",
        type=int,
        default=None,
        help="SQLite: a word in this many articles is 'common' and its queries are ranked "
        "in Python over the newest matches (0: every query; default: the backend's)",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    setup(Path(tempfile.mkdtemp(prefix="dayuan-relevance-")), args.demo_file)
    if args.common_matches is not None:
        from django.conf import settings

        from dayuan.search.backends import reset_backends

        settings.DAYUAN_SEARCH = {"default": {"COMMON_MATCHES": args.common_matches}}
        reset_backends()
    from dayuan.news.models import Article
    from dayuan.search import services

    titles_in_db = set(Article.objects.published().values_list("title", flat=True))
    rows, skipped = [], []
    for q, expected in RELEVANCE.items():
        expected = {t: g for t, g in expected.items() if t in titles_in_db}
        if not expected:
            skipped.append(q)
            continue
        found = [row.article.title for row in services.search(q, page_size=10, facets=False).results]
        rows.append((q, *score(found, expected), *score(like_titles(q), expected)[:2], found))
    paraphrases = score_paraphrases(services, titles_in_db)
    n = len(rows)
    if not n:
        print("No query has its expected articles in this corpus.")
        return
    mean = lambda i: sum(r[i] for r in rows) / n  # noqa: E731
    lines = [
        f"Command: `.venv/bin/python bench/search_relevance.py{' --demo-file ' + args.demo_file if args.demo_file else ''}"
        f"{'' if args.common_matches is None else f' --common-matches {args.common_matches}'}`",
        "",
        f"Corpus: {len(titles_in_db)} published articles (the seed article and the demo articles); "
        f"{n} queries scored, {len(skipped)} skipped because their articles are not in this corpus.",
        "",
        "| | precision@5 | nDCG@10 | first result right |",
        "|---|---|---|---|",
        f"| Dayuan search | {mean(1):.3f} | {mean(2):.3f} | {sum(r[3] for r in rows)}/{n} |",
        f"| LIKE '%词%' baseline, newest first | {mean(4):.3f} | {mean(5):.3f} | |",
    ]
    if paraphrases[0][3]:
        lines += [
            "",
            f"Paraphrase queries (PARAPHRASES, {paraphrases[0][3]}: a reader's words, not the articles'):",
            "",
            "| | precision@5 | nDCG@10 | first result right |",
            "|---|---|---|---|",
        ]
        for label, (p5, ndcg, first, count) in zip(("with the any-word fall-back", "without it"), paraphrases):
            lines.append(f"| {label} | {p5:.3f} | {ndcg:.3f} | {first}/{count} |")
    misses = [r for r in rows if not r[3]]
    if misses:
        lines += ["", "Queries whose first result is not the expected article:", ""]
        lines += [f"- `{r[0]}`: first result “{r[6][0] if r[6] else '（无结果）'}”" for r in misses]
    if skipped:
        lines += ["", "Skipped: " + "、".join(f"`{q}`" for q in skipped)]
    print("\n".join(lines))
    if args.verbose:
        for r in rows:
            print(f"\n{r[0]}  P@5={r[1]:.2f} nDCG={r[2]:.2f}", *r[6][:5], sep="\n  ")


if __name__ == "__main__":
    main()
