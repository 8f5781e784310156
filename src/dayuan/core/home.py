"""The data folder (DAYUAN_HOME) and the secret key kept in it.

Reading settings writes nothing. The folder is made when something needs it: the first
SQLite connection (dayuan.core.sqlite), `dayuan init` and `dayuan serve` (make_home).
Until it exists a process signs with a key of its own, which is all a command that only
reads needs; once it exists every process reads the one key kept there.
"""

import os
import secrets

KEY_FILE = "secret_key"


def secret_key(home):
    """The key kept in `home`, written there first if `home` exists without one."""
    path = home / KEY_FILE
    if not home.is_dir():
        return secrets.token_urlsafe(50)
    if not path.exists():
        keep_key(path, secrets.token_urlsafe(50))
    return path.read_text().strip()


def keep_key(path, key):
    """Write the key unless one is there already: two processes starting together keep one key."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "w") as handle:
        handle.write(key)


def make_home():
    """Create DAYUAN_HOME and keep this process's key there, unless the key comes from the environment."""
    from django.conf import settings

    from . import conf

    settings.DAYUAN_HOME.mkdir(parents=True, exist_ok=True)
    if not conf.value("DAYUAN_SECRET_KEY"):
        keep_key(settings.DAYUAN_HOME / KEY_FILE, settings.SECRET_KEY)
