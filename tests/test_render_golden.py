"""Each example catalogue's rendered Markdown pages and HTML fragments against its golden files (`make golden`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_CATALOG, HVB_CATALOG
from tests.golden import compare_golden_tree
from tests.site_support import model_of
from urval.site.render import Renderer
from urval.site.views import dimension_paths, dimensions

GOLDEN = Path(__file__).parent / "golden"
EXAMPLES = {"site": EXAMPLE_CATALOG, "hvb-barn-unga": HVB_CATALOG}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_golden_rendered_markdown(name: str) -> None:
    catalog = EXAMPLES[name]
    renderer = Renderer(model_of(catalog), schema_dir=catalog / "schema")
    compare_golden_tree({page.path: page.text for page in renderer.pages()}, GOLDEN / name, "*.md")
    compare_golden_tree({page.path: page.text for page in renderer.html_pages()}, GOLDEN / name, "*.html")


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_the_folders_of_the_filter_pages_are_known_without_their_suppliers(name: str) -> None:
    catalogue = model_of(EXAMPLES[name])
    region = Renderer(catalogue).site["dimensions"]["region"]
    assert dimension_paths(catalogue, region) == [dimension.path for dimension in dimensions(catalogue, region)]
