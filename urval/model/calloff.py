"""The call-off rule (fördelningsnyckel): need, then price.

The same rule runs in the browser (`docs/assets/avrop.js`, the page /avrop/) and here, in
Python, for the tests and for the static pages. The shared table of cases in
`tests/cases/ranking/` is run against both, so the two cannot drift apart.

The rule, for one contract area and one planned start date:

1. A supplier is left out when any of these holds (all that hold are reported):
   - a termination (hävning) is on record, whatever its date: an agreement that is or will be
     terminated takes no new placement;
   - a call-off stop (avropsstopp) is in force on the start date (from its date to its `until`,
     both included; open-ended when there is no `until`);
   - it is not admitted to the area;
   - no price list is in force on the start date, or that list has no price for the area;
   - it does not meet a need. For län, the needs form one criterion: the supplier must offer
     families in at least one of the län marked as needs. Every other marked value (a
     language, an accessibility feature, a certification, a target group, a method, an add-on
     service) is a criterion of its own. An add-on is met when the price list in force on the
     start date prices it.
2. The others are ranked by the number of wishes met (most first; the län marked as wishes are
   one wish, met by any of them), then by total price (lowest first): the area's price on the
   start date (for an area priced per mode, the chosen mode, by default the first), plus, in an
   area priced per day, the price of each wanted add-on (need or wish) that the supplier offers
   per day. Add-ons priced per hour are shown with their hourly price and not added.
3. Equal fit and equal price share a rank (1, 1, 3 …). Within a shared rank suppliers are
   listed alphabetically (Swedish order: å, ä, ö after z); that listing is not a ranking.

The request is read from and written to the page's URL query string (see `Request`), the same
stable scheme the page documents under "Länka till urvalet".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qsl, urlencode

from urval.model.ranking import Ranked, rank
from urval.model.types import Catalogue, PriceList, Sanction, Supplier, Unit

Kind = Literal["need", "wish"]
ReasonCode = Literal["terminated", "stopped", "not_admitted", "no_price", "need"]

# The URL scheme: parameter names and the words for need and wish. Stable: links in case files
# depend on them. Values are the catalogue's own codes and slugs.
AREA_PARAM, MODE_PARAM, START_PARAM, COMPARE_PARAM = "omrade", "prisform", "start", "jamfor"
DIMENSION_PARAMS: Mapping[str, str] = {
    "region": "lan",
    "language": "sprak",
    "accessibility": "tillganglighet",
    "certification": "certifiering",
    "target_group": "malgrupp",
    "method": "metod",
    "addon": "tillagg",
}
KIND_WORDS: Mapping[Kind, str] = {"need": "behov", "wish": "onskemal"}
GROUPED = frozenset({"region"})  # dimensions whose values of one kind form a single criterion
DIMENSIONS = tuple(DIMENSION_PARAMS)


@dataclass(frozen=True)
class Criterion:
    """One need or wish: one value, or for a grouped dimension (län) every value of that kind,
    any one of which meets it."""

    dimension: str
    kind: Kind
    values: tuple[str, ...]

    @property
    def token(self) -> str:
        """A stable short form, e.g. `language:ar` or `region:uppsala,stockholm` (tests compare these)."""
        return f"{self.dimension}:{','.join(self.values)}"


@dataclass(frozen=True)
class Request:
    """What the social worker states: area, start date, price mode, needs and wishes.

    `marks` holds, per dimension, the marked values in order with their kind."""

    area: str
    start: dt.date
    mode: str | None = None
    marks: tuple[tuple[str, str, Kind], ...] = ()  # (dimension, value, kind)
    compare: tuple[str, ...] = ()

    @classmethod
    def from_query(cls, query: str) -> Request:
        """Read the page's query string, e.g. `omrade=A&start=2025-06-01&lan=behov:uppsala,stockholm`.

        A value marked both as a need and as a wish is a need; parameters and values the scheme
        does not know are ignored."""
        params = parse_qsl(query.lstrip("?"), keep_blank_values=True)
        single = dict(reversed(params))  # the first of a repeated parameter counts
        by_param = {param: dimension for dimension, param in DIMENSION_PARAMS.items()}
        kinds = {word: kind for kind, word in KIND_WORDS.items()}
        marks: list[tuple[str, str, Kind]] = []
        seen: set[tuple[str, str]] = set()
        for name, value in sorted(params, key=lambda pair: pair[1].split(":", 1)[0] != KIND_WORDS["need"]):
            dimension = by_param.get(name)
            word, _, listed = value.partition(":")
            if dimension is None or word not in kinds:
                continue
            for item in filter(None, listed.split(",")):
                if (dimension, item) not in seen:
                    seen.add((dimension, item))
                    marks.append((dimension, item, kinds[word]))
        return cls(
            area=single.get(AREA_PARAM, ""),
            start=dt.date.fromisoformat(single[START_PARAM]),
            mode=single.get(MODE_PARAM) or None,
            marks=tuple(marks),
            compare=tuple(filter(None, single.get(COMPARE_PARAM, "").split(","))),
        )

    def to_query(self) -> str:
        """The canonical query string: area, mode, start, then each dimension's needs and wishes."""
        params: list[tuple[str, str]] = [(AREA_PARAM, self.area)]
        if self.mode:
            params.append((MODE_PARAM, self.mode))
        params.append((START_PARAM, self.start.isoformat()))
        for dimension, param in DIMENSION_PARAMS.items():
            for kind, word in KIND_WORDS.items():
                values = [v for d, v, k in self.marks if d == dimension and k == kind]
                if values:
                    params.append((param, f"{word}:{','.join(values)}"))
        if self.compare:
            params.append((COMPARE_PARAM, ",".join(self.compare)))
        return urlencode(params, safe=":,")

    def criteria(self, kind: Kind, vocabulary: Mapping[str, tuple[str, ...]]) -> tuple[Criterion, ...]:
        """The needs or the wishes, in the vocabulary's order; values the catalogue does not know
        are dropped (the page cannot show them either)."""
        found: list[Criterion] = []
        for dimension in DIMENSIONS:
            marked = {v for d, v, k in self.marks if d == dimension and k == kind}
            values = tuple(v for v in vocabulary.get(dimension, ()) if v in marked)
            if not values:
                continue
            if dimension in GROUPED:
                found.append(Criterion(dimension, kind, values))
            else:
                found += [Criterion(dimension, kind, (value,)) for value in values]
        return tuple(found)


