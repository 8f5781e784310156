"""Feeds, sitemaps, robots.txt and the per-request JSON endpoint; included before the
news app's `<channel>/` catch-all routes."""

from django.urls import path

from . import feeds, views

app_name = "publish"

urlpatterns = [
    path("feeds/rss.xml", feeds.ArticleFeed(), name="rss"),
    path("feeds/atom.xml", feeds.ArticleAtomFeed(), name="atom"),
    path("feeds/channel/<slug:channel>/rss.xml", feeds.ChannelFeed(), name="channel_rss"),
    path("feeds/channel/<slug:channel>/atom.xml", feeds.ChannelAtomFeed(), name="channel_atom"),
    path("feeds/region/<slug:region>/rss.xml", feeds.RegionFeed(), name="region_rss"),
    path("feeds/region/<slug:region>/atom.xml", feeds.RegionAtomFeed(), name="region_atom"),
    path("feeds/tag/<str:name>/rss.xml", feeds.TagFeed(), name="tag_rss"),
    path("feeds/tag/<str:name>/atom.xml", feeds.TagAtomFeed(), name="tag_atom"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("sitemaps/<slug:section>-<int:page>.xml", views.sitemap_section, name="sitemap_section"),
    path("sitemap-news.xml", views.sitemap_news, name="sitemap_news"),
    path("robots.txt", views.robots, name="robots"),
    path("api/form-token/", views.form_token, name="form_token"),
]
