"""Fixture folders `tests/cases/{valid,invalid}/<case>/`, discovered automatically.

Each case holds a `catalog/` overlay that is copied over the example catalogue. Every invalid
case has `expected.txt`, the exact problem lines `check` prints (a golden file: `make golden`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import copy_example
from tests.golden import compare_golden
from urval.cli import main

CASES = Path(__file__).parent / "cases"


def case_names(kind: str) -> list[str]:
    return sorted(p.name for p in (CASES / kind).iterdir() if p.is_dir())


def run_check_on_case(case: Path, workdir: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    catalog = copy_example(workdir)
    shutil.copytree(case / "catalog", catalog, dirs_exist_ok=True)
    code = main(["check", "--catalog", "catalog"])
    lines = capsys.readouterr().out.splitlines()
    return code, lines


@pytest.mark.parametrize("name", case_names("invalid"))
def test_invalid_case_reports_exactly_the_expected_problems(
    name: str, workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = CASES / "invalid" / name
    code, lines = run_check_on_case(case, workdir, capsys)
    problems, summary = lines[:-1], lines[-1]
    assert code == 1
    assert problems, "an invalid case must produce at least one problem"
    assert summary.startswith(f"{len(problems)} fel i ")
    compare_golden("\n".join(problems) + "\n", case / "expected.txt")


@pytest.mark.parametrize("name", case_names("valid"))
def test_valid_case_passes(name: str, workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = run_check_on_case(CASES / "valid" / name, workdir, capsys)
    assert (code, len(lines)) == (0, 1), lines
    assert lines[0].startswith("Inga fel: ")
