"""What `check-pr` judges: the changed files of the catalogue and the news, both versions of each,
who proposes the change, and the facts the rules need from the base (Adda's accounts, maintainers).

Everything a supplier could change to grant itself rights is read from the base commit.
The data of either version may be malformed (`check` reports that); the accessors here never
assume a shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from urval.catalog import layout
from urval.catalog.problems import Problem, display_path
from urval.catalog.schema import SchemaSet
from urval.catalog.yamlload import MAX_FILE_BYTES, Document, LoadError, load_file, load_text
from urval.messages import say
from urval.pr.git import Change, GitError, Repository

ACCOUNTS_FILE = layout.ACCOUNTS_FILE
ACCOUNTS_SCHEMA = layout.ACCOUNTS.schema
NEWS_DIR = "news"
SUPPLIER_FOLDER = next(folder for folder, kind in layout.ENTRY_FOLDERS.items() if kind == layout.SUPPLIER)
# Folders of the catalogue that only Adda maintains, by the area name their messages use.
ADDA_FOLDERS = {
    layout.REFERENCE_DIR: "reference",
    layout.SCHEMA_DIR: "schema",
    **{folder: folder for folder, kind in layout.ENTRY_FOLDERS.items() if kind != layout.SUPPLIER},
}


def strings(value: Any) -> list[str]:
    """The strings of a list, or nothing when the value is not a list."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def price_lists(data: Any) -> dict[str, tuple[int, dict[str, Any]]]:
    """A supplier's price lists by `valid_from` (the first list of each date) with their index."""
    lists: dict[str, tuple[int, dict[str, Any]]] = {}
    for index, item in enumerate(mapping(data).get("prices") or []):
        if isinstance(item, dict) and isinstance(item.get("valid_from"), str):
            lists.setdefault(item["valid_from"], (index, item))
    return lists


def _under(path: str, folder: str) -> bool:
    return folder in (".", path) or path.startswith(folder + "/")


@dataclass(frozen=True)
class Places:
    """Where the judged folders are, relative to the repository root (POSIX)."""

    catalog: str
    news: str | None

    def area(self, path: str) -> str | None:
        """Which part of the catalogue a path belongs to, or None outside the catalogue and the news."""
        if self.news is not None and _under(path, self.news):
            return "news"
        if not _under(path, self.catalog):
            return None
        inside = (
            PurePosixPath(path).relative_to(self.catalog).parts if self.catalog != "." else PurePosixPath(path).parts
        )
        if inside == (layout.FRAMEWORK_FILE,):
            return "framework"
        if inside == (ACCOUNTS_FILE,):
            return "accounts"
        if len(inside) > 1 and inside[0] == SUPPLIER_FOLDER:
            return "supplier"
        if len(inside) > 1 and inside[0] in ADDA_FOLDERS:
            return ADDA_FOLDERS[inside[0]]
        return "catalog"

    def catalog_file(self, name: str) -> str:
        return name if self.catalog == "." else f"{self.catalog}/{name}"


@dataclass(frozen=True)
class Version:
    """One side of a changed file: its text, and its data when it is catalogue YAML that loads
    (or the problem that kept it from loading)."""

    text: str | None = None
    document: Document | None = None
    problem: Problem | None = None


@dataclass(frozen=True)
class ChangedFile:
    """A changed file, the part of the catalogue it belongs to, and both versions when readable."""

    change: Change
    area: str
    display: str  # where problems are reported: the new path, or the old one for a deletion
    old_display: str | None
    old_version: Version
    new_version: Version

    @property
    def old(self) -> Document | None:
        return self.old_version.document

    @property
    def new(self) -> Document | None:
        return self.new_version.document

    @property
    def kind(self) -> str:
        return self.change.kind

    @property
    def stem(self) -> str:
        return PurePosixPath(self.change.path).stem


