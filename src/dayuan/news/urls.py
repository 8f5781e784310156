from django.urls import path

from . import (
    tagnames,  # noqa: F401  (registers <tag:name>)
    views,
)

app_name = "news"

urlpatterns = [
    path("region/<slug:region>/", views.region_home, name="region"),
    path("region/<slug:region>/page/<int:page>/", views.region_home, name="region_page"),
    path("tag/<tag:name>/", views.tag_list, name="tag"),
    path("tag/<tag:name>/page/<int:page>/", views.tag_list, name="tag_page"),
    path("<slug:channel>/", views.channel_list, name="channel"),
    path("<slug:channel>/page/<int:page>/", views.channel_list, name="channel_page"),
    path("<slug:channel>/<slug:region>/", views.channel_region_list, name="channel_region"),
    path("<slug:channel>/<slug:region>/page/<int:page>/", views.channel_region_list, name="channel_region_page"),
    path("<slug:channel>/<slug:region>/<int:pk>.html", views.article_detail, name="article"),
]
