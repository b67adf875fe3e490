"""What each page kind shows, computed once from the model: listings, filter values, the
follow-up overview, and a typed context per page kind (the templates' written contract, as
mkdocs types its own `TemplateContext`)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypedDict

from markupsafe import Markup

from urval.catalog.declaration import Fact, Section
from urval.model.ranking import Ranked, rank
from urval.model.types import (
    AddonPrice,
    Area,
    AreaPrice,
    Catalogue,
    CriterionValues,
    NewsItem,
    Sanction,
    Stated,
    Supplier,
)


@dataclass(frozen=True)
class AreaListing:
    """The suppliers of one area on a filter page: callable ones ranked by price, the rest apart."""

    area: Area
    ranked: list[Ranked[Supplier]]
    unpriced: list[Supplier]  # callable but without a price list in force
    blocked: list[Supplier]  # stopped or terminated
    prices: tuple[AreaPrice, ...]  # each ranked supplier's price in the area, in the same order

    @property
    def callable_count(self) -> int:
        return len(self.ranked) + len(self.unpriced)

    @property
    def priced(self) -> Iterator[tuple[Ranked[Supplier], AreaPrice]]:
        """Each ranked supplier with its price in the area."""
        return zip(self.ranked, self.prices, strict=True)

    @property
    def empty(self) -> bool:
        return not (self.ranked or self.unpriced or self.blocked)


@dataclass(frozen=True)
class FilterValue:
    slug: str
    name: str
    description: str
    suppliers: tuple[Supplier, ...]

    @property
    def callable_count(self) -> int:
        return sum(1 for s in self.suppliers if s.callable)


@dataclass(frozen=True)
class Dimension:
    """A browsing dimension besides areas (län, or a criterion the framework declares): its URL
    segment, its titles, and every value with the suppliers that match it."""

    key: str
    path: str
    title: str
    one: str
    values: tuple[FilterValue, ...]


@dataclass(frozen=True)
class FollowUpOverview:
    """Adda's follow-up obligation at a glance, for the framework period."""

    visited: list[Supplier]
    not_visited: list[Supplier]
    surveys_per_year: list[tuple[int, int]]
    outcomes: list[tuple[str, int]]


VISIT_KINDS = ("visit", "digital_meeting")


def follow_up_overview(catalogue: Catalogue) -> FollowUpOverview:
    framework = catalogue.framework
    in_period = [f for f in catalogue.follow_ups if framework.start <= f.date <= framework.end]
    visited_ids = {f.supplier_id for f in in_period if f.kind in VISIT_KINDS}
    last_year = min(framework.end, catalogue.as_of).year
    years = range(framework.start.year, max(last_year, framework.start.year) + 1)
    outcomes = Counter(f.outcome for f in catalogue.follow_ups)
    return FollowUpOverview(
        visited=[s for s in catalogue.suppliers if s.id in visited_ids],
        not_visited=[s for s in catalogue.suppliers if s.id not in visited_ids and s.status != "terminated"],
        surveys_per_year=[(y, sum(1 for f in in_period if f.kind == "survey" and f.date.year == y)) for y in years],
        outcomes=[(outcome, outcomes[outcome]) for outcome in ("no_remarks", "remarks", "deficiencies")],
    )


def listing(area: Area, suppliers: Iterable[Supplier]) -> AreaListing:
    offering = [s for s in suppliers if s.offers(area)]
    callable_prices = [(s, s.price_in(area)) for s in offering if s.callable]
    priced = [(s, price) for s, price in callable_prices if price is not None]
    ranked = rank(priced, key=lambda found: found[1].sort_key, name=lambda found: found[0].name)
    return AreaListing(
        area=area,
        ranked=[Ranked(entry.rank, entry.item[0], entry.tied) for entry in ranked],
        unpriced=[s for s, price in callable_prices if price is None],
        blocked=[s for s in offering if not s.callable],
        prices=tuple(entry.item[1] for entry in ranked),
    )


def listings(catalogue: Catalogue, suppliers: Iterable[Supplier]) -> list[AreaListing]:
    """One listing per area of the framework, in its order."""
    chosen = tuple(suppliers)
    return [listing(area, chosen) for area in catalogue.framework.areas]


def _values(
    catalogue: Catalogue,
    entries: Iterable[tuple[str, str, str, Hashable]],
    held: Callable[[Supplier], Iterable[Hashable]],
) -> tuple[FilterValue, ...]:
    """Each entry (slug, name, description, key) with the suppliers that hold its key, in the
    catalogue's order; one pass over the suppliers, not one per value."""
    entries = list(entries)
    holding: dict[Hashable, list[Supplier]] = {key: [] for *_, key in entries}
    for supplier in catalogue.suppliers:
        for key in dict.fromkeys(held(supplier)):
            if key in holding:
                holding[key].append(supplier)
    return tuple(FilterValue(slug, name, description, tuple(holding[key])) for slug, name, description, key in entries)