@dataclass(frozen=True)
class Review:
    """Everything the pull-request rules and the reviewer's summary look at."""

    author: str
    adda: frozenset[str]  # casefolded logins, from the base commit
    as_of: str
    change_dates: tuple[str, ...] | None  # None when the framework cannot be read
    mode_names: dict[str, str]
    files: tuple[ChangedFile, ...]
    outside: tuple[str, ...]  # display paths of changed files outside the catalogue and the news
    schemas: SchemaSet

    @property
    def by_adda(self) -> bool:
        return self.author.casefold() in self.adda

    def suppliers(self) -> list[ChangedFile]:
        return [file for file in self.files if file.area == "supplier"]


def _places(repo: Repository, catalog: Path) -> Places:
    root = repo.root.resolve()
    try:
        catalog_rel = catalog.resolve().relative_to(root).as_posix()
    except ValueError:
        raise GitError(say("pr_catalog_outside_repo", path=catalog.as_posix(), root=root.as_posix())) from None
    try:
        news_rel: str | None = (layout.docs_dir(catalog) / NEWS_DIR).resolve().relative_to(root).as_posix()
    except ValueError:
        news_rel = None
    return Places(catalog_rel, news_rel)


def _version(full: Path, raw: bytes | None) -> Version:
    if raw is None or len(raw) > MAX_FILE_BYTES:
        return Version()
    text = raw.decode("utf-8", "replace")
    if full.suffix != layout.YAML_SUFFIX:
        return Version(text)
    display = display_path(full)
    try:
        return Version(text, load_text(full, display, raw))
    except LoadError as error:
        return Version(text, problem=Problem(display, error.line, error.column, error.message, error.rule))


def _read_new(full: Path) -> bytes | None:
    try:
        return full.read_bytes() if full.is_file() and full.stat().st_size <= MAX_FILE_BYTES else None
    except OSError:
        return None


def _changed_file(repo: Repository, change: Change, area: str) -> ChangedFile:
    old = _version(repo.root / change.old, repo.show(change.old)) if change.old is not None else Version()
    new = _version(repo.root / change.new, _read_new(repo.root / change.new)) if change.new is not None else Version()
    return ChangedFile(
        change=change,
        area=area,
        display=display_path(repo.root / change.path),
        old_display=display_path(repo.root / change.old) if change.old is not None else None,
        old_version=old,
        new_version=new,
    )


def _adda_accounts(repo: Repository, places: Places) -> frozenset[str]:
    """Adda's logins as the base commit lists them: a pull request cannot make its author Adda."""
    path = places.catalog_file(ACCOUNTS_FILE)
    document = _version(repo.root / path, repo.show(path)).document
    logins = strings(mapping(document.data).get("adda")) if document else []
    return frozenset(login.casefold() for login in logins)


def _framework(catalog: Path) -> tuple[tuple[str, ...] | None, dict[str, str]]:
    """The price change dates and price mode names of the framework in the working tree."""
    path = catalog / layout.FRAMEWORK_FILE
    try:
        data = mapping(load_file(path, display_path(path)).data)
    except LoadError:
        return None, {}
    dates = data.get("price_change_dates")
    modes = {
        str(mode.get("code")): str(mode.get("name", mode.get("code")))
        for mode in data.get("price_modes") or []
        if isinstance(mode, dict)
    }
    return (tuple(strings(dates)) if isinstance(dates, list) else None), modes


def gather(repo: Repository, catalog: Path, author: str, as_of: str) -> Review:
    """Read what changed since the base commit, with both versions of every changed catalogue file."""
    places = _places(repo, catalog)
    judged = [places.catalog, *([places.news] if places.news else [])]
    files: list[ChangedFile] = []
    outside: list[str] = []
    for change in repo.changes(untracked_under=judged):
        # A file moved out of the catalogue is judged where it was.
        area = places.area(change.path) or (places.area(change.old) if change.old else None)
        if area is None:
            outside.append(display_path(repo.root / change.path))
        else:
            files.append(_changed_file(repo, change, area))
    change_dates, mode_names = _framework(catalog)
    return Review(
        author=author,
        adda=_adda_accounts(repo, places),
        as_of=as_of,
        change_dates=change_dates,
        mode_names=mode_names,
        files=tuple(files),
        outside=tuple(outside),
        schemas=SchemaSet.from_dir(catalog / layout.SCHEMA_DIR),
    )
