"""The call-off rule in Python (`urval/model/calloff.py`) against the shared table of cases.

Each `tests/cases/ranking/<case>.yaml` is one case on the example catalogue, run here against
the Python rule and by `tests/browser/test_avrop.py` in Chromium against the page /avrop/:

- `about`: what the case shows;
- `query`: the page's query string (the scheme documented on oppna-data/avrop-lankar/);
- `ranked`: the complete result, in order, as `"<rank> <supplier id>"`, with `=` after the rank
  when the place is shared (`"11= lingonbackens-familjestod"`);
- `left_out` (optional): suppliers left out, each with its exact reasons: `terminated`,
  `stopped`, `not_admitted`, `no_price`, `need:<dimension>:<codes>`;
- `totals` (optional): a supplier's total price on the start date, in the area's unit;
- `wishes` (optional): how many wishes a supplier meets.

Every supplier not ranked must be left out; `left_out` need not list them all.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import EXAMPLE_CATALOG
from tests.site_support import model_of
from urval.model.calloff import (
    BLOCKING_REASONS,
    Request,
    Scheme,
    blocking,
    blocks,
    call_off,
    name_key,
    vocabulary_entries,
)
from urval.model.types import Catalogue
from urval.site.avrop_data import call_off_scheme
from urval.site.render import site_words

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


# The `call_off` section of site_templates/site.yaml with the example's declared criteria, as the page gets it.
SCHEME = call_off_scheme(model_of(EXAMPLE_CATALOG, dt.date(2025, 6, 1)))


def parse(query: str, scheme: Scheme = SCHEME) -> Request:
    return Request.from_query(query, scheme)


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
    result = call_off(example(), parse(case.query), SCHEME)
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
    result = call_off(on_record, parse("omrade=A&start=2025-07-15"), SCHEME)
    left = {item.supplier.id: [r.token for r in item.reasons] for item in result.left_out}
    assert left["vindrosens-familjevard"] == ["stopped"]
    earlier = call_off(model_of(catalog), result.request, SCHEME)
    assert "vindrosens-familjevard" not in {i.supplier.id for i in earlier.left_out}


def test_a_termination_excludes_whatever_the_start_date(catalog: Path) -> None:
    early = call_off(model_of(catalog), parse("omrade=A&start=2024-01-01"), SCHEME)
    assert "kvarnbackens-familjevard" not in {e.item.supplier.id for e in early.ranked}


def test_price_list_on_a_price_change_date_is_the_new_one() -> None:
    supplier = example().supplier_by_id["masskarets-familjehemsvard"]
    before = supplier.price_list_on(dt.date(2025, 11, 30))
    on_day = supplier.price_list_on(dt.date(2025, 12, 1))
    assert before and on_day
    assert (before.valid_from, on_day.valid_from) == (dt.date(2024, 12, 1), dt.date(2025, 12, 1))
    assert supplier.price_list_on(dt.date(2021, 9, 14)) is None


def test_price_lines_add_day_priced_addons_only_in_day_areas() -> None:
    result = call_off(example(), parse("omrade=D&start=2025-06-01&tillagg=onskemal:T1,T2"), SCHEME)
    first = result.ranked[0].item
    lines = {line.code: (line.unit, line.in_total) for line in first.lines}
    assert lines["D"] == ("day", True)
    assert lines.get("T1", ("hour", False)) == ("hour", False)
    assert first.total == sum(line.amount for line in first.lines if line.in_total)
    hourly = call_off(example(), parse("omrade=E&start=2025-06-01&tillagg=onskemal:T1"), SCHEME)
    assert all(line.in_total == (line.code == "E") for e in hourly.ranked for line in e.item.lines)


def test_unknown_area_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown area"):
        call_off(example(), parse("omrade=Q&start=2025-06-01"), SCHEME)


def test_unknown_codes_are_dropped_like_the_page_does() -> None:
    plain = call_off(example(), parse("omrade=A&start=2025-06-01"), SCHEME)
    odd = call_off(example(), parse("omrade=A&start=2025-06-01&sprak=behov:xx&tillagg=onskemal:T99"), SCHEME)
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
    request = parse(query)
    assert request.area == "E" and request.mode == "digital" and request.start == dt.date(2025, 6, 1)
    assert request.compare == ("a-b", "c-d")
    assert parse(request.to_query(SCHEME)) == request
    assert request.to_query(SCHEME).startswith("omrade=E&prisform=digital&start=2025-06-01&lan=behov:uppsala,stockholm")


def test_a_code_marked_as_need_and_wish_is_a_need() -> None:
    request = parse("omrade=A&start=2025-06-01&sprak=onskemal:ar,en&sprak=behov:ar")
    assert ("language", "ar", "need") in request.marks
    assert ("language", "ar", "wish") not in request.marks
    assert ("language", "en", "wish") in request.marks


def test_unknown_parameters_and_kinds_are_ignored() -> None:
    request = parse("?omrade=A&start=2025-06-01&foo=behov:x&sprak=kanske:ar&sprak=behov:")
    assert request.marks == ()


def test_region_needs_are_one_criterion_met_by_any() -> None:
    result = call_off(example(), parse("omrade=A&start=2025-06-01&lan=behov:kalmar,blekinge"), SCHEME)
    assert [c.token for c in result.needs] == ["region:kalmar,blekinge"]


# --- one source: the scheme as data, the model's periods ---------------------------------------


def test_the_scheme_comes_from_site_yaml_and_a_renamed_parameter_is_followed() -> None:
    assert (SCHEME.area, SCHEME.mode, SCHEME.start, SCHEME.compare) == ("omrade", "prisform", "start", "jamfor")
    assert [(d.key, d.param, d.grouped) for d in SCHEME.dimensions][:2] == [
        ("region", "lan", True),
        ("language", "sprak", False),
    ]
    data = SCHEME.to_data()
    data["dimensions"] = {d.pop("key"): d for d in data["dimensions"]}
    data["params"]["area"], data["kinds"]["need"] = "area", "must"
    data["dimensions"]["language"]["grouped"] = True
    other = Scheme.from_data(data)
    request = parse("area=A&start=2025-06-01&sprak=must:ar,en&lan=behov:skane", other)
    assert request.area == "A" and request.marks == (("language", "ar", "need"), ("language", "en", "need"))
    result = call_off(example(), request, other)
    assert [c.token for c in result.needs] == ["language:ar,en"]  # grouped now: one criterion
    assert request.to_query(other) == "area=A&start=2025-06-01&sprak=must:ar,en"


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (lambda d: d["params"].pop("compare"), "incomplete"),
        (lambda d: d["dimensions"].pop("region"), "core dimensions"),
        (lambda d: d["dimensions"]["addon"].update(param="lan"), "must differ"),
        (lambda d: d["kinds"].update(wish="behov"), "must differ"),
    ],
)
def test_a_broken_scheme_is_refused(change: Any, complaint: str) -> None:
    data = copy.deepcopy(site_words()["call_off"])
    change(data)
    with pytest.raises(ValueError, match=complaint):
        Scheme.from_data(data)


def test_the_scheme_has_a_dimension_for_every_vocabulary_of_the_catalogue() -> None:
    assert tuple(vocabulary_entries(example())) == tuple(d.key for d in SCHEME.dimensions)
    declared = tuple(c.name for c in example().criteria)
    assert tuple(d.key for d in SCHEME.dimensions) == ("region", *declared, "addon")


DAYS = [dt.date(2021, 9, 1) + dt.timedelta(days=n) for n in range(0, 5 * 366)]


def _within(period: tuple[dt.date | None, dt.date | None], day: dt.date) -> bool:
    return (period[0] is None or period[0] <= day) and (period[1] is None or day <= period[1])


def test_price_periods_are_the_model_decision_of_price_list_on() -> None:
    for supplier in example().suppliers:
        periods = supplier.price_periods()
        for day in DAYS:
            holding = [price_list for price_list, period in periods if _within(period, day)]
            expected = supplier.price_list_on(day)
            assert holding == ([expected] if expected else []), (supplier.id, day)


def test_blocks_are_the_model_decision_of_blocks_call_off_on(catalog: Path) -> None:
    _write(
        catalog,
        "sanctions/2025-07-test.yaml",
        "supplier: vindrosens-familjevard\ndate: 2025-07-01\nkind: call_off_stop\nuntil: 2025-07-31\n"
        "reason: Prövning av avropsstopp.\n",
    )
    catalogue = model_of(catalog)
    kinds = set()
    for supplier in catalogue.suppliers:
        found = blocks(supplier)
        assert [b.code for b in found] == sorted((b.code for b in found), key=list(BLOCKING_REASONS.values()).index)
        for sanction in supplier.sanctions:
            kinds.add(sanction.kind)
            mine = [b for b in found if b.sanction == sanction]
            for day in DAYS:
                assert sanction.blocks_call_off_on(day) == any(_within(b.period, day) for b in mine), (sanction.id, day)
    assert {"termination", "call_off_stop", "remark"} <= kinds
    ended = next(b for s in catalogue.suppliers for b in blocks(s) if b.code == "terminated")
    assert ended.period == (None, None)  # a termination on record blocks every start date
