"""Golden files of the rendered Markdown for the example catalogues (`make golden` rewrites them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_CATALOG, HVB_CATALOG, UPDATE_GOLDEN
from tests.site_support import model_of
from urval.site.render import Renderer

GOLDEN = Path(__file__).parent / "golden"
EXAMPLES = {"site": EXAMPLE_CATALOG, "hvb-barn-unga": HVB_CATALOG}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_golden_rendered_markdown(name: str) -> None:
    golden = GOLDEN / name
    pages = {page.path: page.text for page in Renderer(model_of(EXAMPLES[name])).pages()}
    if UPDATE_GOLDEN:
        for old in golden.rglob("*.md"):
            old.unlink()
        for path, text in pages.items():
            (golden / path).parent.mkdir(parents=True, exist_ok=True)
            (golden / path).write_text(text, encoding="utf-8")
    expected = {p.relative_to(golden).as_posix(): p.read_text("utf-8") for p in golden.rglob("*.md")}
    assert sorted(pages) == sorted(expected), "pages added or removed: run `make golden` and review"
    changed = [path for path in pages if pages[path] != expected[path]]
    assert changed == [], f"rendered Markdown differs from the golden files: {changed[:5]}"
