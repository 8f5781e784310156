from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "dayuan.directory"
    label = "directory"
    verbose_name = "公共服务导航"
