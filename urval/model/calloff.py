"""The call-off rule (fördelningsnyckel): need, then price, in Python: the oracle of the page.

What this module is for, honestly: the page /avrop/ ranks in the browser (`docs/assets/avrop.js`)
and nothing in the build ranks with this code; only the tests import `call_off`. It is the
readable statement of the rule that the shared table of cases `tests/cases/ranking/` is checked
against, here (`tests/test_calloff.py`) and in Chromium against the page
(`tests/browser/test_avrop.py`), so the two cannot drift apart. What both sides must agree on is
decided once and handed to the page as data by `urval/site/avrop_data.py` (`data/avrop.json`):

- the URL scheme (`Scheme`: parameter names, the words for need and wish, the dimensions in
  order with their parameter and whether their values form one criterion), read from the
  `call_off` section of `site_templates/site.yaml` by the site layer and passed in here;
- which sanctions keep a supplier out for which start dates (`blocks`, from the model's
  `Sanction.call_off_block`), and which price list is in force on which days
  (`Supplier.price_periods`, the same decision as `Supplier.price_list_on`);
- each dimension's vocabulary and the values each supplier holds (`vocabulary_entries`, `held`).

The rule, for one contract area and one planned start date:

1. A supplier is left out when any of these holds (all that hold are reported, in this order):
   - a termination (hävning) is on record, whatever its date: an agreement that is or will be
     terminated takes no new placement;
   - a call-off stop (avropsstopp) is in force on the start date (from its date to its `until`,
     both included; open-ended when there is no `until`);
   - it is not admitted to the area;
   - no price list is in force on the start date, or that list has no price for the area;
   - it does not meet a need. For a grouped dimension (län), the needs form one criterion: the
     supplier must offer families in at least one of the län marked as needs. Every other
     marked value (a language, an accessibility feature, a certification, a target group, a
     method, an add-on service) is a criterion of its own. An add-on is met when the price
     list in force on the start date prices it.
2. The others are ranked by the number of wishes met (most first; the län marked as wishes are
   one wish, met by any of them), then by total price (lowest first): the area's price on the
   start date (for an area priced per mode, the chosen mode, by default the first), plus, in an
   area priced per day, the price of each wanted add-on (need or wish) that the supplier offers
   per day. Add-ons priced per hour are shown with their hourly price and not added.
3. Equal fit and equal price share a rank (1, 1, 3 …). Within a shared rank suppliers are
   listed alphabetically (Swedish order: å, ä, ö after z); that listing is not a ranking.

The request is read from and written to the page's URL query string (`Request.from_query`,
`Request.to_query`), the stable scheme documented on the open-data page oppna-data/avrop-lankar/.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode

from urval.model.ranking import Ranked, rank
from urval.model.types import Catalogue, Period, PriceList, Sanction, Supplier, Unit

Kind = Literal["need", "wish"]
KINDS: tuple[Kind, ...] = ("need", "wish")
ReasonCode = Literal["terminated", "stopped", "not_admitted", "no_price", "need"]

# The sanctions that can keep a supplier out, by kind, with the reason code they give, in the
# order reasons are reported. Which start dates each one blocks is the model's decision
# (`Sanction.call_off_block`).
BLOCKING_REASONS: Mapping[str, ReasonCode] = {"termination": "terminated", "call_off_stop": "stopped"}
# The dimension whose values are met by the price list in force (an add-on is met when priced).
PRICED_DIMENSION = "addon"
# The dimension of län: the values of one kind form one criterion, met by any of them.
REGION_DIMENSION = "region"
# What every framework has: län and add-ons. The others are the criteria a framework declares.
CORE_DIMENSIONS = (REGION_DIMENSION, PRICED_DIMENSION)


@dataclass(frozen=True)
class Dimension:
    """A dimension of needs and wishes in the URL: its key, its parameter, and whether the values
    of one kind form a single criterion met by any of them (län) or one criterion each."""

    key: str
    param: str
    grouped: bool = False


@dataclass(frozen=True)
class Scheme:
    """The page's URL scheme. Stable: links in case files depend on it. Values are the
    catalogue's own codes and slugs. Built from data (`Scheme.from_data`), never written here."""

    area: str
    mode: str
    start: str
    compare: str
    kind_words: tuple[tuple[Kind, str], ...]  # (kind, the word in the URL)
    dimensions: tuple[Dimension, ...]  # in the order the page lists and writes them

    @classmethod
    def from_data(cls, data: Mapping[str, Any], declared: Iterable[tuple[str, str]] = ()) -> Scheme:
        """Read `{params: {area, mode, start, compare}, kinds: {need, wish}, dimensions: {key:
        {param, grouped?}}}`, whose dimensions include the core ones (län, add-ons); the
        framework's declared criteria, as (name, URL parameter), stand between län and add-ons
        unless `dimensions` names them itself. A ValueError names what is missing or used twice."""
        params, kinds, given = data["params"], data["kinds"], data["dimensions"]
        if set(params) != {"area", "mode", "start", "compare"} or set(kinds) != set(KINDS):
            raise ValueError(f"call-off scheme: params {sorted(params)} or kinds {sorted(kinds)} incomplete")
        missing = [key for key in CORE_DIMENSIONS if key not in given]
        if missing:
            raise ValueError(f"call-off scheme: the core dimensions {missing} are missing")
        others = {key: spec for key, spec in given.items() if key not in CORE_DIMENSIONS}
        dimensions = {
            REGION_DIMENSION: given[REGION_DIMENSION],
            **others,
            **{name: {"param": param} for name, param in declared if name not in others},
            PRICED_DIMENSION: given[PRICED_DIMENSION],
        }
        scheme = cls(
            area=str(params["area"]),
            mode=str(params["mode"]),
            start=str(params["start"]),
            compare=str(params["compare"]),
            kind_words=tuple((kind, str(kinds[kind])) for kind in KINDS),
            dimensions=tuple(
                Dimension(key, str(spec["param"]), bool(spec.get("grouped", False))) for key, spec in dimensions.items()
            ),
        )
        names = [scheme.area, scheme.mode, scheme.start, scheme.compare, *(d.param for d in scheme.dimensions)]
        words = [word for _kind, word in scheme.kind_words]
        if len(set(names)) != len(names) or len(set(words)) != len(words) or not all([*names, *words]):
            raise ValueError(f"call-off scheme: parameter names {names} and kind words {words} must differ")
        return scheme

    def word(self, kind: Kind) -> str:
        return dict(self.kind_words)[kind]

    def to_data(self) -> dict[str, Any]:
        """The scheme as the page reads it (`data/avrop.json`): dimensions as a list, in order."""
        return {
            "params": {"area": self.area, "mode": self.mode, "start": self.start, "compare": self.compare},
            "kinds": dict(self.kind_words),
            "dimensions": [
                {"key": d.key, "param": d.param, "grouped": d.grouped, "priced": d.key == PRICED_DIMENSION}
                for d in self.dimensions
            ],
        }


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
    def from_query(cls, query: str, scheme: Scheme) -> Request:
        """Read the page's query string, e.g. `omrade=A&start=2025-06-01&lan=behov:uppsala,stockholm`.

        A value marked both as a need and as a wish is a need; parameters and values the scheme
        does not know are ignored."""
        params = parse_qsl(query.lstrip("?"), keep_blank_values=True)
        single = dict(reversed(params))  # the first of a repeated parameter counts
        by_param = {d.param: d.key for d in scheme.dimensions}
        kinds = {word: kind for kind, word in scheme.kind_words}
        need_word = scheme.word("need")
        marks: list[tuple[str, str, Kind]] = []
        seen: set[tuple[str, str]] = set()
        for name, value in sorted(params, key=lambda pair: pair[1].split(":", 1)[0] != need_word):
            dimension = by_param.get(name)
            word, _, listed = value.partition(":")
            if dimension is None or word not in kinds:
                continue
            for item in filter(None, listed.split(",")):
                if (dimension, item) not in seen:
                    seen.add((dimension, item))
                    marks.append((dimension, item, kinds[word]))
        return cls(
            area=single.get(scheme.area, ""),
            start=dt.date.fromisoformat(single[scheme.start]),
            mode=single.get(scheme.mode) or None,
            marks=tuple(marks),
            compare=tuple(filter(None, single.get(scheme.compare, "").split(","))),
        )

    def to_query(self, scheme: Scheme) -> str:
        """The canonical query string: area, mode, start, then each dimension's needs and wishes."""
        params: list[tuple[str, str]] = [(scheme.area, self.area)]
        if self.mode:
            params.append((scheme.mode, self.mode))
        params.append((scheme.start, self.start.isoformat()))
        for dimension in scheme.dimensions:
            for kind, word in scheme.kind_words:
                values = [v for d, v, k in self.marks if d == dimension.key and k == kind]
                if values:
                    params.append((dimension.param, f"{word}:{','.join(values)}"))
        if self.compare:
            params.append((scheme.compare, ",".join(self.compare)))
        return urlencode(params, safe=":,")

    def criteria(self, kind: Kind, vocabulary: Mapping[str, tuple[str, ...]], scheme: Scheme) -> tuple[Criterion, ...]:
        """The needs or the wishes, in the scheme's order of dimensions and each vocabulary's
        order; values the catalogue does not know are dropped (the page cannot show them either)."""
        found: list[Criterion] = []
        for dimension in scheme.dimensions:
            marked = {v for d, v, k in self.marks if d == dimension.key and k == kind}
            values = tuple(v for v in vocabulary.get(dimension.key, ()) if v in marked)
            if not values:
                continue
            if dimension.grouped:
                found.append(Criterion(dimension.key, kind, values))
            else:
                found += [Criterion(dimension.key, kind, (value,)) for value in values]
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


