"""The reviewer's summary of a pull request: which suppliers and files changed, which fields, and
every price that changes, old → new, against the price list in force before the new one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from urval.catalog import layout
from urval.messages import say
from urval.pr.review import ChangedFile, Review, mapping, price_lists

# A price as written: a number, or whatever else a file holds there (`check` refuses anything but
# a whole number of kronor; the summary still reports the value as it is, never as removed).
Price = int | float | str


@dataclass(frozen=True)
class PriceLine:
    """One priced item (area, area and mode, or add-on); None where it has no price."""

    item: str
    old: Price | None
    new: Price | None


@dataclass(frozen=True)
class PriceListChange:
    """A new price list compared with the list before it, or an edited list with its old self."""

    valid_from: str
    previous: str | None  # the list a new list is compared with; None for a first or an edited list
    lines: tuple[PriceLine, ...]
    edited: bool = False
    dropped_addons: tuple[str, ...] = ()  # add-ons the list it is compared with offers and it does not


@dataclass(frozen=True)
class FileChange:
    display: str
    kind: str
    old_display: str | None


@dataclass(frozen=True)
class NameChange:
    """A supplier's `name` changed: the identity social workers know it by."""

    display: str
    old: str
    new: str


@dataclass(frozen=True)
class SupplierChange:
    name: str
    file: FileChange
    renamed: NameChange | None
    fields: tuple[tuple[str, str], ...]  # (key, Swedish title) of every changed top-level field
    prices: tuple[PriceListChange, ...]


@dataclass(frozen=True)
class Summary:
    author: str
    by_adda: bool
    as_of: str
    suppliers: tuple[SupplierChange, ...]
    other: tuple[FileChange, ...]
    outside: tuple[str, ...]


def as_price(value: Any) -> Price | None:
    """A price as written: a number as it is (not a truth value), None for no value, anything else
    as its text. A price written `2.6e3` or `2330.0` is a change of value, not a removal."""
    if value is None or isinstance(value, dict | list):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return str(value)


def flat_prices(price_list: dict[str, Any], mode_names: dict[str, str]) -> dict[str, Price]:
    """Every price of a list by item: area codes, `area (mode)` for hourly modes, add-on codes."""
    items: dict[str, Price] = {}
    for code, value in sorted(mapping(price_list.get("areas")).items(), key=lambda item: str(item[0])):
        if isinstance(value, dict):
            for mode, price in value.items():
                if (written := as_price(price)) is not None:
                    items[say("pr_price_item_mode", area=code, mode=mode_names.get(mode, mode))] = written
        elif (written := as_price(value)) is not None:
            items[str(code)] = written
    for code, value in sorted(mapping(price_list.get("addons")).items(), key=lambda item: str(item[0])):
        if (written := as_price(value)) is not None:
            items[str(code)] = written
    return items


def _same(old: Price | None, new: Price | None) -> bool:
    """The same price: equal numbers (2330 and 2330.0), or equal values of one kind ("1" is not 1)."""
    if isinstance(old, int | float) and isinstance(new, int | float):
        return old == new
    return type(old) is type(new) and old == new


def _price_lines(before: dict[str, Price], after: dict[str, Price]) -> tuple[PriceLine, ...]:
    items = [*after, *(item for item in before if item not in after)]
    return tuple(
        PriceLine(item, before.get(item), after.get(item))
        for item in items
        if not _same(before.get(item), after.get(item))
    )


def dropped_addons(before: dict[str, Any], after: dict[str, Any]) -> tuple[str, ...]:
    """The add-ons `before` offers that `after` does not: a service the supplier stops offering."""
    kept = mapping(after.get("addons"))
    return tuple(str(code) for code in mapping(before.get("addons")) if code not in kept)


def price_changes(file: ChangedFile, mode_names: dict[str, str]) -> tuple[PriceListChange, ...]:
    """Every price list that is new (against the list before it) or edited (against its old self)."""
    if file.new is None:
        return ()
    old_lists = price_lists(file.old.data) if file.kind == "modified" and file.old else {}
    new_lists = price_lists(file.new.data)
    dates = sorted(new_lists)
    changes = []
    for position, date in enumerate(dates):
        after = flat_prices(new_lists[date][1], mode_names)
        if date in old_lists:
            if old_lists[date][1] != new_lists[date][1]:
                before = flat_prices(old_lists[date][1], mode_names)
                dropped = dropped_addons(old_lists[date][1], new_lists[date][1])
                lines = _price_lines(before, after)
                changes.append(PriceListChange(date, None, lines, edited=True, dropped_addons=dropped))
            continue
        previous = dates[position - 1] if position else None
        before = flat_prices(new_lists[previous][1], mode_names) if previous else {}
        dropped = dropped_addons(new_lists[previous][1], new_lists[date][1]) if previous else ()
        changes.append(PriceListChange(date, previous, _price_lines(before, after), dropped_addons=dropped))
    return tuple(changes)


def _changed_fields(review: Review, file: ChangedFile) -> tuple[tuple[str, str], ...]:
    if file.kind not in ("modified", "renamed") or file.old is None or file.new is None:
        return ()
    old, new = mapping(file.old.data), mapping(file.new.data)
    keys = [*new, *(key for key in old if key not in new)]
    changed = [str(key) for key in keys if old.get(key) != new.get(key)]
    has_schema = layout.SUPPLIER.schema in review.schemas.schemas
    return tuple((key, review.schemas.label(layout.SUPPLIER.schema, (key,)) if has_schema else key) for key in changed)


def _name(file: ChangedFile) -> str:
    for document in (file.new, file.old):
        name = mapping(document.data if document else None).get("name")
        if isinstance(name, str) and name.strip():
            return name
    return file.stem


def _renamed(file: ChangedFile) -> NameChange | None:
    if file.kind not in ("modified", "renamed") or file.old is None or file.new is None:
        return None
    old, new = mapping(file.old.data).get("name"), mapping(file.new.data).get("name")
    if old == new or old is None or new is None:
        return None
    return NameChange(file.display, str(old), str(new))


def _file_change(file: ChangedFile) -> FileChange:
    return FileChange(file.display, file.kind, file.old_display if file.kind == "renamed" else None)


def summarise(review: Review) -> Summary:
    suppliers = tuple(
        SupplierChange(
            name=_name(file),
            file=_file_change(file),
            renamed=_renamed(file),
            fields=_changed_fields(review, file),
            prices=price_changes(file, review.mode_names),
        )
        for file in review.suppliers()
    )
    other = tuple(_file_change(file) for file in review.files if file.area != "supplier")
    return Summary(review.author, review.by_adda, review.as_of, suppliers, other, review.outside)
