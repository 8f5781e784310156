from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "dayuan.portal"
    label = "portal"
    verbose_name = "站点"

    def ready(self):
        from django.contrib import admin

        from . import blocks  # noqa: F401  (friend links and ads re-bake the site when they change)

        # The dashboard above the app list; it extends engage's index (pending badges).
        admin.site.index_template = "portal/admin/index.html"
        # The app list sits on the dashboard; without the side menu, lists get the width.
        admin.site.enable_nav_sidebar = False
