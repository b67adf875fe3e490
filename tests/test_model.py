"""The model decides everything that depends on the date: prices in force, sanctions, status."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.site_support import model_of
from urval.model.types import Catalogue, Supplier


def supplier(catalogue: Catalogue, supplier_id: str) -> Supplier:
    return catalogue.supplier_by_id[supplier_id]


def write(catalog: Path, relative: str, text: str) -> None:
    (catalog / relative).write_text(text, encoding="utf-8")


def test_price_list_in_force_and_next(catalog: Path) -> None:
    before = supplier(model_of(catalog, dt.date(2024, 11, 30)), "solbacken-familjevard")
    on_day = supplier(model_of(catalog, dt.date(2024, 12, 1)), "solbacken-familjevard")
    assert before.current_prices and before.current_prices.valid_from == dt.date(2023, 12, 1)
    assert before.next_prices and before.next_prices.valid_from == dt.date(2024, 12, 1)
    assert on_day.current_prices and on_day.current_prices.valid_from == dt.date(2024, 12, 1)
    assert on_day.next_prices is None


def test_no_price_list_before_the_first(catalog: Path) -> None:
    early = supplier(model_of(catalog, dt.date(2021, 1, 1)), "solbacken-familjevard")
    assert early.current_prices is None
    assert early.next_prices and early.next_prices.valid_from == dt.date(2021, 9, 15)


def test_call_off_stop_in_force_ended_and_termination(catalog: Path) -> None:
    write(
        catalog,
        "sanctions/2025-07-test.yaml",
        (
            "supplier: solbacken-familjevard\ndate: 2025-07-01\nkind: call_off_stop\nuntil: 2025-07-31\n"
            "reason: Testbeslut om avropsstopp under juli.\n"
        ),
    )
    write(
        catalog,
        "sanctions/2025-08-test.yaml",
        (
            "supplier: solbacken-familjevard\ndate: 2025-08-15\nkind: termination\n"
            "reason: Testbeslut om hävning av avtalet.\n"
        ),
    )
    statuses = {
        day: supplier(model_of(catalog, dt.date.fromisoformat(day)), "solbacken-familjevard").status
        for day in ("2025-06-30", "2025-07-01", "2025-07-31", "2025-08-01", "2025-08-15", "2026-01-01")
    }
    assert statuses == {
        "2025-06-30": "available",
        "2025-07-01": "stopped",
        "2025-07-31": "stopped",
        "2025-08-01": "available",
        "2025-08-15": "terminated",
        "2026-01-01": "terminated",
    }


def test_framework_status(catalog: Path) -> None:
    assert model_of(catalog, dt.date(2021, 9, 14)).framework_status == "not_started"
    assert model_of(catalog, dt.date(2021, 9, 15)).framework_status == "in_force"
    assert model_of(catalog, dt.date(2025, 9, 14)).framework_status == "in_force"
    assert model_of(catalog, dt.date(2025, 9, 15)).framework_status == "ended"


def test_folded_text_is_trimmed(catalog: Path) -> None:
    model = model_of(catalog)
    assert all(not s.description.endswith("\n") for s in model.suppliers)


def test_a_build_as_of_a_date_leaves_out_what_is_dated_after_it(catalog: Path) -> None:
    as_of = dt.date(2025, 6, 1)
    write(
        catalog,
        "sanctions/2025-07-later.yaml",
        "supplier: solbacken-familjevard\ndate: 2025-07-01\nkind: termination\nreason: Hävt efter utredning.\n",
    )
    catalogue = model_of(catalog, as_of)
    dated = [f.date for f in catalogue.follow_ups] + [s.date for s in catalogue.sanctions]
    dated += [n.date for n in catalogue.news]
    dated += [n.date for s in catalogue.suppliers for n in s.sanctions]
    dated += [n.date for s in catalogue.suppliers for n in s.follow_ups]
    assert dated and max(dated) <= as_of
    assert supplier(catalogue, "solbacken-familjevard").status == "available"
    later = model_of(catalog, dt.date(2025, 7, 1))
    assert supplier(later, "solbacken-familjevard").status == "terminated"
    assert any(f.date > as_of for f in later.follow_ups)
