"""Property-based: whatever bytes a file holds, the loader and `check` report, never crash."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from urval.yamlload import LoadError, load_text

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
