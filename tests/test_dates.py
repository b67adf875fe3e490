"""Every date a reader sees on the built example site is written one way: "1 mars 2025"."""

from __future__ import annotations

import re
from pathlib import Path

from tests.dom import Node, parse

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
LONG_DATE = re.compile(
    r"\b\d{1,2} (januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december) \d{4}\b"
)
# Text no reader takes for a date on the page: code, examples of supplier files, scripts, data.
NOT_READ = frozenset({"script", "style", "code", "pre", "template"})


def visible_text(node: Node) -> str:
    parts = []
    for child in node.children:
        if isinstance(child, str):
            parts.append(child)
        elif child.tag not in NOT_READ and "hidden" not in child.attrs:
            parts.append(visible_text(child))
    return " ".join(parts)


def test_every_visible_date_is_written_the_long_way(example_site: Path) -> None:
    # The supplier guide shows how a date is written in a supplier file (ÅÅÅÅ-MM-DD): a format, not a date.
    pages = sorted(page for page in example_site.rglob("*.html") if page.relative_to(example_site).parts[0] != "guide")
    texts = {page.relative_to(example_site).as_posix(): visible_text(parse(page.read_text("utf-8"))) for page in pages}
    iso = {name: ISO_DATE.findall(text) for name, text in texts.items() if ISO_DATE.search(text)}
    assert iso == {}
    changed = [text for text in texts.values() if "ändrades senast" in text]
    assert len(changed) > 100
    assert all(LONG_DATE.search(text.split("ändrades senast", 1)[1]) for text in changed)
