"""Step 3, model: the frozen types templates receive, with every date-dependent fact (prices in
force, sanctions in force, the framework's status) decided for one `as_of` day by
`urval.model.build`. Nothing here names a particular framework.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from urval.catalog.declaration import Criterion, Declaration, Fact

Unit = Literal["day", "hour"]
SupplierStatus = Literal["available", "stopped", "terminated"]
# A supplier whose file has not changed for longer than this is marked as possibly out of date.
OUTDATED_AFTER = dt.timedelta(days=365)
FrameworkStatus = Literal["not_started", "in_force", "ended"]


@dataclass(frozen=True)
class Mode:
    code: str
    name: str


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    short_name: str
    unit: Unit
    modes: tuple[Mode, ...] = ()

    @property
    def slug(self) -> str:
        return self.code.lower()


@dataclass(frozen=True)
class Addon:
    code: str
    name: str
    description: str
    unit: Unit
    example: bool


@dataclass(frozen=True)
class Region:
    slug: str
    name: str  # "Skåne län": in lists, filters and titles
    short_name: str  # "Skåne": what search indexes of it on a supplier page, once per county
    scb_code: str
    letter_code: str


@dataclass(frozen=True)
class Entry:
    """An entry of a vocabulary the framework declares: the code suppliers write, the slug in
    addresses (the code when the list has no slugs), the Swedish name and description."""

    code: str
    slug: str
    name: str
    description: str


@dataclass(frozen=True)
class Framework:
    name: str
    organisation: str
    description: str
    call_off_rule: str
    website: str
    start: dt.date
    end: dt.date
    price_change_dates: tuple[dt.date, ...]
    areas: tuple[Area, ...]
    addons: tuple[Addon, ...]

    def status(self, as_of: dt.date) -> FrameworkStatus:
        if as_of < self.start:
            return "not_started"
        return "in_force" if as_of <= self.end else "ended"


@dataclass(frozen=True)
class AreaPrice:
    """A supplier's price in one area of one price list: one amount, or one per mode."""

    area: Area
    amount: int | None = None
    by_mode: tuple[tuple[Mode, int], ...] = ()

    @property
    def sort_key(self) -> tuple[int, ...]:
        """Cheapest first: the amount, or the amounts in the framework's order of modes."""
        return (self.amount,) if self.amount is not None else tuple(amount for _mode, amount in self.by_mode)


@dataclass(frozen=True)
class AddonPrice:
    addon: Addon
    amount: int


@dataclass(frozen=True)
class PriceList:
    valid_from: dt.date
    areas: tuple[AreaPrice, ...]
    addons: tuple[AddonPrice, ...]

    def for_area(self, code: str) -> AreaPrice | None:
        return self._by_area.get(code)

    @cached_property
    def _by_area(self) -> dict[str, AreaPrice]:
        """Each area's price by its code, worked out once (every listing asks, per supplier)."""
        return {price.area.code: price for price in self.areas}

    def for_addon(self, code: str) -> AddonPrice | None:
        return next((price for price in self.addons if price.addon.code == code), None)


def price_list_on(lists: tuple[PriceList, ...], day: dt.date) -> PriceList | None:
    """The price list in force on `day`: the latest of `lists` (oldest first) that starts on or before it."""
    found = None
    for price_list in lists:
        if price_list.valid_from <= day:
            found = price_list
    return found


# A period of days, first and last both included; None is an open end.
Period = tuple[dt.date | None, dt.date | None]


def price_periods(lists: tuple[PriceList, ...]) -> tuple[tuple[PriceList, Period], ...]:
    """Each of `lists` (oldest first) with the days it is in force, the same decision as
    `price_list_on`: from its `valid_from` to the day before the next list starts (open-ended
    for the newest; empty, last before first, when the next starts the same day)."""
    starts = [price_list.valid_from for price_list in lists[1:]]
    ends: list[dt.date | None] = [*(day - dt.timedelta(days=1) for day in starts), None]
    return tuple((price_list, (price_list.valid_from, end)) for price_list, end in zip(lists, ends, strict=True))


@dataclass(frozen=True)
class Sanction:
    id: str
    supplier_id: str
    date: dt.date
    kind: str
    until: dt.date | None
    reason: str
    in_force: bool  # on the build's as-of day

    def active_on(self, day: dt.date) -> bool:
        """Whether the decision holds on `day`: from its date to its `until`, both included
        (a termination has no `until`: it is final)."""
        return self.date <= day and (self.until is None or day <= self.until)

    @property
    def call_off_block(self) -> Period | None:
        """The planned start dates for which it keeps a placement from being called off, or None
        when it blocks none. A termination on record blocks every new placement, whatever the
        start date: (None, None); a call-off stop blocks while it holds: (date, until)."""
        if self.kind == "termination":
            return (None, None)
        return (self.date, self.until) if self.kind == "call_off_stop" else None

    def blocks_call_off_on(self, day: dt.date) -> bool:
        """Whether it keeps a placement starting on `day` from being called off (`call_off_block`)."""
        block = self.call_off_block
        return block is not None and (block[0] is None or block[0] <= day) and (block[1] is None or day <= block[1])


@dataclass(frozen=True)
class FollowUp:
    id: str
    supplier_id: str
    date: dt.date
    kind: str
    outcome: str
    summary: str
    report: str | None


