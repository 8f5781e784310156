from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "dayuan.portal"
    label = "portal"
    verbose_name = "站点"
