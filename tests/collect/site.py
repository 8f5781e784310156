"""A small fake news web for the collector's tests, served on 127.0.0.1.

Pages take the shapes of the PHP CMSs local portals run on (DedeCMS article
and list templates, a PbootCMS article, a portal with another chrome that
reprints a story), plus the cases a collector must survive: GBK and Big5
pages, a meta charset that lies, broken HTML, 404/500, a slow response, a
redirect loop, a robots.txt exclusion and a 20 MB response made on the fly.
Also used by bench/dedupe_bench.py.
"""

import io
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# ---------------------------------------------------------------------------
# Stories (title, time, source line, author, paragraphs)

STORIES = {
    "taiyuan": dict(
        title="太原市启动城中村改造三年行动 首批涉及二十个村",
        time="2024-05-16 09:30:12",
        source="太原日报",
        author="李晓明",
        paragraphs=[
            "5月15日，太原市召开城中村改造三年行动动员大会，正式启动新一轮城中村改造工作。按照计划，首批改造涉及小店区、迎泽区、杏花岭区的二十个村，惠及居民约三万户。",
            "市住建局负责人介绍，此次改造坚持“先安置、后拆除”的原则，所有回迁安置房将在拆除前确定选址并开工建设，确保群众在过渡期内生活不受影响。",
            "在资金保障方面，太原市设立了总规模五十亿元的城中村改造专项资金，并积极争取国家政策性银行的中长期贷款支持，同时鼓励社会资本通过公开招标方式参与项目建设。",
            "改造过程中，太原市将同步推进道路、供水、供气、供热和污水管网等基础设施建设，新建和改扩建中小学、幼儿园、社区卫生服务中心等公共服务设施二十余处。",
            "针对群众普遍关心的补偿标准问题，各区将在动员会后一个月内公布补偿安置方案，并在村务公开栏和政府网站同时公示，接受群众监督，做到一把尺子量到底。",
            "市委有关负责同志表示，城中村改造是重大民生工程，也是城市更新的重要内容，各级各部门要加强统筹协调，倾听群众意见，把好事办好、实事办实。",
        ],
    ),
    "datong": dict(
        title="大同市云冈区新建三所公办幼儿园 新增学位一千余个",
        time="2024-06-03 10:05:00",
        source="大同新闻网",
        author="王芳",
        paragraphs=[
            "记者从大同市云冈区教育局获悉，该区今年新建的三所公办幼儿园主体工程已经完工，预计九月份秋季学期开学前投入使用，可新增学前教育学位一千零八十个。",
            "三所幼儿园分别位于新旺乡、口泉乡和西韩岭乡，总建筑面积一万二千平方米，每所幼儿园均配建了室内活动室、户外游戏场地、图书角和保健室。",
            "近年来，云冈区持续加大学前教育投入，通过新建、改扩建和回收小区配套园等方式，不断扩大普惠性学前教育资源，公办园在园幼儿占比提高到百分之六十以上。",
            "区教育局同时面向社会公开招聘幼儿教师六十名，并组织新入职教师参加为期两周的岗前培训，确保新园开园后保教质量同步提升。",
            "不少家长表示，家门口有了公办幼儿园，既省去了接送孩子的奔波，又减轻了家庭的经济负担，希望幼儿园早日开园招生。",
        ],
    ),
    "pingyao": dict(
        title="晋中市推进平遥古城保护条例修订 广泛征求社会意见",
        time="2024-04-22 15:40:00",
        source="晋中日报",
        author="",
        paragraphs=[
            "晋中市人大常委会近日启动《平遥古城保护条例》修订工作，修订草案已在市人大网站全文公布，面向社会公开征求意见，征求意见时间为一个月。",
            "此次修订重点围绕古城传统民居保护利用、商业业态管理、消防安全和游客承载量控制等问题，新增了古城居民参与保护的激励措施和违法行为的处罚条款。",
            "平遥古城是我国保存最为完整的古代县城之一，一九九七年被列入世界文化遗产名录。近年来古城旅游持续升温，年接待游客超过一千万人次，保护压力随之增大。",
            "市人大常委会法工委负责人表示，修订工作将坚持开门立法，除网上征求意见外，还将在古城内召开居民座谈会和商户座谈会，听取一线意见建议。",
            "社会各界可以通过电子邮件、信函等方式提出修改意见，有关意见将在草案修改时认真研究吸收，并在审议报告中予以说明。",
        ],
    ),
    "yuncheng": dict(
        title="运城市盐湖区苹果喜获丰收 电商助力果品销往全国",
        time="2024-10-09 08:15:00",
        source="运城新闻网",
        author="张强",
        paragraphs=[
            "金秋十月，运城市盐湖区的果园里一派繁忙景象，果农们忙着采摘、分拣、装箱，一车车新鲜苹果从田间地头运往全国各地。",
            "今年盐湖区苹果种植面积达到二十五万亩，由于花期天气适宜，加上病虫害绿色防控技术的推广，苹果产量和品质均好于往年，优果率提高了八个百分点。",
            "为拓宽销售渠道，盐湖区建设了县级电商公共服务中心和二十个村级电商服务站，组织果农参加直播带货培训，全区苹果线上销售额预计突破五亿元。",
            "在冷链物流方面，盐湖区新建气调库十二座，新增储藏能力三万吨，果品可以错峰销售，有效避免了集中上市造成的价格波动。",
            "果农老刘算了一笔账，今年他家八亩苹果预计收入十二万元，比去年增加两万多元，“日子越过越有奔头了”。",
        ],
    ),
    "changzhi": dict(
        title="長治市太行山大峽谷景區秋季遊客大幅增長",
        time="2024-10-12 11:20:00",
        source="長治新聞網",
        author="陳靜",
        paragraphs=[
            "國慶假期以來，長治市壺關縣太行山大峽谷景區迎來秋季旅遊高峰，每日接待遊客超過兩萬人次，同比增長百分之三十以上。",
            "進入十月，峽谷內紅葉漸次變色，層林盡染，吸引了大批攝影愛好者和自駕遊客前來觀賞。景區增設了臨時停車場和觀光接駁車，方便遊客出行。",
            "為保障遊客安全，景區在主要步道和觀景平台增派了工作人員和志願者，並在入口處實行分時段預約入園，避免人員過度聚集。",
            "當地農民也從旅遊熱中受益，周邊村莊的農家樂和民宿入住率持續保持高位，土特產品銷售火爆，旅遊業成為群眾增收的重要渠道。",
        ],
    ),
    # Same topic as "taiyuan" (urban renewal in Taiyuan), different story: must NOT be linked.
    "taiyuan2": dict(
        title="太原市老旧小区改造完成年度任务 惠及居民四万余户",
        time="2024-11-20 16:00:00",
        source="太原日报",
        author="赵红",
        paragraphs=[
            "记者从太原市住建局了解到，今年全市计划改造的一百八十个老旧小区已全部完工，共惠及居民四万余户，提前一个月完成年度目标任务。",
            "今年的改造内容包括屋面防水、外墙保温、加装电梯、雨污分流和停车位增设等，其中新加装电梯二百一十部，解决了不少老年居民上下楼难的问题。",
            "在改造中，各区坚持一小区一方案，通过入户走访和居民议事会确定改造项目，居民参与率达到百分之九十以上，改造满意度明显提升。",
            "住建局负责人表示，明年将继续把老旧小区改造作为城市更新的重点，同步推进完整社区建设，补齐养老托育和便民商业等服务短板。",
        ],
    ),
}

