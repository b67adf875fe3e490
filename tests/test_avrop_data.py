"""The ranking page's data `data/avrop.json` (`urval/site/avrop_data.py`), read back as the page
reads it and compared with the model: the same suppliers, values, prices on every day, blocking
periods and sanctions; written beside the open data by the real writer; small at scale; and
`docs/assets/avrop.js` restates nothing that the data carries.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLE_CATALOG, REPO
from tests.site_support import model_of
from urval.catalog.synth import write_catalog
from urval.model.calloff import PRICED_DIMENSION, blocks, held, vocabulary_entries
from urval.model.types import Catalogue, PriceList, Supplier
from urval.site.avrop_data import FILE_NAME, call_off_scheme
from urval.site.export import write_open_data
from urval.site.render import site_words

BUILT = dt.datetime(2025, 6, 1, 8, 0, tzinfo=dt.UTC)
AVROP_JS = REPO / "docs" / "assets" / "avrop.js"


@cache
def example() -> Catalogue:
    return model_of(EXAMPLE_CATALOG)


def written(catalogue: Catalogue, folder: Path) -> dict[str, Any]:
    write_open_data(catalogue, folder, BUILT)
    data: dict[str, Any] = json.loads((folder / FILE_NAME).read_text("utf-8"))
    return data


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return written(example(), tmp_path_factory.mktemp("avrop-data"))


# --- a reader, as avrop.js reads the file ------------------------------------------------------


def decoded_prices(data: dict[str, Any], index: int) -> list[tuple[str, str | None, dict[tuple[str, ...], int]]]:
    """One supplier's price lists: (first day, last day, amount per slot)."""
    days, columns = data["days"], data["suppliers"]
    periods = columns["price_periods"][index]
    lists: list[tuple[str, str | None, dict[tuple[str, ...], int]]] = [
        (days[first], None if last is None else days[last], {}) for first, last in periods
    ]
    for slot, column in zip(data["price_slots"], columns["prices"], strict=True):
        entries = column[index] or [None] * len(periods)
        previous = None
        for (_first, _last, amounts), entry in zip(lists, entries, strict=True):
            amount = entry if entry is None or previous is None else previous + entry
            if amount is not None:
                amounts[tuple(slot)] = amount
            previous = amount
    return lists


def model_amounts(price_list: PriceList) -> dict[tuple[str, ...], int]:
    amounts: dict[tuple[str, ...], int] = {}
    for price in price_list.areas:
        if price.amount is not None:
            amounts[("area", price.area.code)] = price.amount
        for mode, amount in price.by_mode:
            amounts[("area", price.area.code, mode.code)] = amount
    for addon in price_list.addons:
        amounts[("addon", addon.addon.code)] = addon.amount
    return amounts


def in_force(lists: list[tuple[str, str | None, dict[tuple[str, ...], int]]], day: str) -> dict[tuple[str, ...], int]:
    """The amounts of the list whose period holds `day`: a membership test, no date rule."""
    found = [amounts for first, last, amounts in lists if first <= day and (last is None or day <= last)]
    assert len(found) <= 1
    return found[0] if found else {}


