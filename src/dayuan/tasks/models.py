from django.db import models


class Task(models.Model):
    """One queued job for the worker: run `name(*args, **kwargs)` at or after run_after."""

    class Status(models.TextChoices):
        PENDING = "pending", "等待中"
        RUNNING = "running", "运行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    name = models.CharField("任务", max_length=100)
    args = models.JSONField("参数", default=list, blank=True)
    kwargs = models.JSONField("关键字参数", default=dict, blank=True)
    unique_key = models.CharField(
        "去重键",
        max_length=200,
        blank=True,
        default="",
        db_index=True,
        help_text="同一去重键的待执行任务只保留一个。",
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    run_after = models.DateTimeField("计划时间", db_index=True)
    attempts = models.PositiveSmallIntegerField("已尝试次数", default=0)
    max_attempts = models.PositiveSmallIntegerField("最多尝试次数", default=3)
    last_error = models.TextField("最近错误", blank=True)
    locked_until = models.DateTimeField(
        "租约到期",
        null=True,
        blank=True,
        help_text="运行中的任务由其进程定期续约；过期未续约的任务会被其他进程重新执行。",
    )
    claimed_by = models.CharField("执行进程", max_length=100, blank=True, help_text="主机名:进程号")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["run_after", "id"]
        indexes = [models.Index(fields=["status", "run_after"], name="task_due")]

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"


class PeriodicRun(models.Model):
    """When each periodic job last ran, so several workers run it once per interval."""

    name = models.CharField("周期任务", max_length=100, unique=True)
    last_started_at = models.DateTimeField("上次开始", null=True, blank=True)
    last_finished_at = models.DateTimeField("上次结束", null=True, blank=True)
    last_error = models.TextField("最近错误", blank=True)

    class Meta:
        verbose_name = "周期任务"
        verbose_name_plural = "周期任务"

    def __str__(self):
        return self.name
