"""The ranking page's data, `data/avrop.json`: what /avrop/ reads and nothing else, compact.

`data/utforare.json` stays the complete open-data file; this one is for `docs/assets/avrop.js`
only, shaped for size (columns, indices into vocabularies, price changes instead of repeated
prices) and carrying the decisions the page must not make itself:

- `scheme`: the URL scheme (`call_off` in `site_templates/site.yaml`, via `call_off_scheme`):
  `params` {area, mode, start, compare}, `kinds` {need, wish} and `dimensions`, a list in order
  of {key, param, grouped, priced} (`priced`: met by the price list in force, the add-ons);
- `period` {start, end} of the framework, `areas` [{code, name, short_name, unit, modes}];
- `vocabularies`: per dimension, [code, name] pairs in the page's order ([code, name, unit]
  for the priced dimension);
- `price_slots`: every price a list can hold, [`area`, code] or [`area`, code, mode] for an
  area priced per mode, then [`addon`, code];
- `sanction_kinds`: [kind, Swedish label] pairs; `days`: every date the suppliers' entries
  name, ascending (entries hold indices into it);
- `suppliers`: one column per field, each a list in the catalogue's order (by name):
  - `id`, `name`, `org_number`, `follow_ups` (how many);
  - `areas`: indices into `areas`; `held`: per non-priced dimension of the scheme, indices
    into its vocabulary (accessibility and certifications: the features the supplier has);
  - `price_periods`: per price list, oldest first, the days it is in force
    (`Supplier.price_periods`), [first, last], both included, indices into `days`; last is null
    while no newer list follows;
  - `prices`: one column per slot of `price_slots`, in its order, holding per supplier one entry
    per price list (in the order of its `price_periods`), or [] when none of its lists prices the
    slot. An entry is null where the list prices nothing there; the change from the previous
    list's amount where that list prices the slot too; else the amount in kronor. (A column per
    slot keeps like amounts and their changes together, which compresses well.)
  - `blocks`: the sanctions that keep it out (`calloff.blocks`), each [reason code, first,
    last, date, reason]: the start dates blocked (both included, null an open end, so a
    termination on record is [code, null, null, …]), the decision's date and its reason text.
    For a start date, the first block of each reason code that holds it is reported;
  - `sanctions`: every sanction on record, newest first, [index into `sanction_kinds`, date].
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from urval.model.calloff import PRICED_DIMENSION, Scheme, blocks, held, vocabulary_entries
from urval.model.types import Area, Catalogue, Period, PriceList, Supplier
from urval.site.render import TEMPLATES, site_words

FORMAT = 1
FILE_NAME = "avrop.json"

Slot = tuple[str, ...]  # ("area", code), ("area", code, mode) or ("addon", code)


def call_off_scheme(catalogue: Catalogue, templates: Path = TEMPLATES) -> Scheme:
    """The page's URL scheme: the `call_off` section of `site.yaml`, with the criteria the
    catalogue's framework declares."""
    declared = ((c.name, c.criterion.param) for c in catalogue.criteria)
    return Scheme.from_data(site_words(templates)["call_off"], declared)


def _slots(catalogue: Catalogue) -> list[Slot]:
    slots: list[Slot] = []
    for area in catalogue.framework.areas:
        slots += [("area", area.code, mode.code) for mode in area.modes] if area.modes else [("area", area.code)]
    return slots + [("addon", addon.code) for addon in catalogue.framework.addons]


def _amount(price_list: PriceList, slot: Slot) -> int | None:
    if slot[0] == "addon":
        addon = price_list.for_addon(slot[1])
        return addon.amount if addon else None
    price = price_list.for_area(slot[1])
    if price is None:
        return None
    if len(slot) == 2:
        return price.amount
    return next((amount for mode, amount in price.by_mode if mode.code == slot[2]), None)


class _Days:
    """Dates as indices into one ascending list, assigned after every entry is known."""

    def __init__(self) -> None:
        self._seen: set[dt.date] = set()

    def note(self, *days: dt.date | None) -> None:
        self._seen.update(day for day in days if day is not None)

    def table(self) -> tuple[list[str], dict[dt.date, int]]:
        ordered = sorted(self._seen)
        return [day.isoformat() for day in ordered], {day: index for index, day in enumerate(ordered)}


@dataclass(frozen=True)
class _Prices:
    periods: list[Period]  # per price list, oldest first, the days it is in force
    by_slot: list[list[int | None]]  # per slot, one entry per price list (see the module docstring)


