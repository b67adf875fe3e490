"""Golden files: expected output kept in the repository, compared with what the code makes now.

A mismatch fails with a unified diff of every differing file (expected, then actual), so the
failure says what changed, not only where. `make golden` (UPDATE_GOLDEN=1) rewrites the files
from the current code instead; review `git diff` before committing them.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from pathlib import Path

UPDATE_GOLDEN = os.environ.get("UPDATE_GOLDEN") == "1"
REGENERATE = "run `make golden` and review the diff if the change is intended"


def file_diff(name: str, expected: str | None, actual: str | None) -> str:
    """A unified diff of one file; None stands for a file that does not exist on that side."""
    lines = difflib.unified_diff(
        (expected or "").splitlines(keepends=True),
        (actual or "").splitlines(keepends=True),
        fromfile=f"expected/{name}" if expected is not None else "/dev/null",
        tofile=f"actual/{name}" if actual is not None else "/dev/null",
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def tree_diff(expected: Mapping[str, str], actual: Mapping[str, str]) -> str:
    """Unified diffs of every file that differs between two {relative path: text} trees, by path."""
    return "".join(
        file_diff(name, expected.get(name), actual.get(name))
        for name in sorted(expected.keys() | actual.keys())
        if expected.get(name) != actual.get(name)
    )


def read_tree(folder: Path, pattern: str) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): path.read_text("utf-8") for path in sorted(folder.rglob(pattern))}


def compare_golden(actual: str, golden: Path) -> None:
    """`actual` must equal the golden file's text; with UPDATE_GOLDEN the file is rewritten."""
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
        return
    expected = golden.read_text(encoding="utf-8") if golden.is_file() else None
    diff = file_diff(golden.name, expected, actual)
    assert not diff, f"{golden} differs from the output ({REGENERATE}):\n{diff}"


def compare_golden_tree(actual: Mapping[str, str], folder: Path, pattern: str) -> None:
    """The files matching `pattern` under `folder` must be exactly `actual`: none added, removed or changed."""
    if UPDATE_GOLDEN:
        for old in folder.rglob(pattern):
            old.unlink()
        for name, text in actual.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
    diff = tree_diff(read_tree(folder, pattern), actual)
    assert not diff, f"the output differs from the golden files in {folder} ({REGENERATE}):\n{diff}"
