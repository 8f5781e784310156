"""Tokenizer speed: dayuan.text.tokenize against jieba's search mode on the same text, same run.

    .venv/bin/python bench/tokenize_bench.py [--repeat 30]

Text: the seed page (shared/seed), about 3,500 characters. Figures are CPU time.
"""

import argparse
import time
from pathlib import Path

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_8ee638c484d02a70.txt"


def rate(fn, text, repeat):
    fn(text)
    start = time.process_time()
    for _ in range(repeat):
        fn(text)
    return len(text) * repeat / (time.process_time() - start) / 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=30, help="passes over the text")
    args = parser.parse_args()
    import jieba
    import rjieba

    from dayuan.text.tokenize import tokenize

    jieba.setLogLevel(60)
    text = SEED.read_text(encoding="utf-8")
    plain = rjieba.Jieba()
    rows = [
        ("dayuan tokenize() (rjieba search mode + folding + gazetteer dictionary)", rate(tokenize, text, args.repeat)),
        ("rjieba cut_for_search, HMM off, alone", rate(lambda t: plain.cut_for_search(t, False), text, args.repeat)),
        (
            "jieba cut_for_search, HMM off (baseline)",
            rate(lambda t: list(jieba.cut_for_search(t, HMM=False)), text, max(1, args.repeat // 10)),
        ),
    ]
    print(f"Command: `.venv/bin/python bench/tokenize_bench.py --repeat {args.repeat}`\n")
    print("| tokenizer | million characters per CPU second |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value:.2f} |")


if __name__ == "__main__":
    main()
