"""When each catalogue file last changed, and which version of the catalogue is built.

One `git log` over the whole catalogue (not one per file); outside a git checkout, or for files
git does not know, the file's modification date.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import subprocess
from pathlib import Path, PurePosixPath


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, encoding="utf-8", errors="replace", check=False, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def last_changed(folder: Path, pattern: str = "*.yaml") -> dict[Path, dt.date]:
    """The date each file under `folder` (matching `pattern`) was last committed, or its
    modification date when it is not committed or has uncommitted changes."""
    found: dict[Path, dt.date] = {}
    top = _git(folder, "rev-parse", "--show-toplevel")
    log = _git(folder, "-c", "core.quotepath=off", "log", "--format=@%cs", "--name-only", "--", ".") if top else None
    if top and log:
        base, current = Path(top.strip()), None
        for line in log.splitlines():
            if line.startswith("@"):
                current = dt.date.fromisoformat(line[1:])
            elif line and current and fnmatch.fnmatch(PurePosixPath(line).name, pattern):
                found.setdefault((base / line).resolve(), current)
    dirty = _git(folder, "-c", "core.quotepath=off", "status", "--porcelain", "--", ".") if top else None
    modified = {(Path(top.strip()) / line[3:]).resolve() for line in (dirty or "").splitlines()} if top else set()
    for path in folder.rglob(pattern):
        resolved = path.resolve()
        if resolved not in found or resolved in modified:
            found[resolved] = dt.date.fromtimestamp(path.stat().st_mtime)
    return {path: day for path, day in found.items() if path.is_file()}  # not files deleted since


def version(folder: Path) -> str:
    """The catalogue's commit (short hash, marked when the working tree differs), or an empty string."""
    commit = _git(folder, "rev-parse", "--short=12", "HEAD")
    if not commit:
        return ""
    dirty = _git(folder, "status", "--porcelain", "--", ".")
    return commit.strip() + ("+" if dirty else "")


def repository_path(folder: Path) -> str:
    """The folder's path inside its git repository (`catalog`, `examples/hvb-barn-unga/catalog`),
    as git reports it; an empty string outside a checkout (no address is guessed)."""
    prefix = _git(folder, "rev-parse", "--show-prefix")
    return prefix.strip().rstrip("/") if prefix is not None else ""
