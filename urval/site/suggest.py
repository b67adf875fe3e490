"""The search page's word list (`sok/ord.json`): the names a person may misspell, for "Menade du …?".

Supplier names and every vocabulary name the search can filter by (contract areas, län, the
values of each declared criterion), from the model; the browser proposes the closest entries
by edit distance when a search finds little. Nothing here names a framework's facts.
"""

from __future__ import annotations

import json
from pathlib import Path

from urval.model.types import Catalogue

WORD_LIST = "ord.json"


def words(catalogue: Catalogue) -> list[str]:
    """Every name, once, in a stable order (suppliers first, then the vocabularies)."""
    found = [supplier.name for supplier in catalogue.suppliers]
    found += [area.short_name for area in catalogue.framework.areas]
    found += [region.name for region in catalogue.regions]
    found += [entry.name for criterion in catalogue.criteria for entry in criterion.values]
    return list(dict.fromkeys(found))


def write_word_list(catalogue: Catalogue, folder: Path) -> Path:
    """Write the word list into `folder` (the search page's folder of the docs); returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / WORD_LIST
    target.write_text(json.dumps({"words": words(catalogue)}, ensure_ascii=False, separators=(",", ":")), "utf-8")
    return target