# The reprint of "taiyuan": another site, other chrome, a new headline, a first
# line naming the source, one paragraph left out, an editor line and a related list.
REPRINT = dict(
    title="首批二十个村纳入改造 太原城中村改造三年行动启动",
    time="2024-05-16 14:02",
    source="山西新闻网",
    author="",
    paragraphs=[f"据太原日报报道，{STORIES['taiyuan']['paragraphs'][0]}"]
    + STORIES["taiyuan"]["paragraphs"][1:3]
    + STORIES["taiyuan"]["paragraphs"][4:]
    + ["（责任编辑：王明）"],
)


def _paragraphs(story):
    return "\n".join(f"<p>{p}</p>" for p in story["paragraphs"])


def dede_article(story, charset="utf-8", image=""):
    """DedeCMS default article template (article_article.htm)."""
    img = f'<p style="text-align:center"><img src="{image}" alt="现场图片"></p>' if image else ""
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>{story["title"]}_各市新闻_三晋在线</title>
<meta name="keywords" content="城中村,改造" />
<link href="/templets/default/style/dedecms.css" rel="stylesheet" media="screen" type="text/css" />
</head><body class="articleview">
<div class="header"><div class="top w960 center"><div class="title"><h1><a href="/">三晋在线</a></h1></div>
<div class="banner"><a href="/plus/ad_js.php?aid=1">广告</a></div></div>
<div class="module blue mT10 wrapper w963"><div id="navMenu"><ul>
<li><a href="/"><span>主页</span></a></li><li><a href="/a/gsxw/"><span>各市新闻</span></a></li>
<li><a href="/a/jj/"><span>经济</span></a></li><li><a href="/a/ms/"><span>民生</span></a></li></ul></div></div></div>
<div class="w960 center clear mt1"><div class="pleft">
<div class="place"><strong>当前位置:</strong> <a href="/">主页</a> &gt; <a href="/a/gsxw/">各市新闻</a> &gt;</div>
<div class="viewbox"><div class="title"><h2>{story["title"]}</h2></div>
<div class="info"><small>时间:</small>{story["time"]}<small>来源:</small>{story["source"]} <small>作者:</small>{story["author"]} <small>点击:</small><script src="/plus/count.php?view=yes&aid=101&mid=1"></script>次</div>
<div class="content"><table width="100%"><tr><td>
{img}
{_paragraphs(story)}
</td></tr></table></div>
<div class="boxoff"><strong>------分隔线----------------------------</strong></div>
<div class="handle"><div class="context"><ul><li>上一篇：<a href="/a/gsxw/100.html">太原举办第二届城市更新论坛</a></li>
<li>下一篇：没有了</li></ul></div>
<div class="actbox"><ul><li id="act-fav"><a href="/plus/stow.php?aid=101">收藏</a></li>
<li id="act-err"><a href="/plus/erraddsave.php?aid=101">挑错</a></li><li id="act-pus"><a href="/plus/recommend.php?aid=101">推荐</a></li>
<li id="act-pnt"><a href="#" onclick="window.print();">打印</a></li></ul></div></div>
</div></div>
<div class="pright"><div class="commend mt1"><dl class="tbox light"><dt class="light"><strong>推荐内容</strong></dt>
<dd class="light"><ul class="d4"><li><a href="/a/ms/90.html">全省秋粮收购工作有序开展</a></li>
<li><a href="/a/ms/91.html">我省出台促进消费十条措施</a></li></ul></dd></dl></div></div></div>
<div class="footer w960 center mt1 clear"><div class="footer_body">
<p class="powered">Powered by <a href="http://www.dedecms.com" title="织梦内容管理系统">DedeCMS</a> &copy; 2004-2024 三晋在线 版权所有</p>
<div class="copyright">本站部分内容来源于网络，如有侵权请联系删除。</div></div></div>
</body></html>"""


def pboot_article(story, charset="gb2312"):
    """PbootCMS default news template."""
    return f"""<!doctype html>
