"""Small synthetic news pages, each in the shape of a failure seen on unseen sites."""

from html import escape

PARAGRAPHS = [
    "记者从市发展和改革委员会获悉，今年以来全市重点项目建设进展顺利，一批事关长远发展的大项目相继开工。",
    "据介绍，全市共安排重点项目一百二十个，总投资超过八百亿元，涵盖交通、能源、产业和民生等多个领域。",
    "在交通方面，连接南北的快速通道已经完成主体工程，预计年底前通车，将大大缩短两地之间的通行时间。",
    "在民生方面，新建学校、医院和养老机构等项目陆续投入使用，群众的获得感和幸福感不断提升。",
    "市发展和改革委员会有关负责人表示，下一步将继续优化营商环境，推动项目早开工、早投产、早见效。",
]


def page(
    *,
    title,
    headline="",
    meta="",
    lead="",
    tail="",
    head="",
    footer="",
    paragraphs=PARAGRAPHS,
    headline_tag="h1",
    headline_attrs="",
):
    """An article page: site chrome, the headline and its meta line, lead-in lines, the
    paragraphs, then the tail (related lists, widgets) and a footer."""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    heading = f"<{headline_tag}{headline_attrs}>{escape(headline)}</{headline_tag}>" if headline else ""
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(title)}</title>{head}</head>
<body><div class="header"><a href="/">首页</a> <a href="/news/">新闻</a> <a href="/city/">本地</a></div>
<div class="main"><div class="article">{heading}<div class="info">{meta}</div>
<div class="content">{lead}{body}{tail}</div></div></div>
<div class="footer">{footer}</div></body></html>"""
