"""Property: whatever `check` lets through builds. Valid supplier files are mutated (strings with
any Unicode, controls and bidi characters included, written with JSON/YAML escapes; numbers as
floats or booleans) and, whenever `check` passes, the model, the pages, the open data and the
feeds are made, every feed parses and the JSON and CSV load. (At model, render, export and feed
level rather than a full mkdocs build per example, to stay fast.)"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import feedparser
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import copy_example
from tests.site_support import AS_OF
from urval.catalog.check import check_catalog
from urval.catalog.yamlload import load_file
from urval.model.build import build_model
from urval.site.export import write_open_data
from urval.site.feeds import write_feeds
from urval.site.render import Renderer, news_words, site_words

# A supplier with a sanction in force, so its name reaches the feeds as well as pages and data.
SUPPLIER = "sjobodarnas-familjeomsorg"
SANCTION = "2025-05-sjobodarna-avropsstopp"
STRING_FIELDS = [("name",), ("description",), ("orientation",), ("contact", "city")]
NUMBER_FIELDS = [("staff", "consultants"), ("prices", 0, "areas", "A"), ("prices", 0, "addons", "T1")]
ANY_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(exclude_categories=["Cs"]),
        st.sampled_from(list("\x00\x01\x1b\x7f\x85\u061c\u200b\u200d\u200e\u202a\u202e\u2066\u2028\ufeff\n\t<>&\"']")),
    ),
    min_size=0,
    max_size=40,
).map(lambda text: "Text för prov " + text)  # long enough for every field's minimum length
NUMBERS = st.one_of(
    st.integers(min_value=-5, max_value=30_000),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6),
    st.booleans(),
)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any], dict[str, Any]]:
    root = tmp_path_factory.mktemp("property")
    catalog = copy_example(root)
    supplier = load_file(catalog / "suppliers" / f"{SUPPLIER}.yaml", "x").data
    sanction = load_file(catalog / "sanctions" / f"{SANCTION}.yaml", "x").data
    return catalog, supplier, sanction


def _set(data: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
    """Set the value at `path`, when the file has its parents (not every supplier states every fact)."""
    node: Any = data
    for part in path[:-1]:
        if isinstance(node, dict) and part not in node:
            return
        node = node[part]
    node[path[-1]] = value


def _built_outputs_parse(catalog: Path, out: Path) -> None:
    result = check_catalog(catalog)
    if result.catalogue is None:
        assert result.problems  # refused, with problems: that is fine
        return
    model = build_model(result.catalogue, AS_OF, news_words=news_words())
    renderer = Renderer(model, schema_dir=catalog / "schema")
    assert all(page.text for page in renderer.pages())
    assert all(page.text for page in renderer.html_pages())
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    write_feeds(model, out, "https://example.se/", site_words())
    write_open_data(model, out / "data", dt.datetime(2025, 6, 1, tzinfo=dt.UTC))
    for name in ("feed.xml", "feed.atom"):
        raw = (out / name).read_bytes()
        ET.fromstring(raw)
        assert not feedparser.parse(raw).bozo
    json.loads((out / "data" / "utforare.json").read_text("utf-8"))
    for name in ("utforare.csv", "priser.csv"):
        rows = list(csv.reader(io.StringIO((out / "data" / name).read_text("utf-8-sig"))))
        assert len({len(row) for row in rows}) == 1


@given(
    strings=st.lists(st.tuples(st.sampled_from(STRING_FIELDS), ANY_TEXT), max_size=3),
    numbers=st.lists(st.tuples(st.sampled_from(NUMBER_FIELDS), NUMBERS), max_size=2),
    reason=st.one_of(st.none(), ANY_TEXT),
)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_whatever_check_lets_through_builds_and_parses(
    strings: list[tuple[tuple[str | int, ...], str]],
    numbers: list[tuple[tuple[str | int, ...], Any]],
    reason: str | None,
    example: tuple[Path, dict[str, Any], dict[str, Any]],
    tmp_path: Path,
) -> None:
    catalog, original, sanction = example
    data = json.loads(json.dumps(original))
    for path, text in strings:
        _set(data, path, text)
    for path, number in numbers:
        _set(data, path, number)
    # JSON is YAML: strings arrive with \\uXXXX escapes, as a hostile editor would write them.
    (catalog / "suppliers" / f"{SUPPLIER}.yaml").write_text(json.dumps(data, ensure_ascii=True), "utf-8")
    notice = {**sanction, "reason": sanction["reason"] if reason is None else "Skäl: " + reason}
    (catalog / "sanctions" / f"{SANCTION}.yaml").write_text(json.dumps(notice, ensure_ascii=True), "utf-8")
    _built_outputs_parse(catalog, tmp_path / "out")