<html lang="zh"><head><meta charset="{charset}">
<meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no">
<title>{story["title"]}-云冈资讯网</title>
<meta name="keywords" content="{story["title"]}"><meta name="description" content="{story["paragraphs"][0][:60]}">
<link rel="stylesheet" href="/template/default/bootstrap/css/bootstrap.min.css">
</head><body>
<nav class="navbar navbar-light bg-light fixed-top"><div class="container"><a class="navbar-brand" href="/">云冈资讯网</a>
<ul class="navbar-nav"><li class="nav-item"><a class="nav-link" href="/">首页</a></li>
<li class="nav-item active"><a class="nav-link" href="/news/">新闻中心</a></li>
<li class="nav-item"><a class="nav-link" href="/about/">关于我们</a></li></ul></div></nav>
<div class="container pages"><div class="position">当前位置：<a href="/">首页</a> > <a href="/news/">新闻中心</a></div>
<h2 class="text-center fs-sm-28 fs-20 mt-3">{story["title"]}</h2>
<div class="text-center border-bottom text-secondary pb-2 mb-3">
<i class="fa fa-sitemap"></i> 栏目：<a href="/news/">新闻中心</a> &nbsp;&nbsp;<i class="fa fa-user"></i> 作者：{story["author"]}
&nbsp;&nbsp;<i class="fa fa-clock-o"></i> 发布时间：{story["time"]} &nbsp;&nbsp;<i class="fa fa-eye"></i> 浏览：<span>128</span>次</div>
<div class="text-secondary lh-2">{_paragraphs(story)}</div>
<div class="text-secondary lh-2"><p>来源：{story["source"]}</p></div>
<div class="text-center mt-4 mb-4"><button class="btn btn-info" id="like">点赞</button> 分享到：<a href="#">微信</a> <a href="#">微博</a></div>
<div class="row"><div class="col-12 col-sm-6 mb-2">上一篇：<a href="/news/41.html">我区举办教师节表彰大会</a></div>
<div class="col-12 col-sm-6 mb-2 text-sm-right">下一篇：<a href="/news/43.html">全区秋季开学工作会议召开</a></div></div></div>
<div class="footer mt-3 pt-5 border-top text-secondary bg-light"><div class="container">
<p>Copyright &copy; 2024 云冈资讯网 All Rights Reserved. 备案号：晋ICP备12345678号</p></div></div>
</body></html>"""


def portal_article(story):
    """Another portal's chrome (a reprint site): header, share bar, related list, comments."""
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{story["title"]} - 山西新闻网</title></head>
<body><header class="site-header"><a class="logo" href="/">山西新闻网</a>
<nav><a href="/">首页</a> <a href="/sx/">山西</a> <a href="/ty/">太原</a> <a href="/video/">视频</a></nav>
<form action="/search"><input name="q"><button>搜索</button></form></header>
<main><article><h1 class="headline">{story["title"]}</h1>
<div class="byline"><span class="date">{story["time"]}</span> <span class="from">来源：{story["source"]}</span></div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
<section class="article-content">{_paragraphs(story)}</section></article>
<aside class="related"><h3>相关阅读</h3><ul>
<li><a href="/ty/2024/0510/1.html">太原出台城市更新实施办法</a></li>
<li><a href="/ty/2024/0502/2.html">太原地铁二号线客流创新高</a></li>
<li><a href="/ty/2024/0428/3.html">太原植物园五一假期接待游客十万人次</a></li></ul></aside>
<section class="comments"><h3>网友评论</h3><p>已有 0 条评论，<a href="/login">登录</a>后发表评论</p></section></main>
<footer><p>山西新闻网版权所有 未经授权禁止转载</p><p>违法和不良信息举报电话：0351-1234567</p></footer>
</body></html>"""


def broken_article(story):
    """Unclosed tags, a stray </div>, no </body></html>, an unquoted attribute."""
    return (
        f"<html><head><meta charset=utf-8><title>{story['title']}_运城新闻网</title>"
        f"<body><div class=main><div class=nav><a href=/>首页</a> | <a href=/news/>新闻</a></div>"
        f"<h1>{story['title']}</h1><div class=info>发布时间：{story['time']} 来源：{story['source']}</div></div>"
        f"<div class=article><p>" + "<p>".join(story["paragraphs"]) + "<div class=foot>运城新闻网 版权所有"
    )


def dede_list(links):
    items = "\n".join(
        f'<li><span class="date">05-16</span><a href="{href}" title="{title}">{title}</a></li>' for href, title in links
    )
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>各市新闻_三晋在线</title></head>
<body><div id="navMenu"><ul><li><a href="/">主页</a></li><li><a href="/a/gsxw/">各市新闻</a></li>
<li><a href="/about.html">关于我们</a></li></ul></div>
<div class="listbox"><ul class="e2">
{items}
</ul></div>
<div class="dede_pages"><ul class="pagelist"><li><a href="/a/gsxw/list_1_2.html">下一页</a></li>
<li><a href="/a/gsxw/list_1_9.html">末页</a></li></ul></div>
<div class="footer">Powered by DedeCMS</div></body></html>"""


