"""'Menade du …?': the code a supplier most likely meant.

Suppliers write what they read on the site: a län as "Stockholm" or "Stockholms län", a language
as "Arabiska", an area as "a". Each code of a list is known by its folded forms (the code's and
its Swedish name's, in lower case, without accents, words joined by hyphens); a written value
whose folded form is one of them, or very close to one, suggests that code.

The schema judges a code's shape before any rule sees it, so the supplier schema `check` uses
carries each list's forms (`x-suggest`, in memory only: the committed schema stays what editors
need) for the explanations of shape errors; the cross-file rules use the same forms for codes
of the right shape that are not in their list.
"""

from __future__ import annotations

import copy
import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from urval.catalog.declaration import Declaration

SUGGEST = "x-suggest"  # in a schema node: folded form -> code
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """`Västra Götalands län` -> `vastra-gotalands-lan`; `SV` -> `sv`."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_WORD.sub("-", plain).strip("-")


def forms(entries: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Every folded form of each (code, name), the first code winning a shared form."""
    found: dict[str, str] = {}
    for code, name in entries:
        for form in (fold(code), fold(name)):
            if form:
                found.setdefault(form, code)
    return found


def meant(written: object, known: Mapping[str, str]) -> str | None:
    """The code `written` most likely stands for, or None (also when it is that code already)."""
    if not isinstance(written, str) or not known:
        return None
    form = fold(written)
    code = known.get(form)
    if code is None:
        close = difflib.get_close_matches(form, list(known), n=1, cutoff=0.8)
        code = known[close[0]] if close else None
    return code if code != written else None


def _entries(items: Sequence[Mapping[str, Any]], code: str) -> list[tuple[str, str]]:
    return [(str(item[code]), str(item.get("name", ""))) for item in items if code in item]


def list_forms(
    framework: Mapping[str, Any], declaration: Declaration, lists: Mapping[str, Sequence[Mapping[str, Any]]]
) -> dict[str, dict[str, str]]:
    """The forms of every list a supplier writes codes from, by the supplier key (or `addons`)."""
    found = {
        "areas": forms(_entries(framework.get("areas", []), "code")),
        "addons": forms(_entries(framework.get("addons", []), "code")),
        "regions": forms(_entries(lists.get("regions", []), "slug")),
    }
    for fact in declaration.facts:
        vocabulary = declaration.vocabulary(fact.vocabulary)
        if fact.kind == "codes" and vocabulary is not None:
            found[fact.key] = forms(_entries(lists.get(vocabulary.name, []), vocabulary.code))
    return found


def with_suggestions(schema: dict[str, Any], known: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    """A copy of the supplier schema whose code items and price keys carry their list's forms."""
    marked = copy.deepcopy(schema)
    properties = marked.get("properties", {})
    for key, found in known.items():
        items = properties.get(key, {}).get("items")
        if isinstance(items, dict):
            items[SUGGEST] = dict(found)
    price_list = properties.get("prices", {}).get("items", {}).get("properties", {})
    for key in ("areas", "addons"):
        names = price_list.get(key, {}).get("propertyNames")
        if isinstance(names, dict):
            names[SUGGEST] = dict(known.get(key, {}))
    return marked
