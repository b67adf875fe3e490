"""The build: check -> model -> render -> write -> mkdocs -> index, into a temporary folder that
replaces the output folder only when every stage succeeded. A failed build leaves the previous
site exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import logging
import multiprocessing
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from urval.catalog import history, layout
from urval.catalog.check import CheckCache, check_catalog
from urval.catalog.invisible import escape_invisible
from urval.catalog.problems import display_path, format_problems
from urval.memory import gc_paused, kept_alive
from urval.messages import say
from urval.model.build import History, build_model
from urval.model.types import Catalogue
from urval.site import navigation
from urval.site.csp import STATIC_SUFFIXES, unsafe_static_files
from urval.site.direct import DirectPages, Shells, UnsafeDirectPage, add_to_sitemap, write_page, write_placeholders
from urval.site.export import FILES as OPEN_DATA
from urval.site.export import write_open_data
from urval.site.feeds import write_feeds
from urval.site.index import Indexing, PagefindFailed, SearchSource
from urval.site.links import broken_links
from urval.site.render import Renderer, long_date, news_words, site_words
from urval.site.repository import Repository, add_reference_links
from urval.site.shell import ShellChanged, toc_renderer
from urval.site.stages import StageLog
from urval.site.suggest import write_word_list

REPO = Path(__file__).resolve().parents[2]
SITE_ASSETS = REPO / layout.DOCS_DIR / "assets"


@dataclass(frozen=True)
class BuildOptions:
    catalog: Path
    out: Path
    as_of: dt.date
    config: Path = REPO / "mkdocs.yml"
    site_url: str | None = None  # where the site is published (absolute links in feeds); default: mkdocs.yml

    def published_url(self) -> str:
        """Where the site is published: `site_url`, else the config file's."""
        if self.site_url:
            return self.site_url
        config = yaml.load(self.config.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
        return str(config.get("site_url") or "")

    @property
    def docs(self) -> Path:
        """The hand-written pages: `docs/` beside the catalogue, the one folder `check` reads too."""
        return layout.docs_dir(self.catalog)


class BuildFailed(Exception):
    """A stage failed; the message (Swedish) says which and why. The output folder is untouched."""


def known_history(catalog: Path) -> History:
    """What git knows of the catalogue: when each file last changed, its version, its place."""
    changed = history.last_changed(catalog)
    suppliers_dir = (catalog / layout.SUPPLIERS_DIR).resolve()
    return History(
        supplier_changed={path.stem: day for path, day in changed.items() if path.parent == suppliers_dir},
        catalogue_changed=max(changed.values(), default=None),
        version=history.version(catalog),
        repository_path=history.repository_path(catalog),
    )


def model_for(
    options: BuildOptions, log: StageLog, cache: CheckCache | None = None, known: History | None = None
) -> Catalogue:
    """The model of the catalogue, checked (with `cache`, as `serve` keeps it) and with git's
    history (`known`, as `serve` keeps it from its last full build: an edit is no commit)."""
    with log.stage("stage_check"):
        result = check_catalog(options.catalog, docs=options.docs, cache=cache)
    valid = result.catalogue
    if valid is None:
        raise BuildFailed(format_problems(result.problems, result.files_checked, "text"))
    with log.stage("stage_model"), gc_paused():
        return build_model(valid, options.as_of, known or known_history(options.catalog), news_words=news_words())


def _refuse_irregular(folder: str, names: list[str]) -> list[str]:
    """`shutil.copytree`'s filter: copy nothing but regular files and real folders (`check` has
    already refused anything else; this keeps the copy from ever following a link)."""
    for name in names:
        mode = os.lstat(Path(folder) / name).st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            raise BuildFailed(say("build_not_regular", path=display_path(Path(folder) / name)))
    return []


def copy_regular_tree(source: Path, target: Path, *, merge: bool = False) -> None:
    """Copy a folder of regular files and folders (over what `target` holds, with `merge`);
    anything else fails the build."""
    if not os.path.lexists(source):
        raise BuildFailed(say("build_folder_missing", path=display_path(source)))
    if not stat.S_ISDIR(os.lstat(source).st_mode):
        raise BuildFailed(say("build_not_regular", path=display_path(source)))
    shutil.copytree(source, target, symlinks=True, ignore=_refuse_irregular, dirs_exist_ok=merge)


def mark_changed(source: Path, copy: Path) -> None:
    """Give every hand-written page in `copy` a `changed:` date (its last commit) in its front
    matter; the theme shows it as every date on the site is shown (`shown_date`)."""
    for path, day in history.last_changed(source, "*.md").items():
        target = copy / path.relative_to(source.resolve())
        text = target.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            target.write_text(f"---\nchanged: {day.isoformat()}\n{text[4:]}", encoding="utf-8")
        else:
            target.write_text(f"---\nchanged: {day.isoformat()}\n---\n\n{text}", encoding="utf-8")


# Above this many suppliers the pages rendered straight to HTML are rendered by one forked
# process per core.
PARALLEL_FROM_SUPPLIERS = 500

SHARES_PER_WORKER = 4

# What forked workers inherit (set just before forking): the pages, the site and search's folder.
_FORKED: tuple[DirectPages, Path, Path] | None = None


def renderer_for(catalogue: Catalogue, options: BuildOptions) -> Renderer:
    """A build's one renderer: its Markdown pages and its pages straight to HTML are listed once
    (`Renderer.specs`), and forked workers inherit the list."""
    return Renderer(catalogue, schema_dir=options.catalog / layout.SCHEMA_DIR, site_url=options.published_url())


def markdown_pages(renderer: Renderer) -> dict[str, str]:
    """The generated pages mkdocs builds, as Markdown by their path in the docs folder."""
    return {page.path: page.text for page in renderer.pages()}


def _write_markdown_pages(pages: dict[str, str], docs: Path) -> None:
    for path, text in pages.items():
        write_page(docs / path, text)


def _forked_share(share: tuple[int, int]) -> list[str]:
    assert _FORKED is not None
    pages, site, search = _FORKED
    try:
        return pages.write(site, *share, search=search)
    except UnsafeDirectPage as unsafe:
        raise BuildFailed(str(unsafe)) from None


def _write_in_parallel(pages: DirectPages, site: Path, search: Path, log: StageLog) -> list[str]:
    """The pages in shares, to one forked process per core that inherits the model and the shells
    instead of receiving a copy of them. Four shares per core, handed out as processes finish: the
    pages differ in cost (at 10,000 suppliers a filter page takes as long as 80 supplier pages),
    and a process with nothing left to do would otherwise wait for the other."""
    global _FORKED  # noqa: PLW0603 - handed to the forked workers, then cleared
    workers = os.cpu_count() or 2
    shares = [(share, workers * SHARES_PER_WORKER) for share in range(workers * SHARES_PER_WORKER)]
    written: list[str] = []
    _FORKED = (pages, site, search)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for done, paths in enumerate(pool.imap_unordered(_forked_share, shares), start=1):
                written += paths
                log.progress(done, len(shares))
    finally:
        _FORKED = None
    return written


def write_direct_pages(
    renderer: Renderer, config: MkDocsConfig, site: Path, log: StageLog, *, search: Path
) -> tuple[DirectPages, SearchSource]:
    """The pages rendered straight to HTML, in the shells mkdocs built, into the site and its site
    map, and what search indexes of them into `search`."""
    toc = toc_renderer(config)
    try:
        pages = DirectPages(renderer, Shells.read(site, renderer.html_folders(), toc), toc)
    except ShellChanged as changed:
        raise BuildFailed(say("build_shell_changed", detail=str(changed))) from None
    built_by_mkdocs = [page.relative_to(site).as_posix() for page in site.rglob("*.html")]
    if len(renderer.catalogue.suppliers) >= PARALLEL_FROM_SUPPLIERS and (os.cpu_count() or 1) > 1:
        written = _write_in_parallel(pages, site, search, log)
    else:
        try:
            written = pages.write(site, search=search)
        except UnsafeDirectPage as unsafe:
            raise BuildFailed(str(unsafe)) from None
    add_to_sitemap(site, written)
    ours = set(written)  # the listing index pages replaced the shells mkdocs built at their place
    return pages, SearchSource(search, tuple(sorted(name for name in built_by_mkdocs if name not in ours)))


def check_links(site: Path, site_url: str) -> None:
    broken = broken_links(site, site_url)
    if broken:
        raise BuildFailed("\n".join(broken))


def write_sources(renderer: Renderer, options: BuildOptions, docs: Path, log: StageLog) -> dict[str, str]:
    """The hand-written pages, the generated pages, the open data's names and the schemas, in one
    folder; returns the generated Markdown pages."""
    catalogue = renderer.catalogue
    schema_dir = options.catalog / layout.SCHEMA_DIR
    with log.stage("stage_render"):
        copy_regular_tree(options.docs, docs)
        mark_changed(options.docs, docs)
        # The site's own scripts, styles and map are code, the same for every catalogue: they
        # come from the repository, over anything a catalogue's docs/assets would hold.
        copy_regular_tree(SITE_ASSETS, docs / "assets", merge=True)
        write_word_list(catalogue, docs / "sok")  # the search page's "Menade du …?" words
        add_reference_links(docs, Repository.of(site_words(), catalogue.repository_path))
        copy_regular_tree(schema_dir, docs / "schema")
        markdown = markdown_pages(renderer)
        _write_markdown_pages(markdown, docs)
        write_placeholders(docs, renderer.html_folders())
        # The open data is written beside the build (`OpenDataAside`); mkdocs copies empty files
        # of its names, so links to it resolve.
        (docs / "data").mkdir(parents=True, exist_ok=True)
        for name in OPEN_DATA:
            (docs / "data" / name).write_bytes(b"")
    return markdown


# What the forked open data writer inherits (set just before forking): the model, the folder
# and the time of the build.
_OPEN_DATA: tuple[Catalogue, Path, dt.datetime] | None = None


def _forked_open_data() -> None:
    assert _OPEN_DATA is not None
    write_open_data(*_OPEN_DATA)


class OpenDataAside:
    """The open data, written into `folder` by a forked process while mkdocs and the HTML pages
    are built (neither needs the other, and mkdocs leaves a core idle); `into` waits for it and
    puts it in place of the empty files mkdocs copied."""

    def __init__(self, catalogue: Catalogue, folder: Path) -> None:
        global _OPEN_DATA  # noqa: PLW0603 - handed to the forked writer, then cleared
        _OPEN_DATA = (catalogue, folder, dt.datetime.now(dt.UTC))
        try:
            self.pool = multiprocessing.get_context("fork").Pool(1)
        finally:
            _OPEN_DATA = None
        self.folder = folder
        self.written = self.pool.apply_async(_forked_open_data)

    def into(self, data: Path) -> None:
        self.written.get()  # the writer's exception, if it failed
        for name in OPEN_DATA:
            (self.folder / name).replace(data / name)

    def __enter__(self) -> OpenDataAside:
        return self

    def __exit__(self, *_: object) -> None:
        self.pool.terminate()
        self.pool.join()


def run_mkdocs(catalogue: Catalogue, options: BuildOptions, docs: Path, site: Path) -> MkDocsConfig:
    """Build the HTML with mkdocs; returns its configuration (the site's URL, the theme)."""
    extra = {
        "urval": {
            "organisation": catalogue.framework.organisation,
            "status": catalogue.framework_status,
            "status_text": site_words()["framework_status"][catalogue.framework_status],
            "as_of_text": long_date(catalogue.as_of),
            "built_text": long_date(dt.date.today()),
            "version": catalogue.version,
        }
    }
    overrides: dict[str, Any] = {"site_url": options.site_url} if options.site_url else {}
    overrides.update(navigation.overrides(catalogue, options.config))
    config = load_config(
        config_file=str(options.config),
        docs_dir=str(docs),
        site_dir=str(site),
        strict=True,
        site_name=f"Urvalsdata – {catalogue.framework.name}",
        extra=extra,
        **overrides,
    )
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("mkdocs %(levelname)s: %(message)s"))
    handler.setLevel(logging.WARNING)
    logger.addHandler(handler)
    errors = _ErrorRecords()
    logger.addHandler(errors)
    try:
        mkdocs_build(config)
    except MkDocsException as error:
        # mkdocs logs why a page failed and raises only "Aborted"; the reason belongs in the failure.
        detail = "\n".join([*errors.messages, str(error)])
        raise BuildFailed(say("build_mkdocs_failed", detail=detail)) from None
    finally:
        logger.removeHandler(handler)
        logger.removeHandler(errors)
    return config