def rss(base, links):
    items = "\n".join(
        f"<item><title>{title}</title><link>{base}{href}</link><pubDate>{formatdate(0, usegmt=True)}</pubDate></item>"
        for href, title in links
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>三晋在线</title><link>{base}/</link><description>各市新闻</description>
{items}
</channel></rss>"""


def atom(base, links):
    entries = "\n".join(
        f'<entry><title>{title}</title><link href="{base}{href}"/><id>{base}{href}</id>'
        f"<updated>2024-05-16T09:30:00+08:00</updated></entry>"
        for href, title in links
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>三晋在线</title><id>{base}/</id>
<updated>2024-05-16T09:30:00+08:00</updated>
{entries}
</feed>"""


def sitemap_index(base):
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{base}/sitemap-news.xml</loc></sitemap>
</sitemapindex>"""


def news_sitemap(base, links):
    urls = "\n".join(
        f"""<url><loc>{base}{href}</loc><news:news><news:publication><news:name>三晋在线</news:name>
<news:language>zh-cn</news:language></news:publication><news:publication_date>2024-05-{16 + i:02d}</news:publication_date>
<news:title>{title}</news:title></news:news></url>"""
        for i, (href, title) in enumerate(links)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{urls}
</urlset>"""


def png_bytes(color=(200, 30, 30)):
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 40), color).save(out, "PNG")
    return out.getvalue()