def test_the_file_is_written_beside_the_open_data_which_stays_complete(tmp_path: Path) -> None:
    written(example(), tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["avrop.json", "priser.csv", "utforare.csv", "utforare.json"]
    full = json.loads((tmp_path / "utforare.json").read_text("utf-8"))
    assert {"description", "contact", "prices", "sanctions", "follow_ups"} <= set(full["suppliers"][0])


def test_vocabularies_scheme_and_words_come_once(data: dict[str, Any]) -> None:
    scheme = call_off_scheme(example())
    assert data["scheme"] == scheme.to_data()
    assert [d["key"] for d in data["scheme"]["dimensions"]] == [d.key for d in scheme.dimensions]
    entries = vocabulary_entries(example())
    for key, values in data["vocabularies"].items():
        assert [tuple(v[:2]) for v in values] == list(entries[key])
    addons = {a.code: a.unit for a in example().framework.addons}
    assert all(unit == addons[code] for code, _name, unit in data["vocabularies"][PRICED_DIMENSION])
    assert data["sanction_kinds"] == [list(pair) for pair in site_words()["sanction_kinds"].items()]
    assert (data["as_of"], data["built"]) == ("2025-06-01", "2025-06-01T08:00:00+00:00")
    assert data["days"] == sorted(set(data["days"]))


def test_every_supplier_reads_back_as_the_model_has_it(data: dict[str, Any]) -> None:
    columns = data["suppliers"]
    suppliers: tuple[Supplier, ...] = example().suppliers
    assert columns["id"] == [s.id for s in suppliers]
    assert columns["name"] == [s.name for s in suppliers]
    assert columns["org_number"] == [s.org_number for s in suppliers]
    assert columns["follow_ups"] == [len(s.follow_ups) for s in suppliers]
    areas = [a["code"] for a in data["areas"]]
    kinds = [label for _kind, label in data["sanction_kinds"]]
    labels = site_words()["sanction_kinds"]
    for index, supplier in enumerate(suppliers):
        assert [areas[i] for i in columns["areas"][index]] == [a.code for a in supplier.areas]
        for key, lists in columns["held"].items():
            values = [data["vocabularies"][key][i][0] for i in lists[index]]
            assert values == list(held(supplier, key)), (supplier.id, key)
        sanctions = [(kinds[k], data["days"][d]) for k, d in columns["sanctions"][index]]
        assert sanctions == [(labels[s.kind], s.date.isoformat()) for s in supplier.sanctions]


def test_prices_read_back_on_every_day_past_and_future(data: dict[str, Any]) -> None:
    for index, supplier in enumerate(example().suppliers):
        lists = decoded_prices(data, index)
        assert len(lists) == len(supplier.price_lists)
        for n in range(5 * 366):
            day = dt.date(2021, 9, 1) + dt.timedelta(days=n)
            model = supplier.price_list_on(day)
            assert in_force(lists, day.isoformat()) == (model_amounts(model) if model else {}), (supplier.id, day)


def test_blocks_read_back_as_the_model_decided(data: dict[str, Any]) -> None:
    days = data["days"]
    seen = set()
    for index, supplier in enumerate(example().suppliers):
        decoded = [
            (code, None if first is None else days[first], None if last is None else days[last], days[date], reason)
            for code, first, last, date, reason in data["suppliers"]["blocks"][index]
        ]
        expected = [
            (
                b.code,
                b.period[0] and b.period[0].isoformat(),
                b.period[1] and b.period[1].isoformat(),
                b.sanction.date.isoformat(),
                b.sanction.reason,
            )
            for b in blocks(supplier)
        ]
        assert decoded == expected
        seen |= {code for code, *_rest in decoded}
    assert seen == {"terminated", "stopped"}


def test_the_data_stays_small_at_scale(tmp_path: Path) -> None:
    """A synthetic catalogue: the page's data is a fraction of the complete open-data file."""
    catalogue = model_of(write_catalog(tmp_path / "catalog", 400, seed=3, template=EXAMPLE_CATALOG))
    written(catalogue, tmp_path / "data")
    lean = gzip.compress((tmp_path / "data" / FILE_NAME).read_bytes(), 6)
    full = gzip.compress((tmp_path / "data" / "utforare.json").read_bytes(), 6)
    assert len(lean) < 0.45 * len(full), (len(lean), len(full))
    assert len(lean) / len(catalogue.suppliers) < 70, "bytes per supplier, gzip-compressed"


# --- avrop.js restates nothing the data carries ------------------------------------------------


def test_avrop_js_names_no_parameter_word_dimension_or_sanction_kind() -> None:
    source = AVROP_JS.read_text("utf-8")
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", source, flags=re.DOTALL)  # comments may explain
    literals = {a or b or c for a, b, c in re.findall(r'"([^"\n]*)"|\'([^\'\n]*)\'|`([^`\n]*)`', code)}
    scheme = call_off_scheme(example())
    words = {scheme.area, scheme.mode, scheme.compare, *(w for _k, w in scheme.kind_words)}
    words |= {d.param for d in scheme.dimensions} | {d.key for d in scheme.dimensions}
    words |= set(site_words()["sanction_kinds"]) | {"terminated", "stopped"}
    assert sorted(words & literals) == []
    assert "utforare.json" not in code
    for word in ("termination", "call_off_stop", "behov", "onskemal", "omrade", "jamfor"):
        assert word not in code, word
