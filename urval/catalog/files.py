"""Only regular files: the catalogue and docs folders are walked without following anything.

Every entry is judged by `os.lstat` (through `os.scandir`, which does not follow links): a
symbolic link, a named pipe, a socket or a device is a problem at its own path, is never read,
never followed, and its target is never quoted. What the walk found (regular files and real
folders) is the only set of paths `discover` may read.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from urval.catalog.problems import Problem, display_path
from urval.messages import say
from urval.messages.keys import MessageKey

RULE = "file-kind"


@dataclass(frozen=True)
class Tree:
    """The regular files and real folders under a root, reached without following a link."""

    files: frozenset[Path]
    dirs: frozenset[Path]

    def is_file(self, path: Path) -> bool:
        return path in self.files

    def is_dir(self, path: Path) -> bool:
        return path in self.dirs


EMPTY = Tree(frozenset(), frozenset())


def kind_message(mode: int) -> MessageKey | None:
    """The message for what a non-regular entry is, or None for a regular file or a folder."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISLNK(mode):
        return "path_symlink"
    if stat.S_ISFIFO(mode):
        return "path_fifo"
    if stat.S_ISSOCK(mode):
        return "path_socket"
    return "path_device"


def refused(path: Path, mode: int) -> Problem | None:
    """A problem when `path` (with lstat mode `mode`) is neither a regular file nor a folder."""
    message = kind_message(mode)
    if message is None:
        return None
    return Problem(display_path(path), 1, 1, say(message, name=path.name), RULE)


def walk(root: Path, problems: list[Problem]) -> Tree:
    """Every regular file and folder under `root` (which must itself be a real folder); every
    other entry is added to `problems`. Nothing is followed, so nothing outside `root` is seen."""
    try:
        mode = os.lstat(root).st_mode
    except OSError:
        return EMPTY
    problem = refused(root, mode)
    if problem is not None:
        problems.append(problem)
        return EMPTY
    if not stat.S_ISDIR(mode):
        return EMPTY
    files: set[Path] = set()
    dirs: set[Path] = {root}
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            path = folder / entry.name
            try:
                entry_mode = entry.stat(follow_symlinks=False).st_mode
            except OSError:
                continue
            if stat.S_ISDIR(entry_mode):
                dirs.add(path)
                pending.append(path)
            elif stat.S_ISREG(entry_mode):
                files.add(path)
            elif (problem := refused(path, entry_mode)) is not None:
                problems.append(problem)
    return Tree(frozenset(files), frozenset(dirs))


def is_regular(path: Path) -> bool:
    """Whether `path` itself (not what a link points to) is a regular file."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False
