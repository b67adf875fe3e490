"""Messages that name a supplier's real mistake: Swedish parser errors, plural forms, 'Menade du'."""

from __future__ import annotations

from pathlib import Path

import pytest

from urval.catalog.problems import Problem, summary_line
from urval.catalog.suggest import fold, forms, meant
from urval.catalog.yamlload import LoadError, load_text

# Broken YAML of every kind the parser tells apart, and some it does not.
BROKEN = [
    "a: b: c\n",
    "a: 1\nb\nc: 2\n",
    "a:\n\tb: 1\n",
    "a:\n  - 1\n  b: 2\n",
    'a: "abc\nb: 2\n',
    "a: 'abc\nb: 2\n",
    "a: [1, 2\nb: 3\n",
    "a: {x: 1\nb: 3\n",
    'a: "\\q"\n',
    "a: @foo\n",
    "a: `foo\n",
    "%FOO\na: 1\n",
    "a: |x\n  b\n",
    "a: 1\n- b\n",
    'a: "x" y\n',
    "a: [\n",
    "a: [1, , 2]\n",
    "a: ”b: c”\n",
]
ENGLISH = ("mapping", "expected", "found", "while", "scanning", "allowed", "token", "character")


@pytest.mark.parametrize("text", BROKEN)
def test_parser_errors_are_told_in_swedish_with_a_position(text: str) -> None:
    with pytest.raises(LoadError) as caught:
        load_text(Path("x.yaml"), "x.yaml", text.encode("utf-8"))
    error = caught.value
    assert error.line >= 1 and error.column >= 1
    assert not [word for word in ENGLISH if word in error.message.lower()], error.message


def test_a_tab_is_named_as_the_mistake() -> None:
    with pytest.raises(LoadError) as caught:
        load_text(Path("x.yaml"), "x.yaml", b"a:\n\tb: 1\n")
    assert "tabb" in caught.value.message
    assert (caught.value.line, caught.value.column) == (2, 1)


def test_prose_that_starts_with_a_quotation_is_not_refused() -> None:
    document = load_text(Path("x.yaml"), "x.yaml", "a: ”Ett hem att växa i” är vår grund.\n".encode())
    assert document.data == {"a": "”Ett hem att växa i” är vår grund."}


def problem(file: str) -> Problem:
    return Problem(file, 1, 1, "fel", "rule")


def test_the_summary_line_uses_singular_and_plural() -> None:
    assert summary_line([problem("a.yaml")], 57) == "1 fel i 1 fil (57 filer kontrollerade)."
    assert summary_line([problem("a.yaml"), problem("b.yaml")], 1) == "2 fel i 2 filer (1 fil kontrollerad)."
    assert summary_line([], 1) == "Inga fel: 1 fil kontrollerad."
    assert summary_line([], 21) == "Inga fel: 21 filer kontrollerade."


def test_a_code_is_suggested_from_its_name_its_case_or_a_near_miss() -> None:
    known = forms([("stockholm", "Stockholms län"), ("vastra-gotaland", "Västra Götalands län"), ("ar", "arabiska")])
    assert fold("Västra Götalands län") == "vastra-gotalands-lan"
    assert meant("Stockholm", known) == "stockholm"
    assert meant("Stockholms län", known) == "stockholm"
    assert meant("Västra Götaland", known) == "vastra-gotaland"
    assert meant("Arabiska", known) == "ar"
    assert meant("stokholm", known) == "stockholm"
    assert meant("stockholm", known) is None  # already the code
    assert meant("Norrbotten", known) is None
