"""When two supplier names are the same name: after Unicode normalisation (NFKC), case folding,
collapsed whitespace (a no-break space is a space) and folding of confusable characters (a
Cyrillic "о" is a Latin "o"), from Unicode's confusables data as the maintained
`confusable_homoglyphs` package ships it.

Unicode's confusables map each confusable character (a source) to a prototype; the package
stores the map both ways. A character that is a source maps to its prototype. When a source and
its prototype confuse only with each other the direction is not recorded, so both fold to the
lower code point: any fixed choice gives the same classes of names.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from confusable_homoglyphs.confusables import confusables_data  # type: ignore[import-untyped]


@cache
def _prototypes() -> dict[str, str]:
    """Character -> the string every character confusable with it folds to."""
    data: dict[str, list[dict[str, str]]] = confusables_data
    single: dict[str, str] = {}
    longer: dict[str, str] = {}
    for char, entries in data.items():
        if len(char) != 1 or len(entries) != 1:
            continue  # a prototype of several sources folds to itself
        target = entries[0]["c"]
        if len(target) > 1:
            longer[char] = target
        elif len(data.get(target, ())) > 1:
            single[char] = target
        else:
            single[char] = min(char, target)
    for char, target in longer.items():
        single[char] = "".join(single.get(part, part) for part in target)
    return single


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def name_key(name: str) -> str:
    """The name as compared: two names with the same key are the same name to a reader."""
    prototypes = _prototypes()
    return _normal("".join(prototypes.get(char, char) for char in _normal(name)))