@dataclass(frozen=True)
class PriceLine:
    """One line of a price breakdown: the area, or a wanted add-on the supplier offers."""

    code: str
    unit: Unit
    amount: int
    mode: str | None  # the price mode, for an area priced per mode
    in_total: bool


@dataclass(frozen=True)
class Candidate:
    supplier: Supplier
    wishes_met: tuple[Criterion, ...]
    lines: tuple[PriceLine, ...]
    total: int  # in the area's unit

    @property
    def key(self) -> tuple[int, ...]:
        return (-len(self.wishes_met), self.total)


@dataclass(frozen=True)
class Reason:
    code: ReasonCode
    criterion: Criterion | None = None
    sanction: Sanction | None = None

    @property
    def token(self) -> str:
        """`terminated`, `stopped`, `not_admitted`, `no_price` or `need:<criterion token>`."""
        return f"need:{self.criterion.token}" if self.criterion else self.code


@dataclass(frozen=True)
class LeftOut:
    supplier: Supplier
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Result:
    request: Request
    mode: str | None
    needs: tuple[Criterion, ...]
    wishes: tuple[Criterion, ...]
    ranked: list[Ranked[Candidate]]
    left_out: list[LeftOut]


def vocabulary(catalogue: Catalogue) -> dict[str, tuple[str, ...]]:
    """Every dimension's known values, in the order the page lists them."""
    return {
        "region": tuple(r.slug for r in catalogue.regions),
        **{c.name: tuple(entry.code for entry in c.values) for c in catalogue.criteria},
        "addon": tuple(a.code for a in catalogue.framework.addons),
    }


_SWEDISH_LAST = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"})


def name_key(name: str) -> str:
    """Alphabetical order as Swedish readers expect it (å, ä, ö after z); the browser uses the same key."""
    return name.lower().translate(_SWEDISH_LAST)


