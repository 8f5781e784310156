"""Stopping servers that tests start, without ever hanging the suite.

Start them with `start_new_session=True`: a server that ignores SIGTERM is then killed
with its whole process group, so no orphaned worker keeps a port or a pipe open (a
pipe held by an orphan made `communicate()` wait forever in CI).
"""

import os
import signal
import subprocess


def stop(process, seconds=30):
    """SIGTERM the server as an operator would; past `seconds`, SIGKILL its whole group."""
    process.terminate()
    try:
        return process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        return process.wait(timeout=30)
