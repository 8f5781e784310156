import signal

from django.core.management.base import BaseCommand

from dayuan.tasks.worker import run_forever, run_once


class Command(BaseCommand):
    help = "运行后台任务进程：队列任务和定时任务（采集、定时发布、重新生成页面）。"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="把到期的任务运行一遍后退出")
        parser.add_argument("--poll", type=float, default=0.25, help="没有到期任务时等待的秒数（默认 0.25）")

    def handle(self, *args, once=False, poll=0.25, **options):
        if once:
            ran = run_once()
            self.stdout.write(f"ran {ran} job(s)")
            return
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        self.stdout.write("worker started; Ctrl-C to stop")
        try:
            run_forever(poll=poll, should_stop=lambda: bool(stopping))
        except KeyboardInterrupt:
            pass