def _criterion_dimension(catalogue: Catalogue, criterion: CriterionValues) -> Dimension | None:
    page = criterion.criterion.page
    if page is None:
        return None
    entries = ((e.slug, e.name, e.description, e.code) for e in criterion.values)
    values = _values(catalogue, entries, lambda supplier: supplier.codes_for(criterion.name))
    return Dimension(criterion.name, page.path, page.title, page.one, values)


def dimensions(catalogue: Catalogue, region: Mapping[str, str]) -> list[Dimension]:
    """The browsing dimensions besides areas: län (titled by `region`, the site's words) and
    every criterion with filter pages, each value with the suppliers that match it."""
    regions = _values(catalogue, ((r.slug, r.name, "", r) for r in catalogue.regions), lambda s: s.regions)
    found = [Dimension("region", region["path"], region["title"], region["one"], regions)]
    for criterion in catalogue.page_criteria:
        dimension = _criterion_dimension(catalogue, criterion)
        if dimension is not None:
            found.append(dimension)
    return found


def dimension_paths(catalogue: Catalogue, region: Mapping[str, str]) -> list[str]:
    """The folders of `dimensions`' pages, in their order, without matching a supplier."""
    return [region["path"], *(c.criterion.page.path for c in catalogue.page_criteria if c.criterion.page is not None)]


@dataclass(frozen=True)
class CodeList:
    """The codes of one list a supplier file takes its values from, each with its Swedish name.
    `key` is the field they are written in; `flags` when each code is a key with true or false."""

    title: str
    key: str
    codes: tuple[tuple[str, str], ...]
    flags: bool = False


def code_lists(catalogue: Catalogue, titles: Mapping[str, str]) -> list[CodeList]:
    """Every list of codes a supplier may write: areas, län, the framework's price modes and
    add-ons, and each vocabulary its declared facts use, in declared order."""
    framework = catalogue.framework
    modes = {mode.code: mode.name for area in framework.areas for mode in area.modes}
    found = [
        CodeList(titles["areas"], "areas", tuple((a.code, a.name) for a in framework.areas)),
        CodeList(titles["regions"], "regions", tuple((r.slug, r.name) for r in catalogue.regions)),
    ]
    for fact in _code_facts(catalogue.declaration.facts):
        entries = catalogue.vocabularies.get(fact.vocabulary, ())
        found.append(CodeList(fact.title, fact.key, tuple((e.code, e.name) for e in entries), fact.kind == "flags"))
    if modes:
        found.append(CodeList(titles["modes"], "prices", tuple(modes.items())))
    found.append(CodeList(titles["addons"], "addons", tuple((a.code, a.name) for a in framework.addons)))
    return found


def _code_facts(facts: Iterable[Fact]) -> Iterable[Fact]:
    for fact in facts:
        if fact.kind in ("codes", "flags"):
            yield fact
        yield from _code_facts(fact.parts)


@dataclass(frozen=True)
class FactSection:
    """One section of a supplier's declared facts below its description: the facts that belong
    to it, in declared order, a group's parts in the group's place."""

    section: Section
    rows: tuple[Stated, ...]  # no groups: a flags fact is a row per entry, any other a row
    paragraph: bool  # the section's only fact is a list of codes: shown as a paragraph, not rows


@dataclass(frozen=True)
class Held:
    """One line of what search finds a supplier by among its facts: `words`, joined, then a full
    stop; or, for a flag that is set, its name and its description."""

    words: tuple[str, ...]
    description: str | None = None  # a flag's


@dataclass(frozen=True)
class PriceRow:
    """One price list in a supplier's price history: its price in each of the supplier's areas
    and in each add-on of the framework, in their order; None where it has none."""

    valid_from: dt.date
    areas: tuple[AreaPrice | None, ...]
    addons: tuple[AddonPrice | None, ...]


@dataclass(frozen=True)
class SupplierView:
    """What a supplier page shows of the supplier's declared facts and places, worked out once."""

    lead: tuple[Stated, ...]  # the lead sections' facts that hold a value, emphasised above the description
    sections: tuple[FactSection, ...]  # every other section, in declared order
    held: tuple[Held, ...]  # what search finds the supplier by: only what holds, as words
    filters: tuple[tuple[str, str], ...]  # (search filter, value): every entry that holds of a criterion's fact
    regions: tuple[tuple[str, bool], ...]  # every region of the map (its slug), and whether the supplier serves it
    price_history: tuple[PriceRow, ...]  # every price list, when there is more than one


