"""What `check-pr` judges: every changed path, both versions of each changed catalogue and news
file, who proposes the change, and the facts the rules need from the base (Adda's accounts,
maintainers).

Everything a supplier could change to grant itself rights is read from the base commit. Paths
are relative to the root of the judged repository, as git names them.
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
from urval.pr.git import Change, Repository, read_regular, safe_relative

ACCOUNTS_FILE = layout.ACCOUNTS_FILE
ACCOUNTS_SCHEMA = layout.ACCOUNTS.schema
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
    docs: str
    news: str

    def area(self, path: str) -> str | None:
        """Which part of the catalogue a path belongs to, or None outside the catalogue and the news."""
        if _under(path, self.news):
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
    display: str  # where problems are reported (root-relative): the new path, or the old one for a deletion
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
    changes: tuple[Change, ...]  # every changed path, with its git modes
    places: Places
    files: tuple[ChangedFile, ...]
    outside: tuple[str, ...]  # paths of changed files outside the catalogue and the news
    schemas: SchemaSet

    @property
    def by_adda(self) -> bool:
        return self.author.casefold() in self.adda

    def suppliers(self) -> list[ChangedFile]:
        return [file for file in self.files if file.area == "supplier"]


def places(catalog: str) -> Places:
    """Where the catalogue and the news posts are in a repository whose catalogue is `catalog`."""
    docs = PurePosixPath(catalog).parent / layout.DOCS_DIR  # as `layout.docs_dir` finds it
    return Places(PurePosixPath(catalog).as_posix(), docs.as_posix(), (docs / layout.NEWS_DIR).as_posix())


def _version(path: str, raw: bytes | None) -> Version:
    if raw is None or len(raw) > MAX_FILE_BYTES:
        return Version()
    text = raw.decode("utf-8", "replace")
    if PurePosixPath(path).suffix != layout.YAML_SUFFIX:
        return Version(text)
    try:
        return Version(text, load_text(Path(path), path, raw))
    except LoadError as error:
        return Version(text, problem=Problem(path, error.line, error.column, error.message, error.rule))


def _read_new(tree: Path, path: str) -> bytes | None:
    """A file of the judged version, from its copy that holds only regular files."""
    relative = safe_relative(path)
    return read_regular(tree.joinpath(*relative.parts), MAX_FILE_BYTES) if relative is not None else None


def _changed_file(repo: Repository, tree: Path, change: Change, area: str) -> ChangedFile:
    old = _version(change.old, repo.base_file(change.old)) if change.old is not None else Version()
    new = _version(change.new, _read_new(tree, change.new)) if change.new is not None else Version()
    return ChangedFile(
        change=change,
        area=area,
        display=change.path,
        old_display=change.old,
        old_version=old,
        new_version=new,
    )


def _adda_accounts(repo: Repository, places: Places) -> frozenset[str]:
    """Adda's logins as the base commit lists them: a pull request cannot make its author Adda."""
    path = places.catalog_file(ACCOUNTS_FILE)
    document = _version(path, repo.base_file(path)).document
    logins = strings(mapping(document.data).get("adda")) if document else []
    return frozenset(login.casefold() for login in logins)


def _framework(catalog: Path) -> tuple[tuple[str, ...] | None, dict[str, str]]:
    """The price change dates and price mode names of the framework in the judged version."""
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


def gather(repo: Repository, catalog: str, tree: Path, author: str, as_of: str) -> Review:
    """Read what changed since the base commit, with both versions of every changed catalogue file.

    `catalog` is the catalogue folder relative to the repository root; `tree` holds the judged
    version's regular files (see `Repository.materialise`), and is the only place its files are
    read from."""
    where = places(catalog)
    files: list[ChangedFile] = []
    outside: list[str] = []
    changes = repo.changes()
    for change in changes:
        # A file moved out of the catalogue is judged where it was.
        area = where.area(change.path) or (where.area(change.old) if change.old else None)
        if area is None:
            outside.append(change.path)
        else:
            files.append(_changed_file(repo, tree, change, area))
    judged_catalog = tree / catalog
    change_dates, mode_names = _framework(judged_catalog)
    return Review(
        author=author,
        adda=_adda_accounts(repo, where),
        as_of=as_of,
        change_dates=change_dates,
        mode_names=mode_names,
        changes=tuple(changes),
        places=where,
        files=tuple(files),
        outside=tuple(outside),
        schemas=SchemaSet.from_dir(judged_catalog / layout.SCHEMA_DIR),
    )
