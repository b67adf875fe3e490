"""The golden-file comparison itself: a changed, added or removed golden file fails with a unified diff."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests import golden

SITE_GOLDEN = Path(__file__).parent / "golden" / "site"


@pytest.fixture(autouse=True)
def compare_not_rewrite(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests check the comparison, so they compare even under `make golden`."""
    monkeypatch.setattr(golden, "UPDATE_GOLDEN", False)


def test_a_changed_golden_page_fails_with_a_unified_diff(tmp_path: Path) -> None:
    """The real golden site with one line changed: the failure shows that line, old and new."""
    pages = golden.read_tree(SITE_GOLDEN, "*.md")
    copy = tmp_path / "site"
    shutil.copytree(SITE_GOLDEN, copy)
    name = "avrop.md"
    lines = pages[name].splitlines(keepends=True)
    changed = next(index for index, line in enumerate(lines) if line.strip())
    (copy / name).write_text(
        "".join([*lines[:changed], "A line from an older build\n", *lines[changed + 1 :]]), "utf-8"
    )

    with pytest.raises(AssertionError) as failure:
        golden.compare_golden_tree(pages, copy, "*.md")
    message = str(failure.value)
    assert "run `make golden`" in message
    assert f"--- expected/{name}\n+++ actual/{name}\n@@ " in message
    assert "\n-A line from an older build\n" in message
    assert f"\n+{lines[changed]}" in message
    assert message.count("\n--- ") == 1  # only the changed file


def test_added_and_removed_golden_files_are_diffed_against_nothing(tmp_path: Path) -> None:
    (tmp_path / "gone.md").write_text("was here\n", "utf-8")
    with pytest.raises(AssertionError) as failure:
        golden.compare_golden_tree({"new/page.md": "fresh\n"}, tmp_path, "*.md")
    message = str(failure.value)
    assert "--- expected/gone.md\n+++ /dev/null\n@@ -1 +0,0 @@\n-was here\n" in message
    assert "--- /dev/null\n+++ actual/new/page.md\n@@ -0,0 +1 @@\n+fresh\n" in message


def test_a_changed_problem_list_fails_with_a_unified_diff(tmp_path: Path) -> None:
    expected = tmp_path / "expected.txt"
    expected.write_text("a.yaml:1:1: Fel ett.\na.yaml:2:1: Fel två.\n", "utf-8")
    with pytest.raises(AssertionError) as failure:
        golden.compare_golden("a.yaml:1:1: Fel ett.\na.yaml:3:1: Fel tre.\n", expected)
    message = str(failure.value)
    assert "--- expected/expected.txt\n+++ actual/expected.txt\n" in message
    assert "\n a.yaml:1:1: Fel ett.\n-a.yaml:2:1: Fel två.\n+a.yaml:3:1: Fel tre.\n" in message


def test_a_missing_newline_at_the_end_is_shown() -> None:
    diff = golden.file_diff("x.txt", "same\n", "same")
    assert diff.endswith("-same\n+same\n\\ No newline at end of file\n")


def test_equal_files_pass(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("same\n", "utf-8")
    golden.compare_golden_tree({"a.md": "same\n"}, tmp_path, "*.md")
    golden.compare_golden("same\n", tmp_path / "a.md")
