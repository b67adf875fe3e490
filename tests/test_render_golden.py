"""Golden files of the rendered Markdown for the example catalogue (`make golden` rewrites them)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import EXAMPLE_CATALOG, UPDATE_GOLDEN
from tests.site_support import model_of
from urval.site.render import Renderer

GOLDEN = Path(__file__).parent / "golden" / "site"


def test_golden_rendered_markdown() -> None:
    pages = {page.path: page.text for page in Renderer(model_of(EXAMPLE_CATALOG)).pages()}
    if UPDATE_GOLDEN:
        for old in GOLDEN.rglob("*.md"):
            old.unlink()
        for path, text in pages.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_text(text, encoding="utf-8")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text("utf-8") for p in GOLDEN.rglob("*.md")}
    assert sorted(pages) == sorted(expected), "pages added or removed: run `make golden` and review"
    changed = [path for path in pages if pages[path] != expected[path]]
    assert changed == [], f"rendered Markdown differs from the golden files: {changed[:5]}"
