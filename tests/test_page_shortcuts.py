"""The shortcuts that make finishing a page cheap give what the long way gives: the ids already in
a page's content, and each table of contents (rendered once per set of headings)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from mkdocs.config import load_config
from mkdocs.structure.toc import get_toc

from urval.site.shell import _ID, _TOC_TEMPLATE, _ids, _TocPage, toc_renderer, with_heading_ids

REPO = Path(__file__).resolve().parents[1]


def test_ids_are_what_the_pattern_finds() -> None:
    cases = [
        'xid="a" id="b" _id="c" éid="d" -id="e"id="f" id="g',
        'id="" id="x"id="y" <p id="z">',
        'id="unclosed',
        'aid="1" id="2" ÄID="3" id="4"',
    ]
    pieces = ["id=", '"', "a", "é", " ", "-", "_", "x", "<"]
    chooser = random.Random(7)
    cases += ["".join(chooser.choice(pieces) for _ in range(40)) for _ in range(2000)]
    for case in cases:
        assert _ids(case) == set(_ID.findall(case)), case


def _tokens(h1: str, headings: str) -> list[Any]:
    return with_heading_ids(f"<h1>{h1}</h1>{headings}")[1]


def test_each_table_of_contents_is_the_one_the_theme_renders() -> None:
    config = load_config(config_file=str(REPO / "mkdocs.yml"))
    template = config.theme.get_env().from_string(_TOC_TEMPLATE)

    def theirs(tokens: list[Any]) -> str:
        return template.render(config=config, page=_TocPage(get_toc(tokens)))

    toc = toc_renderer(config)
    pages = [
        _tokens("Solbacken", "<h2>Priser</h2><h3>Tilläggstjänster</h3><h2>Län</h2>"),
        _tokens("Ekbacken &amp; co", "<h2>Priser</h2><h3>Tilläggstjänster</h3><h2>Län</h2>"),
        _tokens("Solbacken", "<h2>Priser</h2><h2>Län</h2><h2>Sanktioner</h2>"),
        _tokens("Solbacken", "<h2>Priser</h2><h2>Län</h2><h1>Ett till</h1><h2>Mer</h2>"),
        with_heading_ids("<h2>Utan h1</h2><h3>Under</h3>")[1],
        [],
    ]
    for tokens in pages + pages:  # the second time from what was kept
        assert toc(tokens) == theirs(tokens)