# ---------------------------------------------------------------------------
# Routes: path -> (status, headers, body bytes | callable)

ARTICLE_LINKS = [
    ("/a/gsxw/2024/0516/101.html", STORIES["taiyuan"]["title"]),
    ("/news/42.html", STORIES["datong"]["title"]),
    ("/a/gsxw/2024/0422/103.html", STORIES["pingyao"]["title"]),
    ("/a/gsxw/2024/1009/104.html", STORIES["yuncheng"]["title"]),
    ("/a/gsxw/2024/1012/105.html", STORIES["changzhi"]["title"]),
    ("/a/gsxw/2024/1120/106.html", STORIES["taiyuan2"]["title"]),
    ("/ty/2024/0516/77801.html", REPRINT["title"]),
]
BAD_LINKS = [
    ("/a/gsxw/2024/0101/404.html", "这篇文章已被删除了"),
    ("/a/gsxw/2024/0101/500.html", "服务器出错的一篇文章"),
    ("/a/gsxw/2024/0101/slow.html", "响应很慢的一篇文章页"),
    ("/a/gsxw/2024/0101/loop.html", "重定向循环的一篇文章"),
    ("/private/2024/0101/107.html", "robots 禁止采集的文章"),
    ("/a/gsxw/2024/0101/huge.html", "二十兆字节的超大页面"),
]
ALL_LINKS = ARTICLE_LINKS + BAD_LINKS
HUGE_BYTES = 20 * 1024 * 1024
SLOW_SECONDS = 1.5


