"""Coverage-guided fuzzing (atheris/libFuzzer) of everything that reads outside input.

    .venv/bin/pip install atheris          # a manylinux wheel: no clang needed
    nice -n 10 .venv/bin/python bench/fuzz.py --target extract --seconds 600
    .venv/bin/python bench/fuzz.py --list

Targets and the only error each may raise (anything else, or an input that
takes longer than --timeout seconds, is a finding):

    textpage   dayuan.text.textpage.parse_text_page (the `dayuan import` parser)   never raises
    extract    dayuan.text.extract.extract_any on raw bytes (HTML or text page)      ExtractError
    charset    dayuan.text.decode.decode on raw bytes with a fuzzed Content-Type     never raises
    query      dayuan.search.query.parse (the search box)                            never raises
    words      dayuan.engage.wordfilter.WordFilter.check (sensitive words)           never raises

Each target starts from a seed corpus (the seed page, the news-page corpus in
../shared, a few hand-written inputs) copied to --workdir; crashing inputs are
written there as crash-* files, which `--replay FILE` runs again. The hypothesis
tests in tests/ cover the same functions in `make test`; this is the longer run.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
WORDS = [
    ("法轮", "block"),
    ("赌博", "review"),
    ("代开发票", "mask"),
    ("fuck", "mask"),
    ("台独", "block"),
    ("枪支", "review"),
    ("ａｂｃ", "mask"),
]
CONTENT_TYPES = [
    None,
    "text/html",
    "text/html; charset=gbk",
    "text/html; charset=utf-8",
    "text/html; charset=big5",
    "text/html; charset=x-unknown",
    "text/html; charset=",
    'text/html; charset="utf-16"',
    "application/xhtml+xml; charset=latin-1",
]
HAND_SEEDS = [
    b'"\xe9\x9b\x84\xe5\xbf\xbb\xe9\xab\x98\xe9\x93\x81" -\xe5\xbf\xbb\xe5\xb7\x9e region:x after:2022-01-01',
    "太原 OR 忻州 地区:晋中 之后:2022年1月 之前:2022/12/31 tag:经济区".encode(),
    '<meta charset="gbk"><title>标题</title><h1>标题</h1><p>正文。</p>'.encode("gbk"),
    "<html><head><meta http-equiv='Content-Type' content='text/html; charset=big5'></head>"
    "<body><article><h1>新聞</h1><p>臺灣消息</p></article></body></html>".encode("big5"),
    "法.轮 大 法 ＦＵＣＫ 代 开 发 票 賭博".encode(),
]


def seed_files(target):
    """Paths of real inputs that make a useful starting corpus for the target."""
    seeds = sorted((SHARED / "seed").glob("*.txt"))
    pages = sorted((SHARED / "corpus" / "news-pages").glob("*/*.html"))
    if target in ("extract", "charset"):
        return seeds + pages
    if target == "textpage":
        return seeds
    return []


def prepare_corpus(target, workdir):
    corpus = workdir / f"corpus-{target}"
    corpus.mkdir(parents=True, exist_ok=True)
    for path in seed_files(target):
        shutil.copyfile(path, corpus / f"seed-{path.parent.name}-{path.name}")
    for number, data in enumerate(HAND_SEEDS):
        (corpus / f"hand-{number}").write_bytes(data)
    return corpus


def load_targets():
    """The functions under test, imported under atheris' coverage instrumentation."""
    import atheris

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dayuan.settings_test")
    import django

    # django.setup() imports the apps, and with them most of these modules: it runs
    # inside the block so that they are instrumented too (else no coverage feedback).
    with atheris.instrument_imports(include=["dayuan"]):
        django.setup()
        from dayuan.engage.wordfilter import WordFilter
        from dayuan.search.query import parse
        from dayuan.text.decode import decode
        from dayuan.text.extract import ExtractError, extract_any
        from dayuan.text.textpage import parse_text_page

    word_filter = WordFilter(WORDS)

    def as_text(data):
        return data.decode("utf-8", "replace")

    def textpage(data):
        parse_text_page(as_text(data))

    def extract(data):
        try:
            extract_any(data)
        except ExtractError:
            pass

    def charset(data):
        content_type = CONTENT_TYPES[data[0] % len(CONTENT_TYPES)] if data else None
        text, codec = decode(data[1:], content_type)
        assert isinstance(text, str) and codec, (text, codec)

    def query(data):
        parsed = parse(as_text(data))
        assert len(parsed.groups) + len(parsed.excludes) <= 12, "more terms than MAX_TERMS"

    def words(data):
        text = as_text(data)
        result = word_filter.check(text)
        assert len(result.text) == len(text), "masking changed the text's length"

    return {"textpage": textpage, "extract": extract, "charset": charset, "query": query, "words": words}


TARGET_NAMES = ("textpage", "extract", "charset", "query", "words")


def timed(function):
    """Run the target and report each new slowest input (libFuzzer's -timeout kills hangs)."""
    slowest = [0.0]

    def run(data):
        started = time.perf_counter()
        function(data)
        elapsed = time.perf_counter() - started
        if elapsed > slowest[0] + 0.05:
            slowest[0] = elapsed
            print(f"#slowest {elapsed * 1000:.0f} ms ({len(data)} bytes)", file=sys.stderr, flush=True)

    return run


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", choices=TARGET_NAMES)
    parser.add_argument("--seconds", type=int, default=600, help="how long to fuzz (default 600)")
    parser.add_argument("--timeout", type=int, default=20, help="seconds one input may take (a hang)")
    parser.add_argument(
        "--max-len",
        type=int,
        help="largest input in bytes (default 16 KiB for extract, "
        "whose corpus pages would otherwise make each run take a second; else 64 KiB)",
    )
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "dayuan-fuzz")
    parser.add_argument("--replay", type=Path, help="run the target once on this input and exit")
    parser.add_argument("--list", action="store_true", help="list the targets")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(TARGET_NAMES))
        return 0
    if not args.target:
        parser.error("--target is required")
    import atheris

    targets = load_targets()
    if args.replay:
        targets[args.target](args.replay.read_bytes())
        print(f"{args.target}: {args.replay} ran without a finding")
        return 0
    args.workdir.mkdir(parents=True, exist_ok=True)
    corpus = prepare_corpus(args.target, args.workdir)
    max_len = args.max_len or (16384 if args.target == "extract" else 65536)
    fuzz_argv = [
        sys.argv[0],
        str(corpus),
        f"-max_total_time={args.seconds}",
        f"-timeout={args.timeout}",
        f"-max_len={max_len}",
        "-print_final_stats=1",
        f"-artifact_prefix={args.workdir}/{args.target}-",
        "-rss_limit_mb=2048",
    ]
    print(f"fuzzing {args.target} for {args.seconds} s; corpus {corpus}", flush=True)
    atheris.Setup(fuzz_argv, timed(targets[args.target]))
    atheris.Fuzz()  # libFuzzer exits the process when the time is up or on a finding


if __name__ == "__main__":
    sys.exit(main())
