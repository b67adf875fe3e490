"""What search indexes of a supplier page, read from the built example's own index: the counties
it serves once each by their short names ("Skåne", not "Skåne län"), and the word "län" once, as
the heading over them. Listed by their full names the counties put "län" in the index once per
county served on every page: most of its word chunk, fetched by every search for a word near it
in the alphabet (issue 14). The list a person sees still names them in full, and the filters and
filter pages keep the full names."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tests.conftest import EXAMPLE_CATALOG
from tests.site_support import model_of
from urval.site.index import _chunk
from urval.site.render import site_words


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def indexed_pages(site: Path) -> dict[str, Any]:
    """Every page of the site's index by its address: Pagefind's fragment of it."""
    fragments = (json.loads(_chunk(path)) for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"))
    return {str(fragment["url"]): fragment for fragment in fragments}


def test_a_supplier_page_indexes_its_counties_once_by_short_name(example_site: Path) -> None:
    pages = indexed_pages(example_site)
    heading = _words(site_words()["dimensions"]["region"]["one"])
    assert len(heading) == 1
    for supplier in model_of(EXAMPLE_CATALOG).suppliers:
        fragment = pages[f"/utforare/{supplier.id}/"]
        content, description = fragment["content"], fragment["meta"]["description"]
        assert description in content
        rest = content.replace(description, "")
        assert _words(rest).count(heading[0]) == 1, f"{supplier.id}: the word {heading[0]!r} not once"
        assert ", ".join(region.short_name for region in supplier.regions) + "." in rest, supplier.id
        assert not [region.name for region in supplier.regions if region.name in rest], supplier.id


def test_the_county_filter_keeps_the_full_names(example_site: Path) -> None:
    supplier = model_of(EXAMPLE_CATALOG).suppliers[0]
    fragment = indexed_pages(example_site)[f"/utforare/{supplier.id}/"]
    region_filter = site_words()["dimensions"]["region"]["filter"]
    assert fragment["filters"][region_filter] == [r.name for r in supplier.regions]
