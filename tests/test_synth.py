"""Synthetic catalogues: deterministic, and every file passes `check`."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import EXAMPLE_CATALOG
from urval.check import check_catalog
from urval.rules import luhn_ok
from urval.synth import org_number, write_catalog


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_synthetic_catalogue_passes_check(tmp_path: Path) -> None:
    catalog = write_catalog(tmp_path / "synth", 300, seed=7, template=EXAMPLE_CATALOG)
    result = check_catalog(catalog)
    assert result.problems == []
    assert len(list((catalog / "suppliers").glob("*.yaml"))) == 300


def test_same_seed_same_files_other_seed_other_files(tmp_path: Path) -> None:
    first = snapshot(write_catalog(tmp_path / "a", 40, seed=3, template=EXAMPLE_CATALOG))
    again = snapshot(write_catalog(tmp_path / "b", 40, seed=3, template=EXAMPLE_CATALOG))
    other = snapshot(write_catalog(tmp_path / "c", 40, seed=4, template=EXAMPLE_CATALOG))
    assert first == again
    assert first != other


def test_synthetic_org_numbers_are_valid_and_distinct() -> None:
    numbers = [org_number(i) for i in range(1, 20_001)]
    assert len(set(numbers)) == len(numbers)
    assert all(luhn_ok(n.replace("-", "")) for n in numbers)
