from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "dayuan.portal"
    label = "portal"
    verbose_name = "站点"

    def ready(self):
        from django.contrib import admin

        from dayuan.publish.jinja import add_globals, inclusion
        from dayuan.publish.tasks import watch_site_bakes

        from . import blocks  # friend links and ads also re-bake the site when they change
        from .tasks import SiteBakeReport

        watch_site_bakes(SiteBakeReport)  # a site-wide re-bake shows on the 生成静态 page

        add_globals(
            ad_slot=inclusion("portal/_ads.html", blocks.ad_slot),
            share_block=inclusion("portal/_share.html", blocks.share_block, takes_context=True),
            friend_links=blocks.friend_links,
        )

        # The dashboard above the app list; it extends engage's index (pending badges).
        admin.site.index_template = "portal/admin/index.html"
        # The app list sits on the dashboard; without the side menu, lists get the width.
        admin.site.enable_nav_sidebar = False
