"""Shared pieces of the hypothesis fuzz tests (tests/*/test_fuzz_*.py).

Each target gets a few hundred examples in `make test`; every input must finish within
a wall-clock bound (a SIGALRM timer, so a hang fails the test instead of stalling the
suite) and may raise only the target's documented error. No example database is kept.
"""

import contextlib
import signal

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

FUZZ = settings(
    max_examples=120,
    deadline=None,
    database=None,
    derandomize=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
SECONDS_PER_INPUT = 5


class Hang(Exception):
    pass


@contextlib.contextmanager
def bounded(seconds=SECONDS_PER_INPUT):
    """Fail an input that runs longer than `seconds` (it would otherwise hang the suite)."""

    def alarm(signum, frame):
        raise Hang(f"input took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
# Text readers and sites really produce: Chinese, ASCII, full-width punctuation, odd spaces.
NEWS_CHARS = st.one_of(
    HAN,
    st.characters(max_codepoint=0x7F),
    st.sampled_from(list("，。：；“”‘’（）【】《》、！？\u3000\xa0\u200b\ufeff\t\r\n")),
)
news_text = st.text(NEWS_CHARS, max_size=400)
any_text = st.text(max_size=600)
any_bytes = st.binary(max_size=3000)
