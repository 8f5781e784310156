from django.apps import AppConfig


class EngageConfig(AppConfig):
    name = "dayuan.engage"
    label = "engage"
    verbose_name = "读者互动"

    def ready(self):
        from django.contrib import admin

        # Pending comments and complaints as badges on the admin index
        # (engage/admin/index.html extends Django's own index).
        admin.site.index_template = "engage/admin/index.html"
