"""The compiled fast path of schema validation: it must never pass a document jsonschema fails,
and it must actually be used."""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import EXAMPLE_CATALOG, HVB_CATALOG, copy_example
from urval.catalog import schema as schema_module
from urval.catalog.check import check_catalog
from urval.catalog.schema import JSONSCHEMA_ONLY, FastValidator, SchemaSet, StrictValidator, compile_fast
from urval.catalog.supplier_schema import generate_for
from urval.catalog.synth import write_catalog
from urval.catalog.yamlload import load_file

SUPPLIER = "supplier.schema.json"
FRAMEWORK = "framework.schema.json"

# `make test` runs the differential test thoroughly; `make test-fast`, the inner loop, lighter.
DIFFERENTIAL_EXAMPLES = 200 if os.environ.get("URVAL_TEST_FAST") == "1" else 1500


def _schemas(catalog: Path) -> SchemaSet:
    on_disk = SchemaSet.from_dir(catalog / "schema")
    return SchemaSet({**on_disk.schemas, SUPPLIER: generate_for(catalog)})


def _documents(catalog: Path) -> list[tuple[str, Any]]:
    """Every supplier file of the catalogue and its framework, as the loader reads them."""
    found = [(SUPPLIER, load_file(p, p.name).data) for p in sorted((catalog / "suppliers").glob("*.yaml"))]
    framework = catalog / "ramavtal.yaml"
    return [*found, (FRAMEWORK, load_file(framework, framework.name).data)]


SCHEMAS = {catalog: _schemas(catalog) for catalog in (EXAMPLE_CATALOG, HVB_CATALOG)}
DOCUMENTS = [(catalog, name, data) for catalog in SCHEMAS for name, data in _documents(catalog)]


def _fast(schemas: SchemaSet, name: str) -> FastValidator:
    fast = schemas.fast_validator(name)
    assert fast is not None, f"{name} should be compiled"
    return fast


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        value = value[part]
    return value


SPECIAL = [2330.0, 1e3, -0.0, 1.5, True, False, None, 0, 1, -1, 10**20, float("inf"), float("nan")]
DATES = ["2025-02-30", "2025-1-01", "2025-01-01T00:00", "2025-01-01\n", "20250101", "2025-13-01", "٢٠٢٥-٠١-٠١"]
DATES += ["2024-02-29", "2023-02-29", "0000-01-01", " 2025-01-01", "2025-06-01"]
WORDS = ["", " ", "a", "\n", "sv", "E", "A", "https://", "https://x.se", "x@y.se", "556677-8899", "\u200b", "\u202e"]


def _scalars() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.sampled_from(SPECIAL),
        st.sampled_from(DATES + WORDS),
        st.integers(min_value=-(10**6), max_value=10**6),
        st.floats(),
        st.text(max_size=12),
        st.text(min_size=100, max_size=400),
    )


def _values() -> st.SearchStrategy[Any]:
    return st.one_of(
        _scalars(),
        st.lists(_scalars(), max_size=3),
        st.dictionaries(st.text(max_size=6), _scalars(), max_size=2),
    )


