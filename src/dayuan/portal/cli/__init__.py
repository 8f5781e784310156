"""What the `dayuan` command (dayuan/cli.py) adds to Django's: Chinese argparse, the help listing, the database check."""
