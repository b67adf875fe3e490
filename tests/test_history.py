"""Last-changed dates come from the catalogue's git history, else from the file's own date."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from urval.catalog import history


def git(folder: Path, *args: str, when: str = "2024-03-05T10:00:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, env=env)


def test_committed_dirty_untracked_and_deleted_files(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "test@example.se")
    git(tmp_path, "config", "user.name", "Test")
    for name in ("kept.yaml", "edited.yaml", "gone.yaml", "å-namn.yaml"):
        (tmp_path / name).write_text("a: 1\n", encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first")
    (tmp_path / "gone.yaml").unlink()
    git(tmp_path, "commit", "-q", "-am", "remove", when="2024-04-01T10:00:00")
    (tmp_path / "edited.yaml").write_text("a: 2\n", encoding="utf-8")
    (tmp_path / "new.yaml").write_text("a: 3\n", encoding="utf-8")
    old = dt.datetime(2020, 1, 2).timestamp()
    os.utime(tmp_path / "new.yaml", (old, old))

    dates = {path.name: day for path, day in history.last_changed(tmp_path).items()}

    assert dates["kept.yaml"] == dt.date(2024, 3, 5)
    assert dates["å-namn.yaml"] == dt.date(2024, 3, 5)
    assert dates["edited.yaml"] == dt.date.today()
    assert dates["new.yaml"] == dt.date(2020, 1, 2)
    assert "gone.yaml" not in dates
    assert history.version(tmp_path).endswith("+")


def test_outside_git_the_file_date_counts(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("a: 1\n", encoding="utf-8")
    old = dt.datetime(2021, 6, 7).timestamp()
    os.utime(tmp_path / "x.yaml", (old, old))
    assert {p.name: d for p, d in history.last_changed(tmp_path).items()} == {"x.yaml": dt.date(2021, 6, 7)}
    assert history.version(tmp_path) == ""