def _string_variant(text: str, how: str) -> str:
    """A near miss of an existing string: the shape a pattern or a length is most likely to get wrong."""
    variants = {
        "newline": text + "\n",
        "space": " " + text,
        "upper": text.upper(),
        "cut": text[: len(text) // 2],
        "double": text * 2,
        "long": text + "x" * 300,
        "unicode": text + "é",
        "digitswap": re.sub(r"\d", "٣", text),
    }
    return variants[how]


def _mutate(data: Any, draw: st.DataObject) -> Any:
    """One mutation of a copy of `data`: a replaced, removed, added, renamed or repeated value."""
    data = copy.deepcopy(data)
    paths = list(_paths(data))[1:]
    path = draw.draw(st.sampled_from(paths))
    parent, key = _at(data, path[:-1]), path[-1]
    current = parent[key]
    kind = draw.draw(st.sampled_from(["replace", "remove", "add", "rename", "repeat", "near", "number"]))
    if kind == "replace":
        parent[key] = draw.draw(_values())
    elif kind == "remove":
        del parent[key]
    elif kind == "add" and isinstance(current, dict):
        current[draw.draw(st.sampled_from(["extra", "ID", "namn", ""]) | st.text(max_size=8))] = draw.draw(_values())
    elif kind == "rename" and isinstance(parent, dict):
        parent[str(key) + draw.draw(st.sampled_from(["s", "_", " "]))] = parent.pop(key)
    elif kind == "repeat" and isinstance(current, list) and current:
        current.append(copy.deepcopy(draw.draw(st.sampled_from(current))))
    elif kind == "near" and isinstance(current, str):
        how = ["newline", "space", "upper", "cut", "double", "long", "unicode", "digitswap"]
        parent[key] = _string_variant(current, draw.draw(st.sampled_from(how)))
    elif kind == "number" and isinstance(current, (int, float)) and not isinstance(current, bool):
        parent[key] = draw.draw(st.sampled_from([float(current), current + 0.5, -current, current * 1000, True]))
    else:
        parent[key] = draw.draw(_values())
    return data


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _assert_same_verdict(schemas: SchemaSet, name: str, data: Any) -> None:
    fast_ok = _fast(schemas, name).accepts(data)
    errors = list(schemas.validator(name).iter_errors(data))
    if fast_ok:
        assert errors == [], f"the fast path passed what jsonschema fails: {[e.message for e in errors]}"
        return
    # The one known disagreement is on the safe side: fastjsonschema reads a pattern's `$` as the
    # very end, Python's `re` also before a final newline. jsonschema then judges, as it always did.
    assert errors or any(s.endswith("\n") for s in _strings(data)), "the fast path failed a valid document"


@pytest.mark.parametrize(("catalog", "name", "data"), DOCUMENTS, ids=lambda v: getattr(v, "name", None))
def test_the_fast_path_passes_every_valid_example_file(catalog: Path, name: str, data: Any) -> None:
    assert _fast(SCHEMAS[catalog], name).accepts(data)


@settings(max_examples=DIFFERENTIAL_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_fast_verdict_is_jsonschemas_verdict(data: st.DataObject) -> None:
    """Mutate valid supplier and framework files, once or a few times; both must judge alike."""
    catalog, name, document = data.draw(st.sampled_from(DOCUMENTS))
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        document = _mutate(document, data)
        _assert_same_verdict(SCHEMAS[catalog], name, document)


@pytest.mark.parametrize(
    "value",
    [2330.0, 1e3, True, False, 2330.5, "2330", None],
)
def test_a_price_that_is_not_a_whole_number_is_refused_by_both(value: Any) -> None:
    """Strict integers: 2330.0 and 1e3 are floats, true is a boolean; none is an integer here."""
    schemas = SCHEMAS[EXAMPLE_CATALOG]
    supplier = next(data for _, name, data in DOCUMENTS if name == SUPPLIER)
    mutated = copy.deepcopy(supplier)
    path = next(p for p in _paths(mutated) if len(p) > 1 and p[0] == "prices" and isinstance(_at(mutated, p), int))
    _at(mutated, path[:-1])[path[-1]] = value
    assert not _fast(schemas, SUPPLIER).accepts(mutated)
    assert list(schemas.validator(SUPPLIER).iter_errors(mutated))


def test_a_keyword_the_fast_path_does_not_know_leaves_the_schema_to_jsonschema() -> None:
    assert compile_fast({"type": "array", "prefixItems": [{"type": "string"}]}) is None
    assert compile_fast({"type": "object", "dependentRequired": {"a": ["b"]}}) is None
    assert compile_fast({"type": "string", "pattern": "("}) is None
    assert compile_fast({"type": "number", "multipleOf": 0.1}) is None
    assert compile_fast({"type": "string", "title": "Namn", "x-prose": True}) is not None


def test_compiled_once_per_schema_per_process() -> None:
    first, again = _schemas(EXAMPLE_CATALOG), _schemas(EXAMPLE_CATALOG)
    assert first.fast_validator(SUPPLIER) is again.fast_validator(SUPPLIER)


class _Counting:
    """Counts the documents jsonschema is asked about (the explaining path): calls at the root of
    a schema file (`$schema` there), not jsonschema's own calls for the parts of a document."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        original = StrictValidator.iter_errors

        def counted(validator: Any, instance: Any, *args: Any, **kwargs: Any) -> Any:
            self.calls += "$schema" in validator.schema
            return original(validator, instance, *args, **kwargs)

        monkeypatch.setattr(StrictValidator, "iter_errors", counted)


def test_a_valid_catalogue_is_judged_by_the_fast_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the first few documents of a schema (compiling costs more than it saves below that),
    jsonschema is not asked about a valid catalogue at all."""
    catalog = write_catalog(tmp_path / "synth", 120, seed=5, template=EXAMPLE_CATALOG)
    counting = _Counting(monkeypatch)
    monkeypatch.setattr(schema_module, "FAST_AFTER_DOCUMENTS", 0)
    assert check_catalog(catalog).problems == []
    assert counting.calls == 0
    monkeypatch.setattr(schema_module, "FAST_AFTER_DOCUMENTS", 32)
    counting.calls = 0
    assert check_catalog(catalog).problems == []
    suppliers = 32  # the other kinds have fewer files than that: jsonschema judges them all
    others = len([p for p in catalog.rglob("*.yaml") if p.parent.name != "suppliers"])
    assert others < suppliers
    assert counting.calls == suppliers + others


def test_the_old_path_can_be_forced_and_reports_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = copy_example(tmp_path)
    broken = catalog / "suppliers" / (sorted(p.name for p in (catalog / "suppliers").glob("*.yaml"))[0])
    broken.write_text(broken.read_text(encoding="utf-8").replace("\nname:", "\nnamn:"), encoding="utf-8")
    monkeypatch.setattr(schema_module, "FAST_AFTER_DOCUMENTS", 0)
    fast = check_catalog(catalog).problems
    monkeypatch.setenv(JSONSCHEMA_ONLY, "1")
    counting = _Counting(monkeypatch)
    slow = check_catalog(catalog).problems
    assert counting.calls >= 28
    assert fast == slow
    assert fast