class _ErrorRecords(logging.Handler):
    """Keeps the messages of mkdocs' errors (a hook's reason for refusing a page among them)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def refuse_unsafe_static_files(docs: Path, site: Path) -> None:
    """Pages are judged as mkdocs writes them (urval/site/mkdocs_hooks.py); the HTML and SVG
    files it copies from docs/ as they are carry no policy, so they may hold no code at all."""
    names = sorted(
        path.relative_to(docs).as_posix() for path in docs.rglob("*") if path.suffix.lower() in STATIC_SUFFIXES
    )
    unsafe = unsafe_static_files(site, names)
    if unsafe:
        lines = [say("build_unsafe_page", page=page, what=escape_invisible(what)) for page, what in unsafe]
        raise BuildFailed("\n".join(lines))


def replace_folder(new: Path, out: Path) -> None:
    """Put `new` where `out` is, swapping by rename so no reader sees a half-written site."""
    if out.exists():
        old = out.with_name(f".{out.name}-old")
        shutil.rmtree(old, ignore_errors=True)
        out.rename(old)
        new.rename(out)
        shutil.rmtree(old)
    else:
        new.rename(out)


@contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """One build at a time into `out`: a lock file beside it (`.<out>.lock`, flock, released by
    the system when a build dies). A second build says why and stops; it never interleaves."""
    lock_path = out.with_name(f".{out.name}.lock")
    with lock_path.open("a") as lock:
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildFailed(say("build_locked", out=display_path(out), lock=lock_path.name)) from None
        try:
            yield
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def remove_leftovers(out: Path) -> None:
    """The temporary folders of builds into `out` that were killed (`.<out>-build-*`, and a
    previous site not yet removed). Called only while holding the lock: no build is running."""
    for leftover in [*out.parent.glob(f".{out.name}-build-*"), out.with_name(f".{out.name}-old")]:
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)


@dataclass(frozen=True)
class BuiltSite:
    """A finished build as `serve` keeps it, to bring the site up to date after an edit
    (`urval.site.incremental`) without mkdocs."""

    catalogue: Catalogue
    direct: DirectPages  # the pages rendered straight to HTML: their renderer and shells
    markdown: dict[str, str]  # the generated pages mkdocs built, as Markdown
    history: History  # what git knew of the catalogue at the build


def build_site(options: BuildOptions, log: StageLog) -> Catalogue:
    """Build the site into `options.out`. Raises BuildFailed, leaving `out` untouched."""
    return build_site_kept(options, log).catalogue


def build_site_kept(options: BuildOptions, log: StageLog, cache: CheckCache | None = None) -> BuiltSite:
    """`build_site`, keeping what a later update needs; `serve` passes the `cache` it keeps, so
    files unchanged since its last build are not checked again."""
    out = options.out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with output_lock(out):
        remove_leftovers(out)
        return _build_locked(options, out, log, cache)


def _build_pages(
    renderer: Renderer, options: BuildOptions, docs: Path, site: Path, log: StageLog, *, search: Path
) -> tuple[MkDocsConfig, DirectPages, SearchSource]:
    """mkdocs' pages, then ours in its shells: the site but for its open data and search index."""
    with log.stage("stage_mkdocs"):
        config = run_mkdocs(renderer.catalogue, options, docs, site)
        write_feeds(renderer.catalogue, site, str(config.site_url or ""), site_words())
        refuse_unsafe_static_files(docs, site)
    with log.stage("stage_html"):
        direct, source = write_direct_pages(renderer, config, site, log, search=search)
    return config, direct, source


