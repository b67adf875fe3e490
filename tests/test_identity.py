"""Identity: a new supplier cannot pass as an existing one by a name that reads the same, and a
shared organisation number is reported in every file that holds it (so a pull request's own
file carries the annotation). Each test is named after the attack."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from urval.catalog.identity import name_key
from urval.cli import main

ORIGINAL = "solbacken-familjevard"
ORIGINAL_NAME = "Solbacken Familjevård AB"
# An id that sorts before the original, so that "reported only at the later file" would miss it.
IMPOSTOR = "aaa-imitator"
UNUSED_ORG_NUMBER = "556000-0001"


def add_impostor(catalog: Path, name: str | None = None, org_number: str | None = None) -> None:
    source = (catalog / "suppliers" / f"{ORIGINAL}.yaml").read_text("utf-8")
    text = source.replace(f"id: {ORIGINAL}", f"id: {IMPOSTOR}", 1)
    if name is not None:
        text = re.sub(
            r"^name: .*$", lambda _: f"name: {json.dumps(name, ensure_ascii=False)}", text, count=1, flags=re.M
        )
    text = re.sub(
        r"^org_number: .*$", lambda _: f'org_number: "{org_number or UNUSED_ORG_NUMBER}"', text, count=1, flags=re.M
    )
    (catalog / "suppliers" / f"{IMPOSTOR}.yaml").write_text(text, "utf-8")


def check(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["check"])
    return code, capsys.readouterr().out.splitlines()


def test_example_name_is_as_expected(catalog: Path) -> None:
    assert f"name: {ORIGINAL_NAME}" in (catalog / "suppliers" / f"{ORIGINAL}.yaml").read_text("utf-8")


@pytest.mark.parametrize(
    "name",
    [
        ORIGINAL_NAME,  # the very same name
        "Solbackеn Familjevård AB",  # Cyrillic е (U+0435)
        "Sоlbacken Familjevård AB",  # Cyrillic о (U+043E)
        "Ѕolbacken Familjevård AB",  # Cyrillic Ѕ (U+0405)
        "Solbacken\u00a0Familjevård AB",  # no-break space
        "Solbacken  Familjevård   AB",  # extra spaces
        "Solbacken Familjeva\u030ard AB",  # NFD: a + combining ring
        "SOLBACKEN FAMILJEVÅRD AB",  # case
        "Ｓｏｌｂａｃｋｅｎ Familjevård AB",  # fullwidth letters (NFKC)
        "S0lbacken Familjevård AB",  # digit zero for o
    ],
)
def test_lookalike_supplier_name_is_refused_in_both_files(
    name: str, catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_impostor(catalog, name=name)
    code, lines = check(capsys)
    assert code == 1
    impostor = [line for line in lines if line.startswith(f"catalog/suppliers/{IMPOSTOR}.yaml:3:")]
    original = [line for line in lines if line.startswith(f"catalog/suppliers/{ORIGINAL}.yaml:")]
    assert len(impostor) == 1 and f"i catalog/suppliers/{ORIGINAL}.yaml" in impostor[0], lines
    assert f"”{ORIGINAL_NAME}”" in impostor[0]
    assert len(original) == 1 and f"i catalog/suppliers/{IMPOSTOR}.yaml" in original[0], lines


def test_a_different_name_passes(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_impostor(catalog, name="Solbacken Familjevård Norr AB")
    code, lines = check(capsys)
    assert (code, lines[-1].startswith("Inga fel")) == (0, True), lines


def test_duplicate_org_number_is_reported_in_every_file_that_holds_it(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = (catalog / "suppliers" / f"{ORIGINAL}.yaml").read_text("utf-8")
    number = re.search(r'^org_number: "(.*)"$', original, flags=re.M)
    assert number is not None
    add_impostor(catalog, name="Helt Annat Namn AB", org_number=number.group(1))
    code, lines = check(capsys)
    assert code == 1
    duplicates = [line for line in lines if f"Organisationsnumret {number.group(1)} används också i" in line]
    assert sorted(line.split(":")[0] for line in duplicates) == [
        f"catalog/suppliers/{IMPOSTOR}.yaml",
        f"catalog/suppliers/{ORIGINAL}.yaml",
    ]


def test_name_key_folds_what_a_reader_cannot_tell_apart() -> None:
    assert name_key("Paypal") == name_key("Pаypаl")  # Cyrillic а
    assert name_key("Ålgården") == name_key("A\u030algården")
    assert name_key("Björk AB") != name_key("Bjork AB")  # a different letter, not a look-alike
