"""What the API answers and accepts, as typed schemas (the OpenAPI document is built from these)."""

from datetime import datetime
from typing import Literal

from ninja import Field, Schema


class ChannelRef(Schema):
    id: int
    name: str
    slug: str


class RegionRef(Schema):
    id: int
    code: str
    name: str
    short_name: str
    slug: str
    level: Literal["province", "city", "county"]


class CoverSize(Schema):
    width: int
    url: str


class Cover(Schema):
    url: str
    width: int | None = None
    height: int | None = None
    sizes: list[CoverSize]


class Counts(Schema):
    views: int
    likes: int
    comments: int


class Source(Schema):
    name: str
    url: str


class Statement(Schema):
    kind: Literal["original", "authorized", "reprinted"]
    label: str
    lines: list[str]


class ArticleSummary(Schema):
    id: int
    title: str
    flag: str | None = Field(None, description="标题前的【】标记，如 重点关注")
    summary: str
    channel: ChannelRef
    region: RegionRef
    published_at: datetime
    updated_at: datetime
    url: str = Field(..., description="文章页的规范地址（canonical）")
    cover: Cover | None = None


class ArticleDetail(ArticleSummary):
    body_html: str = Field(..., description="清理过的正文 HTML，与网页所示相同")
    body_text: str
    author: str
    editor: str
    tags: list[str]
    placements: list[str] = Field(..., description="推荐位：头条、推荐、幻灯等")
    source: Source | None = None
    also_reported: list[Source] = Field(..., description="同时报道的其他网站（采集去重时发现）")
    statement: Statement
    counts: Counts


class ArticlePage(Schema):
    items: list[ArticleSummary]
    next_cursor: str | None = Field(None, description="下一页的游标；为空表示没有更多")


class ChannelNode(Schema):
    id: int
    name: str
    slug: str
    description: str
    url: str
    children: list["ChannelNode"]


class RegionNode(RegionRef):
    url: str
    children: list["RegionNode"]


ChannelNode.model_rebuild()
RegionNode.model_rebuild()


class TagItem(Schema):
    name: str
    url: str


class TagPage(Schema):
    items: list[TagItem]
    next_cursor: str | None = None


class ServiceCategoryOut(Schema):
    name: str
    slug: str


class ServiceEntryOut(Schema):
    id: int
    name: str
    url: str
    phone: str
    description: str
    category: ServiceCategoryOut
    region: RegionRef
    failing: bool


class ServiceDirectory(Schema):
    categories: list[ServiceCategoryOut]
    items: list[ServiceEntryOut]


class SearchHit(Schema):
    id: int
    title: str
    title_html: str
    flag: str
    url: str
    region: str
    channel: str
    published_at: datetime | None = None
    snippet_html: str


class SearchResults(Schema):
    query: str
    sort: Literal["rank", "newest"]
    page: int
    pages: int
    total: int
    total_capped: bool
    notes: list[str]
    results: list[SearchHit]


class CommentOut(Schema):
    id: int
    nickname: str
    content: str
    created_at: datetime


class CommentPage(Schema):
    items: list[CommentOut]
    next_cursor: str | None = None


class CommentIn(Schema):
    content: str = Field(..., description="2 到 1000 字")
    nickname: str = ""
    captcha_key: str = Field(..., description="GET /api/v1/captcha 给出的 key")
    captcha_answer: str


class CommentPosted(Schema):
    status: Literal["pending", "approved"]
    message: str
    comment: CommentOut | None = None


class Captcha(Schema):
    key: str
    image_url: str


class Removal(Schema):
    id: int = Field(..., description="文章编号")
    change: Literal["withdrawn", "deleted", "unpublished"]
    at: datetime


class ChangePage(Schema):
    items: list[Removal]
    next_cursor: str | None = None
