"""A framework file written to the published contract checks: fields beyond it are optional with
the defaults the framework schema documents, and a price mode an area uses must be declared."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.site_support import model_of
from urval.cli import main

CONTRACT_ONLY = re.compile(r"^(organisation|price_limits): .*\n", re.M)


def strip(catalog: Path, pattern: re.Pattern[str]) -> None:
    framework = catalog / "ramavtal.yaml"
    text = framework.read_text(encoding="utf-8")
    stripped = pattern.sub("", text)
    assert stripped != text
    framework.write_text(stripped, encoding="utf-8")


def check(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["check", "--catalog", "catalog"])
    return code, capsys.readouterr().out.splitlines()


def test_organisation_and_price_limits_may_be_left_out(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    strip(catalog, CONTRACT_ONLY)
    code, lines = check(capsys)
    assert (code, lines[-1]) == (0, "Inga fel: 57 filer kontrollerade.")
    framework = model_of(catalog).framework
    assert framework.organisation == "Adda Inköpscentral"  # the default the schema documents


def test_the_price_limit_default_still_bounds_prices(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    strip(catalog, CONTRACT_ONLY)
    supplier = catalog / "suppliers" / "solbacken-familjevard.yaml"
    supplier.write_text(supplier.read_text("utf-8").replace("A: 2330,", "A: 123456,"), "utf-8")
    code, lines = check(capsys)
    assert code == 1
    assert any("123456" in line and "100000" in line.replace("\u00a0", "").replace(" ", "") for line in lines)


def test_an_undeclared_price_mode_says_how_to_declare_it(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    strip(catalog, re.compile(r"^price_modes:\n(  .*\n)+", re.M))
    code, lines = check(capsys)
    problems = [line for line in lines if ": Formen " in line]
    assert code == 1
    assert len(problems) == 2  # on_site and digital, each once
    assert all("inga price_modes. Lägg till den under price_modes" in line for line in problems)
    assert not any("Använd en av: –" in line for line in lines)
