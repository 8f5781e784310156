import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from dayuan.core.home import make_home


class Command(BaseCommand):
    help = "Serve the portal with a production WSGI server (granian)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on (default 8000).")
        parser.add_argument("--workers", type=int, default=1, help="Worker processes (default 1).")
        parser.add_argument("--no-worker", action="store_true",
                            help="Don't start the background worker (run `dayuan worker` elsewhere).")

    def handle(self, *args, host, port, workers, no_worker=False, **options):
        from granian import Granian
        from granian.constants import Interfaces

        make_home()
        if not (settings.STATIC_ROOT / "staticfiles.json").exists():
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"大院网 running at http://{host}:{port}/ (DEBUG={settings.DEBUG}); Ctrl-C to stop")
        worker = None if no_worker else subprocess.Popen([sys.executable, "-m", "dayuan", "worker"])
        try:
            Granian(
                # Baked pages are answered from memory; the rest goes to Django.
                "dayuan.publish.wsgi:application",
                address=host,
                port=port,
                workers=workers,
                interface=Interfaces.WSGI,
            ).serve()
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
