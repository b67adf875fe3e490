"""Each example catalogue's rendered Markdown pages and HTML fragments against its golden files (`make golden`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_CATALOG, HVB_CATALOG
from tests.golden import compare_golden_tree
from tests.site_support import model_of
from urval.site.render import Renderer

GOLDEN = Path(__file__).parent / "golden"
EXAMPLES = {"site": EXAMPLE_CATALOG, "hvb-barn-unga": HVB_CATALOG}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_golden_rendered_markdown(name: str) -> None:
    catalog = EXAMPLES[name]
    renderer = Renderer(model_of(catalog), schema_dir=catalog / "schema")
    compare_golden_tree({page.path: page.text for page in renderer.pages()}, GOLDEN / name, "*.md")
    compare_golden_tree({page.path: page.text for page in renderer.html_pages()}, GOLDEN / name, "*.html")
