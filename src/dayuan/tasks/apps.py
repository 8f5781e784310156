from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class TasksConfig(AppConfig):
    name = "dayuan.tasks"
    label = "tasks"
    verbose_name = "后台任务"

    def ready(self):
        # Each app registers its jobs in its own tasks.py.
        autodiscover_modules("tasks")
