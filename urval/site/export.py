"""Open data beside the pages: `data/utforare.json`, `data/utforare.csv`, `data/priser.csv`.

JSON keys are the contract's (English, stable); CSV headers are Swedish and come from
`site_templates/data/columns.yaml`. Cells that a spreadsheet would run as a formula are
neutralised, since every value came from a file someone outside wrote.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from urval.model.types import AreaPrice, Catalogue, Permit, PriceList, Stated, Supplier
from urval.site.avrop_data import FILE_NAME as AVROP_FILE
from urval.site.avrop_data import area_data, write_avrop_data
from urval.site.render import TEMPLATES

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?[0-9][0-9 ()-]*$")  # phone numbers and amounts are data, not formulas


def safe_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def _area_price_json(price: AreaPrice) -> int | dict[str, int]:
    return price.amount if price.amount is not None else {mode.code: amount for mode, amount in price.by_mode}


def _price_list_json(price_list: PriceList) -> dict[str, Any]:
    return {
        "valid_from": price_list.valid_from.isoformat(),
        "areas": {p.area.code: _area_price_json(p) for p in price_list.areas},
        "addons": {p.addon.code: p.amount for p in price_list.addons},
    }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def fact_json(stated: Stated) -> Any:
    """A declared fact's value under its own key: codes as a list, flags as {code: yes/no},
    a permit as {reference, granted}, a group as {part: value}; null when not stated."""
    if stated.kind == "codes":
        return [entry.code for entry in stated.entries]
    if stated.kind == "flags":
        return {entry.code: on for entry, on in stated.flags}
    if stated.kind == "group":
        return {part.fact.key: fact_json(part) for part in stated.parts}
    if isinstance(stated.value, Permit):
        return {"reference": stated.value.reference, "granted": stated.value.granted.isoformat()}
    return stated.value


def fact_cells(stated: Stated) -> Iterator[tuple[str, Any]]:
    """A declared fact's CSV cells, (column, value), for the facts (and parts) that name a column."""
    if stated.kind == "group":
        for part in stated.parts:
            yield from fact_cells(part)
        return
    if not stated.fact.column:
        return
    if stated.kind in ("codes", "flags"):
        yield stated.fact.column, ";".join(stated.codes)
    elif isinstance(stated.value, Permit):
        yield stated.fact.column, f"{stated.value.reference} {stated.value.granted.isoformat()}"
    else:
        yield stated.fact.column, stated.value


def supplier_json(supplier: Supplier) -> dict[str, Any]:
    return {
        "id": supplier.id,
        "name": supplier.name,
        "org_number": supplier.org_number,
        "status": supplier.status,
        "status_reason": supplier.blocking_sanction.reason if supplier.blocking_sanction else None,
        "website": supplier.website or None,
        "contact": {"email": supplier.email, "phone": supplier.phone, "city": supplier.city or None},
        "description": supplier.description,
        "areas": [a.code for a in supplier.areas],
        "regions": [r.slug for r in supplier.regions],
        "municipalities": list(supplier.municipalities),
        **{stated.fact.key: fact_json(stated) for stated in supplier.facts},
        "prices": [_price_list_json(p) for p in supplier.price_lists],
        "prices_in_force_from": _iso(supplier.current_prices.valid_from if supplier.current_prices else None),
        "next_prices_from": _iso(supplier.next_prices.valid_from if supplier.next_prices else None),
        "follow_ups": [
            {"date": f.date.isoformat(), "kind": f.kind, "outcome": f.outcome, "summary": f.summary, "report": f.report}
            for f in supplier.follow_ups
        ],
        "sanctions": [
            {"date": s.date.isoformat(), "kind": s.kind, "until": _iso(s.until), "reason": s.reason}
            for s in supplier.sanctions
        ],
        "last_changed": _iso(supplier.last_changed),
    }


