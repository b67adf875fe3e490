"""Golden files of the rendered Markdown for the example catalogue (`make golden` rewrites them)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import EXAMPLE_CATALOG
from tests.golden import compare_golden_tree
from tests.site_support import model_of
from urval.site.render import Renderer

GOLDEN = Path(__file__).parent / "golden" / "site"


def test_golden_rendered_markdown() -> None:
    pages = {page.path: page.text for page in Renderer(model_of(EXAMPLE_CATALOG)).pages()}
    compare_golden_tree(pages, GOLDEN, "*.md")
