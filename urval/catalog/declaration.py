"""A framework's declaration of the facts its suppliers state (`facts:` in ramavtal.yaml).

Every framework shares a core of supplier keys (id, name, contact, areas, regions, prices …,
see `core/supplier.core.json`). Beside it, a framework declares its own facts: key, Swedish
title and help, kind, page section, whether it is required and whether it is a criterion (a
filter page, a search facet, a need or wish on the ranking page). The supplier schema,
validation, the model, the pages, the search facets, the open data and the synthetic catalogue
all follow from this one declaration; nothing in the code names a framework's facts.

The declaration has passed `framework.schema.json` before it is read here, so its shape is sound.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, cast

FactKind = Literal["yes_no", "number", "text", "codes", "flags", "permit", "group"]
FACT_KINDS: tuple[FactKind, ...] = ("yes_no", "number", "text", "codes", "flags", "permit", "group")


@dataclass(frozen=True)
class Vocabulary:
    """A controlled list in `reference/<name>.yaml`, judged by `schema`; `code` names the field
    suppliers write (e.g. `slug`), and entries are listed by name when `sort_by_name`."""

    name: str
    schema: str
    code: str
    sort_by_name: bool = False


@dataclass(frozen=True)
class Section:
    """A part of the supplier page; a `lead` section stands emphasised above the description."""

    key: str
    title: str
    lead: bool = False


@dataclass(frozen=True)
class CriterionPage:
    path: str  # URL segment, e.g. `sprak`
    title: str  # the index page's title, e.g. `Språk`
    one: str  # one value's heading, e.g. `Språk: arabiska`


@dataclass(frozen=True)
class Criterion:
    """A fact people choose suppliers by: a search facet, a need or wish on the ranking page
    (`param` in its URL) and, with `page`, a filter page per value."""

    name: str  # the ranking's dimension name, e.g. `language`
    param: str  # URL parameter on the ranking page, e.g. `sprak`
    filter: str  # Pagefind filter name, e.g. `Språk`
    page: CriterionPage | None


@dataclass(frozen=True)
class UnknownCode:
    """How the check words a code missing from the fact's vocabulary: `{what} {code} finns inte …`."""

    what: str
    hint: str


@dataclass(frozen=True)
class Part:
    """A titled piece of a fact (a permit's reference and date)."""

    title: str
    description: str


@dataclass(frozen=True)
class Fact:
    key: str
    kind: FactKind
    title: str
    description: str
    label: str  # on the page; the title unless declared
    section: str
    required: bool = False
    unit: str = ""  # shown after a number, e.g. `platser`
    minimum: int | None = None
    maximum: int | None = None
    min_length: int | None = None
    max_length: int | None = None
    vocabulary: str = ""  # codes and flags
    min_items: int | None = None
    item_pattern: str = ""
    item_hint: str = ""
    unknown: UnknownCode | None = None
    column: str = ""  # CSV column header; empty: not in the CSV
    criterion: Criterion | None = None
    parts: tuple[Fact, ...] = ()  # a group's facts
    reference: Part | None = None  # a permit's reference number
    granted: Part | None = None  # a permit's date

    def part(self, key: str) -> Fact | None:
        return next((p for p in self.parts if p.key == key), None)


@dataclass(frozen=True)
class Declaration:
    facts: tuple[Fact, ...]
    sections: tuple[Section, ...]
    vocabularies: tuple[Vocabulary, ...]
    words: Mapping[str, str]

    def vocabulary(self, name: str) -> Vocabulary | None:
        return next((v for v in self.vocabularies if v.name == name), None)

    def fact(self, key: str) -> Fact | None:
        return next((f for f in self.facts if f.key == key), None)

    def in_section(self, key: str) -> tuple[Fact, ...]:
        return tuple(f for f in self.facts if f.section == key)

    @property
    def criteria(self) -> tuple[tuple[Fact, Criterion], ...]:
        return tuple((f, f.criterion) for f in self.facts if f.criterion is not None)


EMPTY = Declaration((), (), (), {})


def _optional_int(data: Mapping[str, Any], key: str) -> int | None:
    value = data.get(key)
    return int(value) if value is not None else None


def _criterion(data: Mapping[str, Any] | None) -> Criterion | None:
    if not data:
        return None
    page = data.get("page")
    return Criterion(
        name=str(data["name"]),
        param=str(data["param"]),
        filter=str(data["filter"]),
        page=CriterionPage(str(page["path"]), str(page["title"]), str(page["one"])) if page else None,
    )


def _part(data: Mapping[str, Any] | None) -> Part | None:
    return Part(str(data["title"]), str(data.get("description", ""))) if data else None


def _fact(data: Mapping[str, Any], section: str = "") -> Fact:
    unknown = data.get("unknown")
    title = str(data["title"])
    return Fact(
        key=str(data["key"]),
        kind=cast(FactKind, data["kind"]),
        title=title,
        description=str(data.get("description", "")).strip(),
        label=str(data.get("label", title)),
        section=str(data.get("section", section)),
        required=bool(data.get("required", False)),
        unit=str(data.get("unit", "")),
        minimum=_optional_int(data, "minimum"),
        maximum=_optional_int(data, "maximum"),
        min_length=_optional_int(data, "min_length"),
        max_length=_optional_int(data, "max_length"),
        vocabulary=str(data.get("vocabulary", "")),
        min_items=_optional_int(data, "min_items"),
        item_pattern=str(data.get("item_pattern", "")),
        item_hint=str(data.get("item_hint", "")),
        unknown=UnknownCode(str(unknown["what"]), str(unknown.get("hint", ""))) if unknown else None,
        column=str(data.get("column", "")),
        criterion=_criterion(data.get("criterion")),
        parts=tuple(_fact(p, str(data.get("section", section))) for p in data.get("parts", [])),
        reference=_part(data.get("reference")),
        granted=_part(data.get("granted")),
    )


def _vocabulary(data: Mapping[str, Any]) -> Vocabulary:
    return Vocabulary(str(data["name"]), str(data["schema"]), str(data["code"]), data.get("sort") == "name")


def read_declaration(framework: Mapping[str, Any]) -> Declaration:
    """The declaration in a framework file's data (empty parts when it declares none)."""
    return _cached(_Frozen(framework))


class _Frozen:
    """A framework's data, hashable by identity, so a document is read once however often rules ask."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data

    def __hash__(self) -> int:
        return id(self.data)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Frozen) and other.data is self.data


@lru_cache(maxsize=8)
def _cached(frozen: _Frozen) -> Declaration:
    data = frozen.data
    sections: Sequence[Mapping[str, Any]] = data.get("sections", [])
    return Declaration(
        facts=tuple(_fact(f) for f in data.get("facts", [])),
        sections=tuple(Section(str(s["key"]), str(s.get("title", "")), bool(s.get("lead", False))) for s in sections),
        vocabularies=tuple(_vocabulary(v) for v in data.get("vocabularies", [])),
        words={str(k): str(v) for k, v in data.get("words", {}).items()},
    )
