"""Git access for `check-pr`: the base commit, what changed since it, and both versions' files.

The judged version (the head) is a commit or the working tree of a repository that need not be
the checkout this code runs from: `check-pr --repo PATH` judges another tree as data. Git runs as
a subprocess with fixed arguments and every reference resolved to a commit id first, so a
reference can never be read as an option. Nothing in the compared files is ever executed: no
external diff tools, no text conversion, no filters, literal path specs.

Only regular files are ever read. A symbolic link or a submodule is reported by its mode and
never followed: its target is neither read nor printed, from the base, the head or the disk.
"""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from urval.messages import say

_GIT = ("git", "--literal-pathspecs", "--no-replace-objects", "-c", "core.quotePath=false")
TIMEOUT_SECONDS = 120

# Git's file modes (`git ls-tree`, `git diff --raw`).
REGULAR = "100644"
EXECUTABLE = "100755"
SYMLINK = "120000"
SUBMODULE = "160000"
REGULAR_MODES = frozenset({REGULAR, EXECUTABLE})
_NO_MODE = "000000"


class GitError(Exception):
    """Git cannot answer the question; carries a Swedish message (a misuse of the command)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Change:
    """One changed path: where it was in the base and is in the head (root-relative, POSIX), and
    its git mode on each side (None where the side has no such path)."""

    old: str | None
    new: str | None
    old_mode: str | None = REGULAR
    new_mode: str | None = REGULAR

    @property
    def kind(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "deleted"
        return "modified" if self.old == self.new else "renamed"

    @property
    def path(self) -> str:
        """The path the change is reported at: the new one, or the old one for a deletion."""
        return self.new if self.new is not None else str(self.old)


def _run(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            [*_GIT, *args], cwd=cwd, input=stdin, capture_output=True, check=False, timeout=TIMEOUT_SECONDS
        )
    except subprocess.TimeoutExpired:
        raise GitError(say("pr_git_failed", detail=f"git {args[0]}: timeout {TIMEOUT_SECONDS} s")) from None
    except FileNotFoundError:
        raise GitError(say("pr_git_missing")) from None
    except OSError as error:
        raise GitError(say("pr_git_failed", detail=error.strerror or str(error))) from None


def _output(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    done = _run(cwd, *args, stdin=stdin)
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(say("pr_git_failed", detail=detail[0] if detail else f"exit {done.returncode}"))
    return done.stdout


def _mode(value: str) -> str | None:
    return None if value == _NO_MODE else value


def parse_raw(raw: bytes) -> list[Change]:
    """Parse `git diff --raw -z`: `:old_mode new_mode old_id new_id status`, then one path (two for
    renames and copies). A copy is a new file; a type change keeps its path with both modes."""
    fields = raw.decode("utf-8", "surrogateescape").split("\0")
    changes: list[Change] = []
    index = 0
    while index < len(fields) and fields[index].startswith(":"):
        old_mode, new_mode, _old_id, _new_id, status = fields[index][1:].split(" ", 4)
        first = fields[index + 1]
        if status[0] in "RC":
            new = fields[index + 2]
            old = None if status[0] == "C" else first
            changes.append(Change(old, new, _mode(old_mode) if old else None, _mode(new_mode)))
            index += 3
            continue
        old_side = first if status[0] != "A" else None
        new_side = first if status[0] != "D" else None
        changes.append(
            Change(old_side, new_side, _mode(old_mode) if old_side else None, _mode(new_mode) if new_side else None)
        )
        index += 2
    return changes


def disk_mode(path: Path) -> str | None:
    """The git mode a file on disk would get, from `lstat` (a link is never followed)."""
    try:
        info = path.lstat()
    except OSError:
        return None
    if stat.S_ISLNK(info.st_mode):
        return SYMLINK
    if stat.S_ISDIR(info.st_mode):
        return SUBMODULE  # git lists an untracked folder only when it is another repository
    if not stat.S_ISREG(info.st_mode):
        return None
    return EXECUTABLE if info.st_mode & stat.S_IXUSR else REGULAR


def safe_relative(path: str) -> PurePosixPath | None:
    """A root-relative path that stays inside the root, or None for anything else."""
    pure = PurePosixPath(path)
    if pure.is_absolute() or not pure.parts or any(part in ("", ".", "..", ".git") for part in pure.parts):
        return None
    return pure


def read_regular(path: Path, limit: int) -> bytes | None:
    """A regular file's bytes (None for anything else or above `limit`), refusing to follow a link
    at the last component: the file is opened with O_NOFOLLOW and checked after opening."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        return file.read(limit + 1)