def catalogue_json(catalogue: Catalogue, built: dt.datetime) -> dict[str, Any]:
    framework = catalogue.framework
    return {
        "as_of": catalogue.as_of.isoformat(),
        "built": built.isoformat(timespec="seconds"),
        "version": catalogue.version or None,
        "framework": {
            "name": framework.name,
            "organisation": framework.organisation,
            "period": {"start": framework.start.isoformat(), "end": framework.end.isoformat()},
            "status": catalogue.framework_status,
            "price_change_dates": [d.isoformat() for d in framework.price_change_dates],
            "areas": [area_data(area) for area in framework.areas],
            "addons": [{"code": a.code, "name": a.name, "unit": a.unit} for a in framework.addons],
        },
        "reference": {
            "regions": [{"slug": r.slug, "name": r.name, "scb_code": r.scb_code} for r in catalogue.regions],
            **{
                v.name: [{v.code: e.code, "name": e.name} for e in catalogue.vocabularies[v.name]]
                for v in catalogue.declaration.vocabularies
            },
        },
        "suppliers": [supplier_json(s) for s in catalogue.suppliers],
    }


def _supplier_row(supplier: Supplier) -> dict[str, Any]:
    return {
        "id": supplier.id,
        "name": supplier.name,
        "org_number": supplier.org_number,
        "status": supplier.status,
        "status_reason": supplier.blocking_sanction.reason if supplier.blocking_sanction else "",
        "areas": ";".join(a.code for a in supplier.areas),
        "regions": ";".join(r.slug for r in supplier.regions),
        **dict(cell for stated in supplier.facts for cell in fact_cells(stated)),
        "city": supplier.city,
        "email": supplier.email,
        "phone": supplier.phone,
        "website": supplier.website,
        "prices_valid_from": _iso(supplier.current_prices.valid_from if supplier.current_prices else None),
        "last_changed": _iso(supplier.last_changed),
    }


def _price_rows(supplier: Supplier) -> Iterator[dict[str, Any]]:
    for price_list in supplier.price_lists:
        common = {
            "supplier_id": supplier.id,
            "supplier_name": supplier.name,
            "valid_from": price_list.valid_from.isoformat(),
        }
        for p in price_list.areas:
            pairs = [("", p.amount)] if p.amount is not None else [(m.code, a) for m, a in p.by_mode]
            for mode, amount in pairs:
                yield {
                    **common,
                    "kind": "area",
                    "code": p.area.code,
                    "name": p.area.name,
                    "mode": mode,
                    "unit": p.area.unit,
                    "price": amount,
                }
        for a in price_list.addons:
            yield {
                **common,
                "kind": "addon",
                "code": a.addon.code,
                "name": a.addon.name,
                "mode": "",
                "unit": a.addon.unit,
                "price": a.amount,
            }


def supplier_columns(catalogue: Catalogue, columns: dict[str, Any]) -> dict[str, str]:
    """The supplier CSV's columns: the core's before and after the declared facts' own."""
    declared = {
        cell: cell
        for fact in catalogue.declaration.facts
        for cell in ([p.column for p in fact.parts] if fact.kind == "group" else [fact.column])
        if cell
    }
    return {**columns["before_facts"], **declared, **columns["after_facts"]}


def _csv(columns: dict[str, str], rows: Iterator[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns.values())
    for row in rows:
        writer.writerow([safe_cell(row[key]) for key in columns])
    return "\ufeff" + buffer.getvalue()


SUPPLIERS_JSON, SUPPLIERS_CSV, PRICES_CSV = "utforare.json", "utforare.csv", "priser.csv"
FILES = (SUPPLIERS_JSON, SUPPLIERS_CSV, PRICES_CSV, AVROP_FILE)  # every file of the open data folder


def write_open_data(catalogue: Catalogue, folder: Path, built: dt.datetime, templates: Path = TEMPLATES) -> None:
    """The open data (`FILES`) into `folder`."""
    columns = yaml.safe_load((templates / "data" / "columns.yaml").read_text(encoding="utf-8"))
    folder.mkdir(parents=True, exist_ok=True)
    data = catalogue_json(catalogue, built)
    (folder / SUPPLIERS_JSON).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
    suppliers = catalogue.suppliers
    supplier_csv = _csv(supplier_columns(catalogue, columns["utforare"]), (_supplier_row(s) for s in suppliers))
    (folder / SUPPLIERS_CSV).write_text(supplier_csv, "utf-8")
    prices = (row for s in suppliers for row in _price_rows(s))
    (folder / PRICES_CSV).write_text(_csv(columns["priser"], prices), "utf-8")
    write_avrop_data(catalogue, folder, built, templates)  # the ranking page's own, compact data
