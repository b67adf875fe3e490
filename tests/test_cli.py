"""The `check` command as a supplier and CI meet it: output formats and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from urval.cli import main


def break_one_supplier(catalog: Path) -> None:
    path = catalog / "suppliers" / "solbacken-familjevard.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("website: https://", "website: http://"), "utf-8")


def test_example_catalogue_is_clean(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    assert capsys.readouterr().out.startswith("Inga fel: ")


def test_text_format_is_file_line_column_message(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    break_one_supplier(catalog)
    assert main(["check"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "catalog/suppliers/solbacken-familjevard.yaml:5:10: Webbplats: ”http://solbacken.example.se” har fel form. "
        "Adressen ska börja med https://, t.ex. https://www.foretaget.se."
    )
    assert lines[-1].startswith("1 fel i 1 fil (")


def test_github_format_annotates_the_line(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    break_one_supplier(catalog)
    assert main(["check", "--format", "github"]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(
        "::error file=catalog/suppliers/solbacken-familjevard.yaml,line=5,col=10,title=schema-pattern::Webbplats: "
    )


def test_json_format_lists_problems(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    break_one_supplier(catalog)
    assert main(["check", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [(p["file"], p["line"], p["rule"]) for p in report["problems"]] == [
        ("catalog/suppliers/solbacken-familjevard.yaml", 5, "schema-pattern")
    ]
    assert report["files_checked"] > 30


def test_problems_in_many_files_are_all_reported_sorted(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("solbacken-familjevard", "exempelgarden-konsulentstod", "riksvidden-familjehemsvard"):
        path = catalog / "suppliers" / f"{name}.yaml"
        path.write_text(path.read_text("utf-8").replace("hbtq: ", "hbtq: ja #"), "utf-8")
    assert main(["check"]) == 1
    lines = capsys.readouterr().out.splitlines()[:-1]
    assert len(lines) == 3
    assert lines == sorted(lines)


@pytest.mark.parametrize(
    "argv", [["check", "--catalog", "/nonexistent"], ["check", "--format", "xml"], ["nonsense"], []]
)
def test_misuse_exits_2(argv: list[str], workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2


def test_build_py_is_the_entry_point(catalog: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "check", "--catalog", str(catalog)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("Inga fel: ")


def test_hostile_file_never_gives_a_traceback(catalog: Path) -> None:
    (catalog / "suppliers" / "junk.yaml").write_bytes(bytes(range(256)) * 100)
    (catalog / "suppliers" / "deep.yaml").write_text("[" * 10_000 + "]" * 10_000)
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    (catalog / "suppliers" / "bomb.yaml").write_text(bomb)
    with (catalog / "suppliers" / "huge.yaml").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    result = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "check", "--catalog", str(catalog)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    reported = {line.split(":")[0].rsplit("/", 1)[-1] for line in result.stdout.splitlines()[:-1]}
    assert reported == {"junk.yaml", "deep.yaml", "bomb.yaml", "huge.yaml"}
