import signal

from django.core.management.base import BaseCommand

from dayuan.tasks.worker import run_forever, run_once


class Command(BaseCommand):
    help = "Run the background worker: queued tasks and periodic jobs (collection, scheduled publishing, re-baking)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one pass over what is due, then exit.")
        parser.add_argument("--poll", type=float, default=0.25,
                            help="Seconds to wait when no task is due (default 0.25).")

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
