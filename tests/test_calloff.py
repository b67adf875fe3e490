"""The call-off rule in Python (`urval/calloff.py`) against the shared table of cases.

Each `tests/cases/ranking/<case>.yaml` is one case on the example catalogue, run here against
the Python rule and by `tests/browser/test_avrop.py` in Chromium against the page /avrop/:

- `about`: what the case shows;
- `query`: the page's query string (the scheme documented on the page, "Länka till urvalet");
- `ranked`: the complete result, in order, as `"<rank> <supplier id>"`, with `=` after the rank
  when the place is shared (`"11= lingonbackens-familjestod"`);
- `left_out` (optional): suppliers left out, each with its exact reasons: `terminated`,
  `stopped`, `not_admitted`, `no_price`, `need:<dimension>:<codes>`;
- `totals` (optional): a supplier's total price on the start date, in the area's unit;
- `wishes` (optional): how many wishes a supplier meets.

Every supplier not ranked must be left out; `left_out` need not list them all.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLE_CATALOG
from tests.site_support import model_of
from urval.model.calloff import Request, blocking, call_off, name_key
from urval.model.types import Catalogue

CASES_DIR = Path(__file__).parent / "cases" / "ranking"
_RANKED = re.compile(r"^(?P<rank>[0-9]+)(?P<tied>=?) (?P<id>[a-z0-9-]+)$")


@dataclass(frozen=True)
class Placed:
    rank: int
    tied: bool
    id: str


@dataclass(frozen=True)
class RankingCase:
    name: str
    about: str
    query: str
    ranked: tuple[Placed, ...]
    left_out: dict[str, list[str]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    wishes: dict[str, int] = field(default_factory=dict)


def _placed(text: str) -> Placed:
    match = _RANKED.match(text)
    assert match, f"a ranked entry reads '<rank>[=] <id>', not {text!r}"
    return Placed(int(match["rank"]), bool(match["tied"]), match["id"])


def load_case(path: Path) -> RankingCase:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    unknown = set(data) - {"about", "query", "ranked", "left_out", "totals", "wishes"}
    assert not unknown, f"{path.name}: unknown keys {sorted(unknown)}"
    return RankingCase(
        name=path.stem,
        about=" ".join(str(data["about"]).split()),
        query=data["query"],
        ranked=tuple(_placed(entry) for entry in data["ranked"]),
        left_out=data.get("left_out") or {},
        totals=data.get("totals") or {},
        wishes=data.get("wishes") or {},
    )


@cache
def ranking_cases() -> tuple[RankingCase, ...]:
    return tuple(load_case(path) for path in sorted(CASES_DIR.glob("*.yaml")))


def case_names() -> list[str]:
    return [case.name for case in ranking_cases()]


def case_named(name: str) -> RankingCase:
    return next(case for case in ranking_cases() if case.name == name)


@cache
def example() -> Catalogue:
    # As of any day: the rule reads dated price lists and sanctions, never the build's day.
    return model_of(EXAMPLE_CATALOG, dt.date(2025, 6, 1))


# --- the shared cases ------------------------------------------------------------------------


def test_the_table_has_the_cases_the_issue_asks_for() -> None:
    names = set(case_names())
    wanted = {"needs-exclude", "wishes-reorder", "price-breaks-ties", "tied", "stopped", "new-prices", "hourly-on-site"}
    assert wanted <= names


@pytest.mark.parametrize("name", case_names())
def test_case_is_well_formed(name: str) -> None:
    case = case_named(name)
    ids = {s.id for s in example().suppliers}
    named = {p.id for p in case.ranked} | set(case.left_out) | set(case.totals) | set(case.wishes)
    assert named <= ids, f"unknown suppliers: {sorted(named - ids)}"
    ranks = [p.rank for p in case.ranked]
    assert ranks == sorted(ranks) and ranks[:1] == [1]
    for placed in case.ranked:  # a shared place is shared by at least two
        assert placed.tied == (sum(1 for p in case.ranked if p.rank == placed.rank) > 1)


@pytest.mark.parametrize("name", case_names())
def test_python_rule_matches_the_case(name: str) -> None:
    case = case_named(name)
    result = call_off(example(), Request.from_query(case.query))
    actual = tuple(Placed(entry.rank, entry.tied, entry.item.supplier.id) for entry in result.ranked)
    assert actual == case.ranked
    reasons = {item.supplier.id: [r.token for r in item.reasons] for item in result.left_out}
    assert set(reasons) | {p.id for p in actual} == {s.id for s in example().suppliers}
    assert all(reasons.values()), "every supplier left out has a reason"
    assert {key: reasons.get(key) for key in case.left_out} == case.left_out
    candidates = {entry.item.supplier.id: entry.item for entry in result.ranked}
    assert {key: candidates[key].total for key in case.totals} == case.totals
    assert {key: len(candidates[key].wishes_met) for key in case.wishes} == case.wishes


# --- the parts of the rule -----------------------------------------------------------------


def _write(catalog: Path, relative: str, text: str) -> None:
    (catalog / relative).write_text(text, encoding="utf-8")


def test_call_off_stop_counts_on_the_start_date_with_both_ends_included(catalog: Path) -> None:
    _write(
        catalog,
        "sanctions/2025-07-test.yaml",
        "supplier: vindrosens-familjevard\ndate: 2025-07-01\nkind: call_off_stop\nuntil: 2025-07-31\n"
        "reason: Prövning av avropsstopp.\n",
    )
    on_record = model_of(catalog, dt.date(2025, 7, 1))  # a decision dated later is not yet on record
    supplier = on_record.supplier_by_id["vindrosens-familjevard"]
    assert blocking(supplier, dt.date(2025, 6, 30), "call_off_stop") is None
    assert blocking(supplier, dt.date(2025, 7, 1), "call_off_stop") is not None
    assert blocking(supplier, dt.date(2025, 7, 31), "call_off_stop") is not None
    assert blocking(supplier, dt.date(2025, 8, 1), "call_off_stop") is None
    result = call_off(on_record, Request.from_query("omrade=A&start=2025-07-15"))
    left = {item.supplier.id: [r.token for r in item.reasons] for item in result.left_out}
    assert left["vindrosens-familjevard"] == ["stopped"]
    assert "vindrosens-familjevard" not in {i.supplier.id for i in call_off(model_of(catalog), result.request).left_out}


def test_a_termination_excludes_whatever_the_start_date(catalog: Path) -> None:
    early = call_off(model_of(catalog), Request.from_query("omrade=A&start=2024-01-01"))
    assert "kvarnbackens-familjevard" not in {e.item.supplier.id for e in early.ranked}


def test_price_list_on_a_price_change_date_is_the_new_one() -> None:
    supplier = example().supplier_by_id["masskarets-familjehemsvard"]
    before = supplier.price_list_on(dt.date(2025, 11, 30))
    on_day = supplier.price_list_on(dt.date(2025, 12, 1))
    assert before and on_day
    assert (before.valid_from, on_day.valid_from) == (dt.date(2024, 12, 1), dt.date(2025, 12, 1))
    assert supplier.price_list_on(dt.date(2021, 9, 14)) is None


def test_price_lines_add_day_priced_addons_only_in_day_areas() -> None:
    result = call_off(example(), Request.from_query("omrade=D&start=2025-06-01&tillagg=onskemal:T1,T2"))
    first = result.ranked[0].item
    lines = {line.code: (line.unit, line.in_total) for line in first.lines}
    assert lines["D"] == ("day", True)
    assert lines.get("T1", ("hour", False)) == ("hour", False)
    assert first.total == sum(line.amount for line in first.lines if line.in_total)
    hourly = call_off(example(), Request.from_query("omrade=E&start=2025-06-01&tillagg=onskemal:T1"))
    assert all(line.in_total == (line.code == "E") for e in hourly.ranked for line in e.item.lines)


def test_unknown_area_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown area"):
        call_off(example(), Request.from_query("omrade=Q&start=2025-06-01"))


def test_unknown_codes_are_dropped_like_the_page_does() -> None:
    plain = call_off(example(), Request.from_query("omrade=A&start=2025-06-01"))
    odd = call_off(example(), Request.from_query("omrade=A&start=2025-06-01&sprak=behov:xx&tillagg=onskemal:T99"))
    assert (odd.needs, odd.wishes) == ((), ())
    assert [e.item.supplier.id for e in odd.ranked] == [e.item.supplier.id for e in plain.ranked]


def test_swedish_alphabetical_order_within_a_tie() -> None:
    names = ["Östan AB", "Zeta AB", "Åsen AB", "Ängen AB", "alfa AB"]
    assert sorted(names, key=name_key) == ["alfa AB", "Zeta AB", "Åsen AB", "Ängen AB", "Östan AB"]


# --- the address ---------------------------------------------------------------------------


def test_query_round_trip_and_canonical_order() -> None:
    query = (
        "omrade=E&prisform=digital&start=2025-06-01&lan=behov:uppsala,stockholm&lan=onskemal:dalarna"
        "&sprak=onskemal:ar&tillagg=behov:T2&jamfor=a-b,c-d"
    )
    request = Request.from_query(query)
    assert request.area == "E" and request.mode == "digital" and request.start == dt.date(2025, 6, 1)
    assert request.compare == ("a-b", "c-d")
    assert Request.from_query(request.to_query()) == request
    assert request.to_query().startswith("omrade=E&prisform=digital&start=2025-06-01&lan=behov:uppsala,stockholm")


def test_a_code_marked_as_need_and_wish_is_a_need() -> None:
    request = Request.from_query("omrade=A&start=2025-06-01&sprak=onskemal:ar,en&sprak=behov:ar")
    assert ("language", "ar", "need") in request.marks
    assert ("language", "ar", "wish") not in request.marks
    assert ("language", "en", "wish") in request.marks


def test_unknown_parameters_and_kinds_are_ignored() -> None:
    request = Request.from_query("?omrade=A&start=2025-06-01&foo=behov:x&sprak=kanske:ar&sprak=behov:")
    assert request.marks == ()


def test_region_needs_are_one_criterion_met_by_any() -> None:
    result = call_off(example(), Request.from_query("omrade=A&start=2025-06-01&lan=behov:kalmar,blekinge"))
    assert [c.token for c in result.needs] == ["region:kalmar,blekinge"]
