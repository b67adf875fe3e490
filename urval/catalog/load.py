"""Step 1, load: find every file of a catalogue folder and read each into a positioned document.

A file that cannot be read becomes a problem, never an exception, so one broken file does not
hide the others.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from urval.catalog import layout
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


def _entry_files(folder: Path, problems: list[Problem]) -> list[Path]:
    """The `.yaml` files of an entry folder; anything else there is reported, not ignored."""
    if not folder.is_dir():
        return []
    files = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.suffix == layout.YAML_SUFFIX and path.is_file():
            files.append(path)
        else:
            message = say("file_unexpected", suffix=layout.YAML_SUFFIX)
            problems.append(Problem(display_path(path), 1, 1, message, "file-name"))
    return files


def _news_files(docs: Path) -> list[CatalogFile]:
    folder = docs / layout.NEWS_DIR
    if not folder.is_dir():
        return []
    return [CatalogFile(p, layout.NEWS, layout.NEWS_GROUP, p.stem) for p in sorted(folder.glob("*.md"))]


def discover_framework(root: Path) -> tuple[CatalogFile | None, list[Problem]]:
    """The framework file, read first: it declares which reference lists the catalogue has."""
    path = root / layout.FRAMEWORK_FILE
    if path.is_file():
        return CatalogFile(path, layout.FRAMEWORK, "framework", "framework"), []
    return None, [_missing(path)]


def discover(
    root: Path, docs: Path | None = None, declared: Mapping[str, str] | None = None
) -> tuple[list[CatalogFile], list[Problem]]:
    """Every file the catalogue has or must have besides the framework file, and problems with
    missing or stray files. `declared` maps the framework's own reference lists to their schemas.

    `docs` (default: `docs/` beside the catalogue) holds the news posts, whose front matter is checked too."""
    files: list[CatalogFile] = []
    problems: list[Problem] = []
    accounts_path = root / layout.ACCOUNTS_FILE
    if accounts_path.is_file():
        files.append(CatalogFile(accounts_path, layout.ACCOUNTS, "accounts", "accounts"))
    lists = {**layout.REFERENCE_KINDS, **{n: layout.FileKind(n, s) for n, s in (declared or {}).items()}}
    for name, kind in lists.items():
        path = root / layout.REFERENCE_DIR / f"{name}{layout.YAML_SUFFIX}"
        if path.is_file():
            files.append(CatalogFile(path, kind, "reference", name))
        else:
            problems.append(_missing(path))
    for folder, kind in layout.ENTRY_FOLDERS.items():
        files += [CatalogFile(path, kind, folder, path.stem) for path in _entry_files(root / folder, problems)]
    files += _news_files(docs if docs is not None else layout.docs_dir(root))
    return files, problems


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