def supplier_view(catalogue: Catalogue, supplier: Supplier) -> SupplierView:
    declared = catalogue.declaration.sections
    by_section: dict[str, list[Stated]] = {section.key: [] for section in declared}
    for stated in supplier.facts:
        by_section.setdefault(stated.fact.section, []).append(stated)
    lead = tuple(stated for s in declared if s.lead for stated in by_section[s.key] if stated.value)
    sections = []
    held: list[Held] = []
    for section in declared:
        if section.lead:
            continue
        here = by_section[section.key]
        rows = tuple(_rows(here))
        sections.append(FactSection(section, rows, paragraph=len(here) == 1 and here[0].kind == "codes"))
        for stated in rows:
            held += _held(stated)
    served = set(supplier.regions)
    return SupplierView(
        lead=lead,
        sections=tuple(sections),
        held=tuple(held),
        filters=tuple(
            (stated.fact.criterion.filter, entry.name)
            for stated in supplier.facts
            if stated.fact.criterion
            for entry in stated.holding
        ),
        regions=tuple((region.slug, region in served) for region in catalogue.regions),
        price_history=_price_history(catalogue, supplier) if len(supplier.price_lists) > 1 else (),
    )


def _price_history(catalogue: Catalogue, supplier: Supplier) -> tuple[PriceRow, ...]:
    addons = catalogue.framework.addons
    return tuple(
        PriceRow(
            price_list.valid_from,
            tuple(price_list.for_area(area.code) for area in supplier.areas),
            tuple(price_list.for_addon(addon.code) for addon in addons),
        )
        for price_list in supplier.price_lists
    )


def _rows(facts: Iterable[Stated]) -> Iterable[Stated]:
    """The facts with each group replaced by its parts."""
    for stated in facts:
        if stated.kind == "group":
            yield from _rows(stated.parts)
        else:
            yield stated


def _held(stated: Stated) -> list[Held]:
    """What search finds a supplier by in one fact: a yes/no fact by its label when yes, a text
    by itself, codes by their names, a flag by its name and description when set; never the
    Ja/Nej rows the page shows. Numbers and permits are not words anyone searches by."""
    if stated.kind == "yes_no" and stated.value is True:
        return [Held((stated.fact.label,))]
    if stated.kind == "text" and stated.value:
        return [Held((str(stated.value),))]
    if stated.kind == "codes" and stated.entries:
        return [Held(tuple(entry.name for entry in stated.entries))]
    if stated.kind == "flags":
        return [Held((entry.name,), entry.description) for entry in stated.holding]
    return []


# --- what each page kind's template receives -----------------------------------------------------


class NoContext(TypedDict):
    """Pages that need only the globals every template has (`site`, `catalogue`, `framework`)."""


class StartPage(TypedDict):
    listings: list[AreaListing]


class SupplierPage(TypedDict):
    supplier: Supplier
    view: SupplierView


class AreasPage(TypedDict):
    listings: list[AreaListing]


class AreaPage(TypedDict):
    area: Area
    listing: AreaListing


class DimensionPage(TypedDict):
    dimension: Dimension


class FilterPage(TypedDict):
    dimension: Dimension
    value: FilterValue
    listings: list[AreaListing]  # only the areas where some supplier with this value is listed


class SanctionsPage(TypedDict):
    kind: str | None  # None: the whole register
    kind_label: str | None
    sanctions: tuple[Sanction, ...]


class SanctionPostPage(TypedDict):
    item: NewsItem
    sanction: Sanction
    supplier: Supplier


class FollowUpsPage(TypedDict):
    overview: FollowUpOverview


class FieldReferencePage(TypedDict):
    sections: list[Markup]


class CodesPage(TypedDict):
    lists: list[CodeList]


class MessageRow(TypedDict):
    text: str
    help: str


class MessageGroup(TypedDict):
    title: str
    messages: list[MessageRow]


class RuleRow(TypedDict):
    id: str
    text: str


class MessagesPage(TypedDict):
    rules: list[RuleRow]
    groups: list[MessageGroup]


PageContext = (
    NoContext
    | StartPage
    | SupplierPage
    | AreasPage
    | AreaPage
    | DimensionPage
    | FilterPage
    | SanctionsPage
    | SanctionPostPage
    | FollowUpsPage
    | FieldReferencePage
    | CodesPage
    | MessagesPage
)


def as_dict(context: PageContext) -> dict[str, Any]:
    return dict(context)