def blocking(supplier: Supplier, day: dt.date, kind: str) -> Sanction | None:
    """The newest decision of `kind` that keeps a placement starting on `day` from being called off."""
    return next((s for s in supplier.sanctions if s.kind == kind and s.blocks_call_off_on(day)), None)


def meets(supplier: Supplier, criterion: Criterion, prices: PriceList | None) -> bool:
    """Whether the supplier meets one criterion (any of its values, for a grouped one)."""
    return any(_has(supplier, criterion.dimension, value, prices) for value in criterion.values)


def _has(supplier: Supplier, dimension: str, value: str, prices: PriceList | None) -> bool:
    if dimension == "region":
        return any(r.slug == value for r in supplier.regions)
    if dimension == "addon":
        return prices is not None and prices.for_addon(value) is not None
    return supplier.meets(dimension, value)  # a criterion the framework declares


def _area_amount(prices: PriceList | None, area: str, mode: str | None) -> int | None:
    price = prices.for_area(area) if prices else None
    if price is None:
        return None
    if price.amount is not None:
        return price.amount
    return next((amount for m, amount in price.by_mode if m.code == mode), None)


def _price_lines(
    prices: PriceList, area_code: str, unit: Unit, mode: str | None, addons: Iterable[str]
) -> list[PriceLine]:
    amount = _area_amount(prices, area_code, mode)
    assert amount is not None  # checked by the caller
    lines = [PriceLine(area_code, unit, amount, mode, True)]
    for code in addons:
        offered = prices.for_addon(code)
        if offered is not None:
            addon_unit = offered.addon.unit
            lines.append(PriceLine(code, addon_unit, offered.amount, None, unit == "day" and addon_unit == "day"))
    return lines


def _reasons(
    supplier: Supplier, area_code: str, request: Request, mode: str | None, needs: tuple[Criterion, ...]
) -> tuple[list[Reason], PriceList | None]:
    reasons: list[Reason] = []
    ended = blocking(supplier, request.start, "termination")
    if ended:
        reasons.append(Reason("terminated", sanction=ended))
    stop = blocking(supplier, request.start, "call_off_stop")
    if stop:
        reasons.append(Reason("stopped", sanction=stop))
    prices = supplier.price_list_on(request.start)
    if not any(a.code == area_code for a in supplier.areas):
        reasons.append(Reason("not_admitted"))
    elif _area_amount(prices, area_code, mode) is None:
        reasons.append(Reason("no_price"))
    reasons += [Reason("need", criterion=c) for c in needs if not meets(supplier, c, prices)]
    return reasons, prices


def call_off(catalogue: Catalogue, request: Request) -> Result:
    """Rank the catalogue's suppliers for `request` by the call-off rule (see the module docstring)."""
    area = next((a for a in catalogue.framework.areas if a.code == request.area), None)
    if area is None:
        raise ValueError(f"unknown area {request.area!r}")
    modes = [m.code for m in area.modes]
    mode = (request.mode if request.mode in modes else modes[0]) if modes else None
    words = vocabulary(catalogue)
    needs, wishes = request.criteria("need", words), request.criteria("wish", words)
    wanted = [c.values[0] for c in (*needs, *wishes) if c.dimension == "addon"]
    wanted = [code for code in words["addon"] if code in wanted]
    candidates: list[Candidate] = []
    left_out: list[LeftOut] = []
    for supplier in catalogue.suppliers:
        reasons, prices = _reasons(supplier, area.code, request, mode, needs)
        if reasons or prices is None:
            left_out.append(LeftOut(supplier, tuple(reasons)))
            continue
        lines = _price_lines(prices, area.code, area.unit, mode, wanted)
        met = tuple(c for c in wishes if meets(supplier, c, prices))
        candidates.append(Candidate(supplier, met, tuple(lines), sum(line.amount for line in lines if line.in_total)))
    left_out.sort(key=lambda item: (name_key(item.supplier.name), item.supplier.id))
    ranked = rank(candidates, key=lambda c: c.key, name=lambda c: name_key(c.supplier.name))
    return Result(request, mode, needs, wishes, ranked, left_out)