def _prices(supplier: Supplier, slots: list[Slot]) -> _Prices:
    periods = supplier.price_periods()
    by_slot: list[list[int | None]] = []
    for slot in slots:
        amounts = [_amount(price_list, slot) for price_list, _period in periods]
        if all(amount is None for amount in amounts):
            by_slot.append([])
            continue
        previous = [None, *amounts[:-1]]
        by_slot.append([a if a is None or b is None else a - b for a, b in zip(amounts, previous, strict=True)])
    return _Prices([period for _list, period in periods], by_slot)


def _period(period: Period, index: dict[dt.date, int]) -> list[int | None]:
    return [None if day is None else index[day] for day in period]


def area_data(area: Area) -> dict[str, Any]:
    """A contract area as open data and the ranking page read it."""
    return {
        "code": area.code,
        "name": area.name,
        "short_name": area.short_name,
        "unit": area.unit,
        "modes": [{"code": m.code, "name": m.name} for m in area.modes],
    }


def avrop_data(catalogue: Catalogue, built: dt.datetime, templates: Path = TEMPLATES) -> dict[str, Any]:
    """The content of `data/avrop.json` (see the module docstring)."""
    words = site_words(templates)
    scheme = call_off_scheme(catalogue, templates)
    framework = catalogue.framework
    entries = vocabulary_entries(catalogue)
    units = {addon.code: addon.unit for addon in framework.addons}
    slots = _slots(catalogue)
    area_index = {area.code: i for i, area in enumerate(framework.areas)}
    kinds = list(words["sanction_kinds"].items())
    kind_index = {kind: i for i, (kind, _label) in enumerate(kinds)}
    held_dimensions = [d.key for d in scheme.dimensions if d.key != PRICED_DIMENSION]
    value_index = {key: {code: i for i, (code, _name) in enumerate(entries[key])} for key in held_dimensions}

    days = _Days()
    suppliers = catalogue.suppliers
    prices = [_prices(s, slots) for s in suppliers]
    for columns in prices:
        for period in columns.periods:
            days.note(*period)
    supplier_blocks = [blocks(s) for s in suppliers]
    for found in supplier_blocks:
        for block in found:
            days.note(*block.period, block.sanction.date)
    for supplier in suppliers:
        days.note(*(s.date for s in supplier.sanctions))
    day_list, day_index = days.table()

    def indices(values: Iterable[str], index: dict[str, int]) -> list[int]:
        return [index[value] for value in values]

    return {
        "format": FORMAT,
        "as_of": catalogue.as_of.isoformat(),
        "built": built.isoformat(timespec="seconds"),
        "version": catalogue.version or None,
        "period": {"start": framework.start.isoformat(), "end": framework.end.isoformat()},
        "scheme": scheme.to_data(),
        "areas": [area_data(area) for area in framework.areas],
        "vocabularies": {
            d.key: [
                [code, name, units[code]] if d.key == PRICED_DIMENSION else [code, name]
                for code, name in entries[d.key]
            ]
            for d in scheme.dimensions
        },
        "price_slots": [list(slot) for slot in slots],
        "sanction_kinds": [[kind, label] for kind, label in kinds],
        "days": day_list,
        "suppliers": {
            "id": [s.id for s in suppliers],
            "name": [s.name for s in suppliers],
            "org_number": [s.org_number for s in suppliers],
            "follow_ups": [len(s.follow_ups) for s in suppliers],
            "areas": [indices((a.code for a in s.areas), area_index) for s in suppliers],
            "held": {key: [indices(held(s, key), value_index[key]) for s in suppliers] for key in held_dimensions},
            "price_periods": [[_period(period, day_index) for period in c.periods] for c in prices],
            "prices": [[c.by_slot[i] for c in prices] for i in range(len(slots))],
            "blocks": [
                [
                    [
                        block.code,
                        *_period(block.period, day_index),
                        day_index[block.sanction.date],
                        block.sanction.reason,
                    ]
                    for block in found
                ]
                for found in supplier_blocks
            ],
            "sanctions": [[[kind_index[x.kind], day_index[x.date]] for x in s.sanctions] for s in suppliers],
        },
    }


def write_avrop_data(catalogue: Catalogue, folder: Path, built: dt.datetime, templates: Path = TEMPLATES) -> None:
    """Write `data/avrop.json` into `folder` (the open-data folder)."""
    data = avrop_data(catalogue, built, templates)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    (folder / FILE_NAME).write_text(text, encoding="utf-8")
