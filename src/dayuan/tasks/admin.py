from django.contrib import admin

from .models import PeriodicRun, Task


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "status", "run_after", "attempts", "claimed_by", "finished_at"]
    list_filter = ["status", "name"]
    readonly_fields = [
        "name",
        "args",
        "kwargs",
        "unique_key",
        "attempts",
        "last_error",
        "claimed_by",
        "locked_until",
        "created_at",
        "finished_at",
    ]


@admin.register(PeriodicRun)
class PeriodicRunAdmin(admin.ModelAdmin):
    list_display = ["name", "last_started_at", "last_finished_at"]
    readonly_fields = ["name", "last_started_at", "last_finished_at", "last_error"]
