from django.db import models


class ReindexProgress(models.Model):
    """Where an interrupted `dayuan reindex` resumes: the last article id indexed."""

    backend = models.CharField("搜索后端", max_length=50, unique=True)
    last_id = models.BigIntegerField("已索引到的文章编号", default=0)
    total = models.PositiveIntegerField("文章总数", default=0)
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "重建索引进度"
        verbose_name_plural = "重建索引进度"

    def __str__(self):
        return f"{self.backend}: {self.last_id}"
