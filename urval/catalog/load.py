"""Step 1, load: find every file of a catalogue folder and read each into a positioned document.

A file that cannot be read becomes a problem, never an exception, so one broken file does not
hide the others.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from urval.catalog import files, layout
from urval.catalog.problems import Problem, display_path
from urval.catalog.yamlload import Document, LoadError, load_file, load_text, read_limited
from urval.messages import say


@dataclass(frozen=True)
class CatalogFile:
    """One file the catalogue should contain: where it is and what kind it is."""

    path: Path
    kind: layout.FileKind
    group: str  # "framework", "reference" or an entry folder name
    name: str  # reference list name or entry id (the file stem)


@dataclass(frozen=True)
class Loaded:
    """A document, the file it came from, and whether it passed its schema."""

    file: CatalogFile
    document: Document
    valid: bool = True


@dataclass
class LoadedCatalog:
    root: Path
    framework: Loaded | None = None
    accounts: Loaded | None = None
    reference: dict[str, Loaded] = field(default_factory=dict)
    entries: dict[str, dict[str, Loaded]] = field(default_factory=dict)  # folder -> id -> document
    entry_names: dict[str, set[str]] = field(default_factory=dict)  # folder -> every file stem, readable or not
    files_read: int = 0

    def add(self, loaded: Loaded) -> None:
        file = loaded.file
        if file.group == "framework":
            self.framework = loaded
        elif file.group == "accounts":
            self.accounts = loaded
        elif file.group == "reference":
            self.reference[file.name] = loaded
        else:
            self.entries.setdefault(file.group, {})[file.name] = loaded


def _missing(path: Path) -> Problem:
    return Problem(display_path(path), 1, 1, say("file_missing"), "file-missing")


def _not_a_file(path: Path) -> Problem:
    return Problem(display_path(path), 1, 1, say("path_directory", name=path.name), files.RULE)


# Adda's follow-up and sanction files are named like supplier ids: [a-z0-9-], 3–64 characters.
ENTRY_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$")


def _entry_files(folder: Path, tree: files.Tree, problems: list[Problem]) -> list[Path]:
    """The `.yaml` files of an entry folder; anything else there is reported, not ignored."""
    if not tree.is_dir(folder):
        return []
    found = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.suffix == layout.YAML_SUFFIX and tree.is_file(path):
            found.append(path)
        elif path.suffix == layout.YAML_SUFFIX and tree.is_dir(path):
            problems.append(_not_a_file(path))
        elif tree.is_file(path) or tree.is_dir(path):
            message = say("file_unexpected", suffix=layout.YAML_SUFFIX)
            problems.append(Problem(display_path(path), 1, 1, message, "file-name"))
        # anything else (a link, a pipe …) is reported by the walk
    return found


def _entry_names(folder: str, paths: list[Path], problems: list[Problem]) -> list[Path]:
    """Report follow-up and sanction files whose names break the id pattern (suppliers' names
    are judged by their `id` rule); they are still read, so their other problems show too."""
    if folder != "suppliers":
        for path in paths:
            if not ENTRY_NAME.match(path.stem):
                message = say("file_name_pattern", name=path.name)
                problems.append(Problem(display_path(path), 1, 1, message, "file-name"))
    return paths


def _news_files(docs: Path, tree: files.Tree, problems: list[Problem]) -> list[CatalogFile]:
    folder = docs / layout.NEWS_DIR
    if not tree.is_dir(folder):
        return []
    found = []
    for path in sorted(folder.glob("*.md")):
        if tree.is_file(path):
            found.append(CatalogFile(path, layout.NEWS, layout.NEWS_GROUP, path.stem))
        elif tree.is_dir(path):
            problems.append(_not_a_file(path))
    return found


def _required(path: Path, tree: files.Tree, problems: list[Problem]) -> bool:
    """Whether a file the catalogue must have is there as a regular file (else a problem, unless
    the walk already reported what it is)."""
    if tree.is_file(path):
        return True
    if tree.is_dir(path):
        problems.append(_not_a_file(path))
    elif not os.path.lexists(path):
        problems.append(_missing(path))
    return False


def discover_framework(root: Path) -> tuple[CatalogFile | None, list[Problem]]:
    """The framework file, read first: it declares which reference lists the catalogue has. A
    link or pipe in its place is reported by `discover`'s walk, once."""
    problems: list[Problem] = []
    path = root / layout.FRAMEWORK_FILE
    if _required(path, files.walk(root, []), problems):
        return CatalogFile(path, layout.FRAMEWORK, "framework", "framework"), problems
    return None, problems


def discover(
    root: Path, docs: Path | None = None, declared: Mapping[str, str] | None = None
) -> tuple[list[CatalogFile], list[Problem]]:
    """Every file the catalogue has or must have besides the framework file, and problems with
    missing, stray or non-regular files (symbolic links, pipes …, anywhere under the catalogue or
    docs folder). `declared` maps the framework's own reference lists to their schemas.

    `docs` (default: `docs/` beside the catalogue) holds the news posts, whose front matter is checked too."""
    found: list[CatalogFile] = []
    problems: list[Problem] = []
    docs = docs if docs is not None else layout.docs_dir(root)
    tree = files.walk(root, problems)
    docs_tree = files.walk(docs, problems)
    accounts_path = root / layout.ACCOUNTS_FILE
    if tree.is_file(accounts_path):
        found.append(CatalogFile(accounts_path, layout.ACCOUNTS, "accounts", "accounts"))
    elif tree.is_dir(accounts_path):
        problems.append(_not_a_file(accounts_path))
    lists = {**layout.REFERENCE_KINDS, **{n: layout.FileKind(n, s) for n, s in (declared or {}).items()}}
    for name, kind in lists.items():
        path = root / layout.REFERENCE_DIR / f"{name}{layout.YAML_SUFFIX}"
        if _required(path, tree, problems):
            found.append(CatalogFile(path, kind, "reference", name))
    for folder, kind in layout.ENTRY_FOLDERS.items():
        paths = _entry_names(folder, _entry_files(root / folder, tree, problems), problems)
        found += [CatalogFile(path, kind, folder, path.stem) for path in paths]
    found += _news_files(docs, docs_tree, problems)
    return found, problems


def front_matter(raw: bytes) -> bytes | None:
    """The YAML between a Markdown file's opening `---` and the next `---`, with the opening line
    blanked so that line numbers stay those of the file; None when there is none."""
    lines = raw.split(b"\n")
    if not lines or lines[0].rstrip() != b"---":
        return None
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() == b"---":
            return b"\n".join([b"", *lines[1:index]]) + b"\n"
    return None


def read(file: CatalogFile) -> Document | Problem:
    display = display_path(file.path)
    try:
        if file.kind != layout.NEWS:  # compare by value: files cross process boundaries
            return load_file(file.path, display)
        raw = read_limited(file.path)
        header = front_matter(raw)
        if header is None:
            return Problem(display, 1, 1, say("news_front_matter_missing"), "news-front-matter")
        return load_text(file.path, display, header)
    except LoadError as error:
        return Problem(display, error.line, error.column, error.message, error.rule)