@dataclass(frozen=True)
class NewsItem:
    """A news post: written by Adda (`docs/nyheter/posts/`) or generated from a sanction."""

    slug: str
    date: dt.date
    title: str
    category: str
    summary: str
    source: str  # the post's Markdown file name in the news folder
    sanction: Sanction | None = None


@dataclass(frozen=True)
class Permit:
    reference: str
    granted: dt.date


@dataclass(frozen=True)
class Stated:
    """One declared fact of one supplier. By the fact's kind: `value` holds a yes_no (bool),
    number (int), text (str) or permit (Permit), None when not stated; `entries` the codes
    stated; `flags` every entry of the vocabulary with yes or no; `parts` a group's facts."""

    fact: Fact
    value: bool | int | str | Permit | None = None
    entries: tuple[Entry, ...] = ()
    flags: tuple[tuple[Entry, bool], ...] = ()
    parts: tuple[Stated, ...] = ()

    @property
    def kind(self) -> str:
        return self.fact.kind

    @property
    def holding(self) -> tuple[Entry, ...]:
        """The entries that hold: the codes stated, or the flags set."""
        return self.entries + tuple(entry for entry, on in self.flags if on)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(entry.code for entry in self.holding)


@dataclass(frozen=True)
class CriterionValues:
    """A criterion the framework declares, with every value it can take: the typed hook for
    filter pages, search facets and the ranking page (`param` in its URL)."""

    fact: Fact
    criterion: Criterion
    values: tuple[Entry, ...]  # in the order pages list them

    @property
    def name(self) -> str:
        return self.criterion.name

    @property
    def param(self) -> str:
        return self.criterion.param


@dataclass(frozen=True)
class Supplier:
    id: str
    name: str
    org_number: str
    website: str
    email: str
    phone: str
    city: str
    maintainers: tuple[str, ...]
    description: str
    areas: tuple[Area, ...]
    regions: tuple[Region, ...]
    municipalities: tuple[str, ...]
    facts: tuple[Stated, ...]  # every declared fact, in declared order
    price_lists: tuple[PriceList, ...]
    sanctions: tuple[Sanction, ...]  # newest first
    follow_ups: tuple[FollowUp, ...]  # newest first
    last_changed: dt.date | None
    # Decided for the build's as-of day:
    possibly_outdated: bool
    status: SupplierStatus
    blocking_sanction: Sanction | None
    other_sanctions_in_force: tuple[Sanction, ...]  # in force, besides the blocking one; newest first
    current_prices: PriceList | None
    next_prices: PriceList | None

    @property
    def callable(self) -> bool:
        return self.status == "available"

    def fact(self, key: str) -> Stated | None:
        return next((stated for stated in self.facts if stated.fact.key == key), None)

    def meets(self, criterion: str, code: str) -> bool:
        """Whether the fact behind a criterion (by its name) holds `code`."""
        return code in self.codes_for(criterion)

    def codes_for(self, criterion: str) -> frozenset[str]:
        """The codes the fact behind a criterion (by its name) holds."""
        return self._codes_by_criterion.get(criterion, frozenset())

    @cached_property
    def _codes_by_criterion(self) -> dict[str, frozenset[str]]:
        """The codes each criterion's fact holds, worked out once (every filter page asks)."""
        found: dict[str, frozenset[str]] = {}
        for stated in self.facts:
            if stated.fact.criterion is not None:
                name = stated.fact.criterion.name
                found[name] = found.get(name, frozenset()) | frozenset(stated.codes)
        return found

    def offers(self, area: Area) -> bool:
        return area in self.areas

    def price_in(self, area: Area) -> AreaPrice | None:
        return self.current_prices.for_area(area.code) if self.current_prices else None

    def price_list_on(self, day: dt.date) -> PriceList | None:
        return price_list_on(self.price_lists, day)

    def price_periods(self) -> tuple[tuple[PriceList, Period], ...]:
        return price_periods(self.price_lists)


@dataclass(frozen=True)
class Catalogue:
    """Everything a build publishes, as of one day."""

    as_of: dt.date
    framework: Framework
    framework_status: FrameworkStatus
    regions: tuple[Region, ...]
    declaration: Declaration
    vocabularies: Mapping[str, tuple[Entry, ...]]  # by name, in the order pages list them
    criteria: tuple[CriterionValues, ...]  # in declared order
    suppliers: tuple[Supplier, ...]  # by name
    sanctions: tuple[Sanction, ...]  # newest first
    follow_ups: tuple[FollowUp, ...]  # newest first
    news: tuple[NewsItem, ...] = ()  # newest first; Adda's posts and one per sanction
    last_changed: dt.date | None = None  # of any catalogue file
    version: str = ""
    repository_path: str = ""  # the catalogue folder inside its repository, e.g. `catalog`; "" when unknown
    supplier_by_id: Mapping[str, Supplier] = field(default_factory=dict, compare=False, repr=False)

    @property
    def callable_count(self) -> int:
        """How many suppliers can be called off on the as-of day."""
        return sum(1 for s in self.suppliers if s.callable)

    @property
    def page_criteria(self) -> tuple[CriterionValues, ...]:
        """The criteria with filter pages, in declared order."""
        return tuple(c for c in self.criteria if c.criterion.page is not None)

    def criterion(self, name: str) -> CriterionValues | None:
        return next((c for c in self.criteria if c.name == name), None)