def vocabulary_entries(catalogue: Catalogue) -> dict[str, tuple[tuple[str, str], ...]]:
    """Every dimension's known values with their Swedish names, in the order the page lists them:
    län, the criteria the framework declares, add-ons."""
    return {
        REGION_DIMENSION: tuple((r.slug, r.name) for r in catalogue.regions),
        **{c.name: tuple((entry.code, entry.name) for entry in c.values) for c in catalogue.criteria},
        PRICED_DIMENSION: tuple((a.code, a.name) for a in catalogue.framework.addons),
    }


def vocabulary(catalogue: Catalogue) -> dict[str, tuple[str, ...]]:
    """Every dimension's known values, in the order the page lists them."""
    return {key: tuple(code for code, _name in entries) for key, entries in vocabulary_entries(catalogue).items()}


def held(supplier: Supplier, dimension: str) -> tuple[str, ...]:
    """The values of `dimension` the supplier states it has: its län, or the codes that hold for
    a criterion the framework declares; not for the priced dimension (an add-on is met by the
    price list in force on the start date, see `meets`)."""
    if dimension == REGION_DIMENSION:
        return tuple(r.slug for r in supplier.regions)
    return tuple(
        code
        for stated in supplier.facts
        if stated.fact.criterion and stated.fact.criterion.name == dimension
        for code in stated.codes
    )