@dataclass(frozen=True)
class Repository:
    """A git repository, the commit its changes are judged against, and the judged version: a
    commit (`head`) or, when `head` is None, the working tree."""

    root: Path
    base: str  # the base commit's full id
    head: str | None = None  # the head commit's full id; None for the working tree

    @classmethod
    def open(cls, where: Path, base: str, head: str | None = None) -> Repository:
        done = _run(where, "rev-parse", "--show-toplevel")
        if done.returncode != 0:
            raise GitError(say("pr_not_a_repo", path=where.resolve().as_posix()))
        root = Path(done.stdout.decode("utf-8", "surrogateescape").strip())
        return cls(root, _resolve(root, base), _resolve(root, head) if head is not None else None)

    def changes(self) -> list[Change]:
        """Every path that differs between the base and the head, renames paired, with both modes.
        For the working tree, files not yet added to git count too (a new file is new either way)."""
        sides = [self.base, self.head] if self.head is not None else [self.base]
        raw = _output(self.root, "diff", "--raw", "-z", "-M", "--no-ext-diff", "--no-textconv", *sides, "--")
        changes = parse_raw(raw)
        if self.head is None:
            listed = _output(self.root, "ls-files", "-z", "--others", "--exclude-standard")
            for path in listed.decode("utf-8", "surrogateescape").split("\0"):
                if path:
                    name = path.rstrip("/")
                    changes.append(Change(None, name, None, disk_mode(self.root / name)))
        return sorted(changes, key=lambda change: change.path)

    def base_file(self, path: str) -> bytes | None:
        """A regular file's content in the base commit; None when the base has no regular file there
        (a link's target is never read)."""
        return self._blob(self.base, path)

    def _blob(self, commit: str, path: str) -> bytes | None:
        listed = _output(self.root, "ls-tree", "-z", "--full-tree", commit, "--", path).decode("utf-8", "replace")
        entry = listed.split("\0", 1)[0]
        if not entry or entry.split(" ", 1)[0] not in REGULAR_MODES:
            return None
        return self._blobs([entry.split("\t", 1)[0].split(" ")[2]])[0]

    def _blobs(self, object_ids: list[str]) -> list[bytes]:
        """The contents of blobs, read in one `git cat-file --batch` (no filters, no conversion)."""
        if not object_ids:
            return []
        batch = _output(self.root, "cat-file", "--batch", stdin="".join(f"{oid}\n" for oid in object_ids).encode())
        contents, position = [], 0
        for _ in object_ids:
            header_end = batch.index(b"\n", position)
            size = int(batch[position:header_end].split(b" ")[2])
            start = header_end + 1
            contents.append(batch[start : start + size])
            position = start + size + 1  # each content is followed by a newline
        return contents

    def materialise(self, destination: Path, folders: list[str]) -> None:
        """Write the head's regular files under `folders` into `destination`, at the same relative
        paths. Links, submodules and anything else are left out, so whatever reads the copy reads
        only the head's own regular files."""
        if self.head is None:
            for relative, source in self._working_files(folders):
                content = read_regular(source, _COPY_LIMIT)
                if content is not None:
                    _write(destination, relative, content)
            return
        for relative, content in self._commit_files(self.head, folders):
            _write(destination, relative, content)

    def _working_files(self, folders: list[str]) -> Iterator[tuple[PurePosixPath, Path]]:
        for folder in folders:
            top = self.root / folder
            if not _real_folder(self.root, folder):
                continue
            for current, directories, files in os.walk(top, followlinks=False):
                directories[:] = [name for name in directories if name != ".git"]
                for name in files:
                    full = Path(current) / name
                    relative = safe_relative(full.relative_to(self.root).as_posix())
                    if relative is not None and disk_mode(full) in REGULAR_MODES:
                        yield relative, full

    def _commit_files(self, commit: str, folders: list[str]) -> Iterator[tuple[PurePosixPath, bytes]]:
        listed = _output(self.root, "ls-tree", "-r", "-z", "--full-tree", commit, "--", *folders)
        entries: list[tuple[PurePosixPath, str]] = []
        for entry in listed.decode("utf-8", "surrogateescape").split("\0"):
            if not entry:
                continue
            info, path = entry.split("\t", 1)
            mode, kind, object_id = info.split(" ")
            relative = safe_relative(path)
            if kind == "blob" and mode in REGULAR_MODES and relative is not None:
                entries.append((relative, object_id))
        contents = self._blobs([object_id for _, object_id in entries])
        yield from ((relative, content) for (relative, _), content in zip(entries, contents, strict=True))


_COPY_LIMIT = 64 * 1024 * 1024  # a working-tree file larger than this is left out of the copy


def _real_folder(root: Path, folder: str) -> bool:
    """Whether every component of `folder` below `root` is a folder, not a link to one."""
    current = root
    for part in PurePosixPath(folder).parts:
        current = current / part
        try:
            if not stat.S_ISDIR(current.lstat().st_mode):
                return False
        except OSError:
            return False
    return True


def _write(destination: Path, relative: PurePosixPath, content: bytes) -> None:
    target = destination.joinpath(*relative.parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)


def _resolve(root: Path, ref: str) -> str:
    if not ref or ref.startswith("-"):
        raise GitError(say("pr_bad_ref", ref=ref))
    resolved = _run(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    if resolved.returncode != 0:
        raise GitError(say("pr_bad_ref", ref=ref))
    return resolved.stdout.decode("ascii").strip()