def _build_locked(options: BuildOptions, out: Path, log: StageLog, cache: CheckCache | None) -> BuiltSite:
    known = known_history(options.catalog)
    catalogue = model_for(options, log, cache, known)
    with kept_alive():  # the model, through every stage after it
        return _build_from(catalogue, known, options, out, log)


def _build_from(catalogue: Catalogue, known: History, options: BuildOptions, out: Path, log: StageLog) -> BuiltSite:
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}-build-", dir=out.parent))
    try:
        docs, site = work / "docs", work / "site"
        renderer = renderer_for(catalogue, options)
        markdown = write_sources(renderer, options, docs, log)
        with OpenDataAside(catalogue, work / "data") as open_data:
            config, direct, search = _build_pages(renderer, options, docs, site, log, search=work / "search")
            with log.stage("stage_data"):  # what is left of it once the pages are written
                open_data.into(site / "data")
        # Pagefind indexes while the links are checked, into a folder beside the site (the check
        # sees the site as it was before); the stage "index" is what is left of it after.
        with Indexing(site, work / "pagefind", search) as indexing:
            with log.stage("stage_links"):
                check_links(site, str(config.site_url or ""))
            with log.stage("stage_index"):
                try:
                    indexing.finish()
                except PagefindFailed as error:
                    raise BuildFailed(say("build_pagefind_failed", detail=str(error))) from None
        (work / "pagefind").rename(site / "pagefind")
        replace_folder(site, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return BuiltSite(catalogue, direct, markdown, known)
