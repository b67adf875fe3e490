"""Git access for `check-pr`: the base commit, what changed since it, and the base's file contents.

Git runs as a subprocess with fixed arguments and the base resolved to a commit id first, so a
reference can never be read as an option. Nothing in the compared files is ever executed: no
external diff tools, no text conversion, literal path specs.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from urval.messages import say

_GIT = ("git", "--literal-pathspecs", "-c", "core.quotePath=false")
TIMEOUT_SECONDS = 120


class GitError(Exception):
    """Git cannot answer the question; carries a Swedish message (a misuse of the command)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Change:
    """One changed file: its path in the base commit and in the working tree (root-relative, POSIX)."""

    old: str | None
    new: str | None

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


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run([*_GIT, *args], cwd=cwd, capture_output=True, check=False, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        raise GitError(say("pr_git_failed", detail=f"git {args[0]}: timeout {TIMEOUT_SECONDS} s")) from None
    except FileNotFoundError:
        raise GitError(say("pr_git_missing")) from None
    except OSError as error:
        raise GitError(say("pr_git_failed", detail=error.strerror or str(error))) from None


def _output(cwd: Path, *args: str) -> bytes:
    done = _run(cwd, *args)
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(say("pr_git_failed", detail=detail[0] if detail else f"exit {done.returncode}"))
    return done.stdout


def parse_name_status(raw: bytes) -> list[Change]:
    """Parse `git diff --name-status -z`: a status field, then one path (two for renames and copies)."""
    fields = raw.decode("utf-8", "surrogateescape").split("\0")
    changes: list[Change] = []
    index = 0
    while index < len(fields) and fields[index]:
        status = fields[index][0]
        if status in "RC":
            old, new = fields[index + 1], fields[index + 2]
            changes.append(Change(None if status == "C" else old, new))
            index += 3
            continue
        path = fields[index + 1]
        if status == "A":
            changes.append(Change(None, path))
        elif status == "D":
            changes.append(Change(path, None))
        else:  # M, T (type change), U (unmerged): the same path on both sides
            changes.append(Change(path, path))
        index += 2
    return changes


@dataclass(frozen=True)
class Repository:
    """A git work tree and the commit its changes are judged against."""

    root: Path
    base: str  # the base commit's full id

    @classmethod
    def open(cls, where: Path, ref: str) -> Repository:
        done = _run(where, "rev-parse", "--show-toplevel")
        if done.returncode != 0:
            raise GitError(say("pr_not_a_repo", path=where.as_posix()))
        root = Path(done.stdout.decode("utf-8", "surrogateescape").strip())
        if not ref or ref.startswith("-"):
            raise GitError(say("pr_bad_ref", ref=ref))
        resolved = _run(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
        if resolved.returncode != 0:
            raise GitError(say("pr_bad_ref", ref=ref))
        return cls(root, resolved.stdout.decode("ascii").strip())

    def changes(self, untracked_under: list[str]) -> list[Change]:
        """Every file that differs between the base commit and the working tree, renames paired,
        plus files not yet added to git under the given folders (a new file is new either way)."""
        raw = _output(self.root, "diff", "--name-status", "-z", "-M", "--no-ext-diff", "--no-textconv", self.base, "--")
        changes = parse_name_status(raw)
        if untracked_under:
            listed = _output(self.root, "ls-files", "-z", "--others", "--exclude-standard", "--", *untracked_under)
            changes += [Change(None, path) for path in listed.decode("utf-8", "surrogateescape").split("\0") if path]
        return sorted(changes, key=lambda change: change.path)

    def show(self, path: str) -> bytes | None:
        """A file's content in the base commit, or None when the base has no such file."""
        done = _run(self.root, "show", "--no-textconv", f"{self.base}:{path}")
        return done.stdout if done.returncode == 0 else None
