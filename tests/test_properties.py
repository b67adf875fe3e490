"""Property-based: whatever a file holds, the loader and `check` report problems, never crash."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import copy_example
from urval.catalog.check import check_catalog
from urval.catalog.yamlload import LoadError, load_text

YAMLISH = st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#\n\t ,?%@`0123456789.~å\u202e\x00")), max_size=200)


@given(st.binary(max_size=400))
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_arbitrary_bytes_load_or_give_a_load_error(raw: bytes) -> None:
    try:
        load_text(Path("x.yaml"), "x.yaml", raw)
    except LoadError as error:
        assert error.line >= 1 and error.column >= 1 and error.message


@given(YAMLISH)
@settings(max_examples=500)
def test_yaml_like_text_loads_or_gives_a_load_error(text: str) -> None:
    try:
        document = load_text(Path("x.yaml"), "x.yaml", text.encode("utf-8"))
    except LoadError as error:
        assert error.message
    else:
        assert document.at(()).line >= 1


JSON_LIKE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)
SUPPLIER_KEYS = st.sampled_from(
    [
        "id",
        "name",
        "org_number",
        "areas",
        "regions",
        "languages",
        "prices",
        "contact",
        "accessibility",
        "certifications",
        "staff",
        "ivo_permit",
        "maintainers",
        "website",
        "unknown_key",
    ]
)


@pytest.fixture(scope="module")
def catalog_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_example(tmp_path_factory.mktemp("properties"))


@given(key=SUPPLIER_KEYS, value=JSON_LIKE, price_path=st.booleans())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_value_anywhere_in_a_supplier_is_reported_not_raised(
    catalog_copy: Path, key: str, value: object, price_path: bool
) -> None:
    """Arbitrary data where a supplier's fields go: `check` reports problems, it never raises."""
    path = catalog_copy / "suppliers" / "solbacken-familjevard.yaml"
    original = path.read_text("utf-8")
    data = yaml.safe_load(original)
    if price_path:
        data["prices"][0]["areas"][key] = value
    else:
        data[key] = value
    try:
        path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
        result = check_catalog(catalog_copy)
        assert all(p.line >= 1 and p.message for p in result.problems)
    finally:
        path.write_text(original, "utf-8")
