"""生成静态 from the back office: the worker runs `dayuan bake` and keeps its BakeJob row
up to date from the command's own progress bar, which the admin page polls."""

import io
import re
import time
from contextlib import redirect_stderr

from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from dayuan.tasks.registry import task

PROGRESS = re.compile(r"(\d+)/(\d+) \[")
SAVE_EVERY = 0.5  # seconds between two progress rows written


class ProgressReader(io.TextIOBase):
    """Stands in for standard error while the command runs: reads `done/total` off the bar."""

    def __init__(self, job):
        self.job = job
        self.saved_at = 0.0

    def writable(self):
        return True

    def write(self, text):
        found = PROGRESS.findall(text)
        if found:
            self.job.done, self.job.total = map(int, found[-1])
            if time.monotonic() - self.saved_at >= SAVE_EVERY or self.job.done == self.job.total:
                self.job.save(update_fields=["done", "total"])
                self.saved_at = time.monotonic()
        return len(text)


@task("portal.bake", max_attempts=1)
def bake(job_id):
    from .models import BakeJob

    job = BakeJob.objects.get(pk=job_id)
    job.status = BakeJob.Status.RUNNING
    job.save(update_fields=["status"])
    out = io.StringIO()
    try:
        with redirect_stderr(ProgressReader(job)):
            call_command("bake", jobs=1, stdout=out)
    except CommandError as error:
        job.status, job.summary = BakeJob.Status.FAILED, str(error)
    except Exception as error:
        job.status, job.summary, job.finished_at = BakeJob.Status.FAILED, f"生成中断：{error}", timezone.now()
        job.save()
        raise
    else:
        job.status, job.summary = BakeJob.Status.DONE, out.getvalue().strip()
    job.finished_at = timezone.now()
    job.save()
    return {"status": job.status, "done": job.done, "total": job.total}


AUTOMATIC = "站点设置、友情链接或广告变更后自动重新生成全站"


class SiteBakeReport:
    """A site-wide re-bake (publish.bake_site, queued by a change every page shows) on the
    生成静态 page, like one started there: its own BakeJob row, kept up to date as it runs."""

    def __init__(self):
        from .models import BakeJob

        self.job = BakeJob.objects.create(status=BakeJob.Status.RUNNING, summary=AUTOMATIC, task_key="publish:site")
        self.saved_at = 0.0

    def progress(self, done, total):
        self.job.done, self.job.total = done, total
        if time.monotonic() - self.saved_at >= SAVE_EVERY or done == total:
            self.job.save(update_fields=["done", "total"])
            self.saved_at = time.monotonic()

    def finished(self, counts):
        from dayuan.publish.full import describe

        self.end(
            self.job.Status.FAILED if counts.get("failed") else self.job.Status.DONE, f"{AUTOMATIC}。{describe(counts)}"
        )

    def failed(self, error):
        self.end(self.job.Status.FAILED, f"{AUTOMATIC}，中断：{error}")

    def end(self, status, summary):
        self.job.status, self.job.summary, self.job.finished_at = status, summary, timezone.now()
        self.job.save()
