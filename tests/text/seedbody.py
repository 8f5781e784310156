"""The seed page's body as the test reads it straight from the file, independently
of the parser: the lines between the meta line and the statement heading, with the
page's counters and blank lines left out; sub-headings are the lines not indented."""

META_LINE_DATE = "2022-10-22 10:00:59"


def expected_seed_blocks(seed_page):
    lines = seed_page.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if META_LINE_DATE in line) + 1
    end = next(i for i, line in enumerate(lines) if line.strip() == "版权声明")
    blocks = []
    for line in lines[start:end]:
        text = line.strip()
        if text and not text.isdigit():
            blocks.append(("p" if line[:1].isspace() else "h2", text))
    return blocks
