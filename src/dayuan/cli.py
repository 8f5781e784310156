"""The `dayuan` command: Django's management commands behind one entry point.

Dayuan's own subcommands (init, import, serve, ...) are management commands
in the apps that own them, and any Django command (migrate, createsuperuser,
shell) works the same way. This entry point adds what an operator expects of a
command line: Chinese messages, one-line errors and exit codes that tell
failure from success (0 done, 1 failed, 2 wrong usage).
"""

import os
import sys


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dayuan.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    from dayuan.portal.cli import zh

    zh.install()
    try:
        code = run(args)
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        code = 130
    sys.exit(code)


def run(args):
    import django
    from django.core.management import get_commands

    django.setup()
    if not args or args[0] in ("help", "--help", "-h"):
        return show_help(args[1:])
    if args[0] in ("version", "--version"):
        print(django.get_version())
        return 0
    name = args[0]
    app = get_commands().get(name)
    if app is None:
        print(f"没有命令“{name}”。运行 dayuan help 查看可用的命令。", file=sys.stderr)
        return 2
    return run_command(name, app, args[1:])


def show_help(args):
    from django.core.management import get_commands

    from dayuan.portal.cli import listing

    words = [word for word in args if word != "--all"]
    if not words:
        sys.stdout.write(listing.main_help("dayuan", show_all="--all" in args))
        from dayuan.portal.cli import database

        problem = database.problem()
        if problem:
            print(f"\n注意：{problem}")
        return 0
    app = get_commands().get(words[0])
    if app is None:
        print(f"没有命令“{words[0]}”。运行 dayuan help 查看可用的命令。", file=sys.stderr)
        return 2
    # `help collect add` is `collect add --help`: argparse prints the subcommand's help.
    parser = create_parser(words[0], app)
    try:
        parser.parse_args([*words[1:], "--help"])
    except SystemExit as stop:
        return stop.code or 0
    return 0


def create_parser(name, app):
    from django.core.management import load_command_class

    from dayuan.portal.cli import zh

    command = load_command_class(app, name)
    command._called_from_command_line = True  # argparse errors exit 2 with usage, as run_from_argv does
    return zh.translate_options(command.create_parser("dayuan", name))


def run_command(name, app, args):
    """Django's run_from_argv, with Chinese one-line errors and a database check first."""
    from django.core.management import load_command_class
    from django.core.management.base import CommandError, handle_default_options
    from django.db import DatabaseError, connections

    from dayuan.portal.cli import database, zh

    command = load_command_class(app, name)
    command._called_from_command_line = True
    parser = zh.translate_options(command.create_parser("dayuan", name))
    options = parser.parse_args(args)  # exits 2 with a Chinese message on bad usage
    handle_default_options(options)
    cmd_options = vars(options)
    positional = cmd_options.pop("args", ())
    if database.needs_database(name, app):
        problem = database.problem()
        if problem:
            print(f"错误：{problem}", file=sys.stderr)
            return 1
    try:
        command.execute(*positional, **cmd_options)
    except CommandError as error:
        if options.traceback:
            raise
        print(f"错误：{error}", file=sys.stderr)
        return error.returncode
    except DatabaseError as error:
        if options.traceback:
            raise
        print(f"错误：数据库出错：{first_line(error)}（加 --traceback 查看详情）", file=sys.stderr)
        return 1
    finally:
        connections.close_all()
    return 0


def first_line(error):
    text = str(error).strip()
    return text.splitlines()[0] if text else error.__class__.__name__


if __name__ == "__main__":
    main()
