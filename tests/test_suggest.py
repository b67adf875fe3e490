"""The search page's word list (sok/ord.json): supplier names and every vocabulary name the
search filters by, from the model, for any framework; written into the built site."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_CATALOG, HVB_CATALOG
from tests.site_support import model_of
from urval.site.suggest import WORD_LIST, words


@pytest.mark.parametrize("catalog", [EXAMPLE_CATALOG, HVB_CATALOG], ids=["example", "hvb"])
def test_words_are_the_names_people_search_by(catalog: Path) -> None:
    catalogue = model_of(catalog)
    found = words(catalogue)
    assert len(found) == len(set(found))
    expected = {s.name for s in catalogue.suppliers} | {r.name for r in catalogue.regions}
    expected |= {a.short_name for a in catalogue.framework.areas}
    expected |= {entry.name for criterion in catalogue.criteria for entry in criterion.values}
    assert set(found) == expected


def test_the_built_site_has_the_word_list_beside_the_search_page(example_site: Path) -> None:
    data = json.loads((example_site / "sok" / WORD_LIST).read_text(encoding="utf-8"))
    assert data["words"] == words(model_of(EXAMPLE_CATALOG))
    assert (example_site / "sok" / "index.html").is_file()