_SWEDISH_LAST = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"})


def name_key(name: str) -> str:
    """Alphabetical order as Swedish readers expect it (å, ä, ö after z); the browser uses the same key."""
    return name.lower().translate(_SWEDISH_LAST)


@dataclass(frozen=True)
class Block:
    """A sanction that keeps the supplier out for the start dates in `period` (first and last
    included, None open), with the reason code it gives."""

    code: ReasonCode
    sanction: Sanction
    period: Period


def blocks(supplier: Supplier) -> tuple[Block, ...]:
    """The supplier's blocking sanctions, in the order of `BLOCKING_REASONS`, newest first
    within a reason. For a start date, the first block of each reason whose period holds it
    is the one reported."""
    found: list[Block] = []
    for kind, code in BLOCKING_REASONS.items():
        for sanction in supplier.sanctions:  # newest first
            period = sanction.call_off_block
            if sanction.kind == kind and period is not None:
                found.append(Block(code, sanction, period))
    return tuple(found)


def blocking(supplier: Supplier, day: dt.date, kind: str) -> Sanction | None:
    """The newest decision of `kind` that keeps a placement starting on `day` from being called off."""
    return next((s for s in supplier.sanctions if s.kind == kind and s.blocks_call_off_on(day)), None)


def meets(supplier: Supplier, criterion: Criterion, prices: PriceList | None) -> bool:
    """Whether the supplier meets one criterion (any of its values, for a grouped one)."""
    if criterion.dimension == PRICED_DIMENSION:
        return prices is not None and any(prices.for_addon(value) is not None for value in criterion.values)
    return any(value in held(supplier, criterion.dimension) for value in criterion.values)


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
    for block in blocks(supplier):
        if block.sanction.blocks_call_off_on(request.start) and all(r.code != block.code for r in reasons):
            reasons.append(Reason(block.code, sanction=block.sanction))
    prices = supplier.price_list_on(request.start)
    if not any(a.code == area_code for a in supplier.areas):
        reasons.append(Reason("not_admitted"))
    elif _area_amount(prices, area_code, mode) is None:
        reasons.append(Reason("no_price"))
    reasons += [Reason("need", criterion=c) for c in needs if not meets(supplier, c, prices)]
    return reasons, prices


def call_off(catalogue: Catalogue, request: Request, scheme: Scheme) -> Result:
    """Rank the catalogue's suppliers for `request` by the call-off rule (see the module docstring)."""
    area = next((a for a in catalogue.framework.areas if a.code == request.area), None)
    if area is None:
        raise ValueError(f"unknown area {request.area!r}")
    modes = [m.code for m in area.modes]
    mode = (request.mode if request.mode in modes else modes[0]) if modes else None
    words = vocabulary(catalogue)
    needs, wishes = request.criteria("need", words, scheme), request.criteria("wish", words, scheme)
    wanted = {value for c in (*needs, *wishes) if c.dimension == PRICED_DIMENSION for value in c.values}
    wanted_in_order = [code for code in words[PRICED_DIMENSION] if code in wanted]
    candidates: list[Candidate] = []
    left_out: list[LeftOut] = []
    for supplier in catalogue.suppliers:
        reasons, prices = _reasons(supplier, area.code, request, mode, needs)
        if reasons or prices is None:
            left_out.append(LeftOut(supplier, tuple(reasons)))
            continue
        lines = _price_lines(prices, area.code, area.unit, mode, wanted_in_order)
        met = tuple(c for c in wishes if meets(supplier, c, prices))
        candidates.append(Candidate(supplier, met, tuple(lines), sum(line.amount for line in lines if line.in_total)))
    left_out.sort(key=lambda item: (name_key(item.supplier.name), item.supplier.id))
    ranked = rank(candidates, key=lambda c: c.key, name=lambda c: name_key(c.supplier.name))
    return Result(request, mode, needs, wishes, ranked, left_out)
