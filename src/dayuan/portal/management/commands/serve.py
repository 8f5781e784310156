import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from dayuan.core.home import make_home


class Command(BaseCommand):
    help = "用生产级 WSGI 服务器（granian）运行网站，并启动后台任务进程。"

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
        parser.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
        parser.add_argument("--workers", type=int, default=1, help="进程数（默认 1）")
        parser.add_argument(
            "--threads",
            type=int,
            default=default_threads(),
            help=f"每个进程处理请求的线程数（默认 {default_threads()}，即 CPU 核数 × 2 + 1）",
        )
        parser.add_argument("--no-worker", action="store_true", help="不启动后台任务进程（另行运行 dayuan worker）")

    def handle(self, *args, host, port, workers, threads, no_worker=False, **options):
        from granian import Granian
        from granian.constants import Interfaces

        make_home()
        if not (settings.STATIC_ROOT / "staticfiles.json").exists():
            call_command("collectstatic", interactive=False, verbosity=0)
        from dayuan.ops.cache import shared_cache_url

        if workers > 1 and not shared_cache_url():
            self.stderr.write(
                f"警告：{workers} 个进程没有共享缓存（without a shared cache），重复检查只在各进程内有效；"
                "请设置 DAYUAN_CACHE_URL=redis://host:6379/0（见 docs/deploy.md）。"
            )
        self.stdout.write(
            f"大院网已启动：http://{host}:{port}/（DEBUG={settings.DEBUG}，{workers} 个进程 × {threads} 个线程），"
            "按 Ctrl-C 停止"
        )
        # Flushed now: under systemd or a pipe, stdout is block-buffered and the server
        # below never returns to flush it, so the line would never be seen.
        self.stdout.flush()
        self.stderr.flush()
        worker = None if no_worker else subprocess.Popen([sys.executable, "-m", "dayuan", "worker"])
        try:
            Granian(
                # Baked pages are answered from memory; the rest goes to Django.
                "dayuan.publish.wsgi:application",
                address=host,
                port=port,
                workers=workers,
                interface=Interfaces.WSGI,
                # Django is synchronous: granian's own rule of thumb (2 × cores + 1 threads)
                # instead of its default of 512 Python threads per worker.
                blocking_threads=threads,
                # Not backpressure: granian counts open connections against it, so a few
                # idle keep-alive connections held by browsers (or nginx) made every other
                # reader wait for one to time out (30 s stalls under 16 clients).
                websockets=False,
            ).serve()
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)


def default_threads():
    return 2 * (os.cpu_count() or 1) + 1
