"""The reviewer's summary of a pull request: which suppliers and files changed, which fields, and
every price that changes, old → new, against the price list in force before the new one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from urval.catalog import layout
from urval.messages import say
from urval.pr.review import ChangedFile, Review, mapping, price_lists


@dataclass(frozen=True)
class PriceLine:
    """One priced item (area, area and mode, or add-on); None where it has no price."""

    item: str
    old: int | None
    new: int | None


@dataclass(frozen=True)
class PriceListChange:
    """A new price list compared with the list before it, or an edited list with its old self."""

    valid_from: str
    previous: str | None  # the list a new list is compared with; None for a first or an edited list
    lines: tuple[PriceLine, ...]
    edited: bool = False


@dataclass(frozen=True)
class FileChange:
    display: str
    kind: str
    old_display: str | None


@dataclass(frozen=True)
class SupplierChange:
    name: str
    file: FileChange
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


def _is_price(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def flat_prices(price_list: dict[str, Any], mode_names: dict[str, str]) -> dict[str, int]:
    """Every price of a list by item: area codes, `area (mode)` for hourly modes, add-on codes."""
    items: dict[str, int] = {}
    for code, value in sorted(mapping(price_list.get("areas")).items()):
        if isinstance(value, dict):
            for mode, price in value.items():
                if _is_price(price):
                    items[say("pr_price_item_mode", area=code, mode=mode_names.get(mode, mode))] = price
        elif _is_price(value):
            items[str(code)] = value
    for code, value in sorted(mapping(price_list.get("addons")).items()):
        if _is_price(value):
            items[str(code)] = value
    return items


def _price_lines(before: dict[str, int], after: dict[str, int]) -> tuple[PriceLine, ...]:
    items = [*after, *(item for item in before if item not in after)]
    return tuple(
        PriceLine(item, before.get(item), after.get(item)) for item in items if before.get(item) != after.get(item)
    )


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
                changes.append(PriceListChange(date, None, _price_lines(before, after), edited=True))
            continue
        previous = dates[position - 1] if position else None
        before = flat_prices(new_lists[previous][1], mode_names) if previous else {}
        changes.append(PriceListChange(date, previous, _price_lines(before, after)))
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


def _file_change(file: ChangedFile) -> FileChange:
    return FileChange(file.display, file.kind, file.old_display if file.kind == "renamed" else None)


def summarise(review: Review) -> Summary:
    suppliers = tuple(
        SupplierChange(
            name=_name(file),
            file=_file_change(file),
            fields=_changed_fields(review, file),
            prices=price_changes(file, review.mode_names),
        )
        for file in review.suppliers()
    )
    other = tuple(_file_change(file) for file in review.files if file.area != "supplier")
    return Summary(review.author, review.by_adda, review.as_of, suppliers, other, review.outside)
