"""The example catalogue's generated pages as the built site serves them (title, article, table
of contents; normalised DOM, tests/dom.py), against golden files: a change of how these pages are
made that changes what they say fails here (`make golden` after an intended change)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import EXAMPLE_CATALOG
from tests.dom import page_essentials
from tests.golden import compare_golden_tree
from tests.site_support import model_of
from urval.site.render import site_words

GOLDEN = Path(__file__).parent / "golden" / "pages"


def generated_folders() -> list[str]:
    """The folders of the page kinds rendered straight to HTML: suppliers, areas, län and every
    criterion with pages."""
    dimensions = site_words()["dimensions"]
    criteria = [c.criterion.page.path for c in model_of(EXAMPLE_CATALOG).page_criteria if c.criterion.page]
    return ["utforare", dimensions["area"]["path"], dimensions["region"]["path"], *criteria]


def test_generated_pages_say_what_they_said(example_site: Path) -> None:
    pages = {
        path.relative_to(example_site).with_suffix(".txt").as_posix(): page_essentials(path.read_text("utf-8"))
        for folder in generated_folders()
        for path in sorted((example_site / folder).rglob("index.html"))
    }
    assert len(pages) > 50
    compare_golden_tree(pages, GOLDEN, "*.txt")
