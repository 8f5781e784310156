"""The `dayuan` command: Django's management commands behind one entry point.

Dayuan's own subcommands (init, import, serve, ...) are management commands
in the apps that own them, so `dayuan help` lists them all, and any Django
command (migrate, createsuperuser, shell) works the same way.
"""

import os
import sys


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dayuan.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["dayuan", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