def routes(base):
    html = "text/html"
    utf8 = "text/html; charset=utf-8"
    table = {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"),
        "/a/gsxw/": (200, {"Content-Type": utf8}, dede_list(ALL_LINKS).encode()),
        "/rss.xml": (
            200,
            {"Content-Type": "application/rss+xml; charset=utf-8", "ETag": '"rss-v1"'},
            rss(base, ALL_LINKS).encode(),
        ),
        "/atom.xml": (
            200,
            {"Content-Type": "application/atom+xml", "Last-Modified": formatdate(0, usegmt=True)},
            atom(base, ARTICLE_LINKS[:3]).encode(),
        ),
        "/sitemap.xml": (200, {"Content-Type": "application/xml"}, sitemap_index(base).encode()),
        "/sitemap-news.xml": (200, {"Content-Type": "application/xml"}, news_sitemap(base, ARTICLE_LINKS[:4]).encode()),
        # UTF-8 DedeCMS page with an image (relative URL) and one that is not an image.
        "/a/gsxw/2024/0516/101.html": (
            200,
            {"Content-Type": utf8},
            dede_article(STORIES["taiyuan"], image="/uploads/allimg/240516/1-1.png")
            .replace("</td>", '<p><img src="//127.0.0.1:1/broken.jpg"></p></td>')
            .encode(),
        ),
        # PbootCMS page in GBK: header says gbk, meta says gb2312.
        "/news/42.html": (
            200,
            {"Content-Type": "text/html; charset=gbk"},
            pboot_article(STORIES["datong"], "gb2312").encode("gbk"),
        ),
        # GBK bytes whose meta charset lies (says utf-8), no charset in the header.
        "/a/gsxw/2024/0422/103.html": (
            200,
            {"Content-Type": html},
            dede_article(STORIES["pingyao"], charset="utf-8").encode("gbk"),
        ),
        # Broken HTML.
        "/a/gsxw/2024/1009/104.html": (200, {"Content-Type": html}, broken_article(STORIES["yuncheng"]).encode()),
        # Big5 bytes: the header says gb2312, the meta says big5.
        "/a/gsxw/2024/1012/105.html": (
            200,
            {"Content-Type": "text/html; charset=gb2312"},
            dede_article(STORIES["changzhi"], charset="big5").encode("big5", "xmlcharrefreplace"),
        ),
        "/a/gsxw/2024/1120/106.html": (200, {"Content-Type": utf8}, dede_article(STORIES["taiyuan2"]).encode()),
        "/ty/2024/0516/77801.html": (200, {"Content-Type": utf8}, portal_article(REPRINT).encode()),
        "/uploads/allimg/240516/1-1.png": (200, {"Content-Type": "image/png"}, png_bytes()),
        "/a/gsxw/2024/0101/404.html": (404, {"Content-Type": utf8}, "<h1>404 页面不存在</h1>".encode()),
        "/a/gsxw/2024/0101/500.html": (500, {"Content-Type": utf8}, "<h1>服务器错误</h1>".encode()),
        "/a/gsxw/2024/0101/loop.html": (302, {"Location": "/a/gsxw/2024/0101/loop2.html"}, b""),
        "/a/gsxw/2024/0101/loop2.html": (302, {"Location": "/a/gsxw/2024/0101/loop.html"}, b""),
        "/private/2024/0101/107.html": (200, {"Content-Type": utf8}, dede_article(STORIES["taiyuan2"]).encode()),
        "/single.html": (301, {"Location": "/a/gsxw/2024/0516/101.html"}, b""),
    }
    return table


class FixtureSite:
    """The fixture web on a free port of 127.0.0.1; ``hits`` counts requests per path."""

    def __init__(self):
        site = self
        self.hits = {}
        self.lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                path = self.path.split("?")[0]
                with site.lock:
                    site.hits[path] = site.hits.get(path, 0) + 1
                try:
                    site.respond(self, path)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.table = routes(self.base)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path):
        return self.base + path

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def respond(self, handler, path):
        if path.endswith("/slow.html"):
            time.sleep(SLOW_SECONDS)
            return self._send(handler, 200, {"Content-Type": "text/html"}, b"<html>late</html>")
        if path.endswith("/huge.html"):
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html; charset=utf-8")
            handler.send_header("Transfer-Encoding", "chunked")  # no Content-Length: the cap must count
            handler.end_headers()
            chunk = b"<p>" + "填充内容".encode() * 5000 + b"</p>"
            sent = 0
            while sent < HUGE_BYTES:
                handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += len(chunk)
            handler.wfile.write(b"0\r\n\r\n")
            return None
        if path not in self.table:
            return self._send(handler, 404, {"Content-Type": "text/html; charset=utf-8"}, b"<h1>404</h1>")
        status, headers, body = self.table[path]
        etag = headers.get("ETag")
        if etag and handler.headers.get("If-None-Match") == etag:
            return self._send(handler, 304, {"ETag": etag}, b"")
        modified = headers.get("Last-Modified")
        if modified and handler.headers.get("If-Modified-Since") == modified:
            return self._send(handler, 304, {"Last-Modified": modified}, b"")
        return self._send(handler, status, headers, body)

    def _send(self, handler, status, headers, body):
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        if body:
            handler.wfile.write(body)
