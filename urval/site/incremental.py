"""Bringing a built site up to date after edits to supplier files, without mkdocs: what `serve`
does between a person saving a file and the open page showing it.

The model is built again from the whole catalogue (the check reads only the edited files again,
`CheckCache`), and every page the edit can reach is rendered again:

- pages rendered straight to HTML that show an edited supplier (before or after the edit) or draw
  on every supplier, into the shells of the last full build;
- the generated Markdown pages mkdocs builds are rendered too, and compared with the last full
  build's: when one differs (a supplier's new name on the sanctions register, say), or a page
  appears or goes away, only a full build brings the site up to date, and the caller does that.

The open data and the search index follow after the pages (`refresh_data`, `refresh_index`).
"""

from __future__ import annotations

import datetime as dt
import shutil
import signal
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from urval.catalog import layout
from urval.catalog.check import CheckCache
from urval.site.direct import DirectPages, UnsafeDirectPage
from urval.site.export import write_open_data
from urval.site.index import PagefindFailed, index_site
from urval.site.pipeline import BuildFailed, BuildOptions, BuiltSite, markdown_pages, model_for, renderer_for
from urval.site.render import PageSpec, Renderer, is_html, site_path
from urval.site.stages import StageLog
from urval.site.suggest import write_word_list

Shows = dict[str, frozenset[str] | None]  # site path of each page rendered straight to HTML -> PageSpec.shows


@dataclass(frozen=True)
class Updated:
    """The site as it is after the update, what its pages show, and the pages written (site paths)."""

    built: BuiltSite
    shows: Shows
    written: tuple[str, ...]


def html_specs(renderer: Renderer) -> list[PageSpec]:
    return [spec for spec in renderer.specs() if is_html(spec)]


def page_shows(specs: list[PageSpec]) -> Shows:
    return {site_path(spec.path): spec.shows for spec in specs}


def edited_suppliers(edited: Iterable[Path], catalog: Path) -> frozenset[str] | None:
    """The ids of the supplier files among `edited`; None when anything outside the suppliers'
    folder was edited too. Other files in that folder (an editor's temporary and backup files)
    name no supplier; the check that every update runs judges whatever stays there."""
    folder = (catalog / layout.SUPPLIERS_DIR).resolve()
    ids = set()
    for path in edited:
        if path.parent != folder:
            return None
        if path.suffix == layout.YAML_SUFFIX:
            ids.add(path.stem)
    return frozenset(ids)


def remodel(built: BuiltSite, options: BuildOptions, cache: CheckCache, log: StageLog) -> BuiltSite | None:
    """The site as the edited catalogue makes it, in the last build's shells (its Markdown pages
    still the last build's: `update_the_rest` compares them), or None when a supplier came or
    went (the site map and the listing folders change: only a full build brings the site up to
    date). Raises BuildFailed when the catalogue has problems (the site is untouched)."""
    catalogue = model_for(options, log, cache, built.history)
    if set(catalogue.supplier_by_id) != set(built.catalogue.supplier_by_id):
        return None
    pages = DirectPages(renderer_for(catalogue, options), built.direct.shells, built.direct.toc)
    return BuiltSite(catalogue, pages, built.markdown, built.history)


def write_supplier_pages(remodelled: BuiltSite, site: Path, ids: frozenset[str]) -> tuple[str, ...]:
    """The edited suppliers' own pages, first: the page a person editing a file looks at. (An id
    may name no supplier: a file added and removed again between two good builds.)"""
    suppliers = remodelled.catalogue.supplier_by_id
    specs = [remodelled.direct.renderer.supplier_spec(suppliers[id_]) for id_ in sorted(ids) if id_ in suppliers]
    return _write(remodelled.direct, specs, site)


def update_the_rest(
    remodelled: BuiltSite,
    before: Shows,
    options: BuildOptions,
    ids: frozenset[str],
    *,
    done: tuple[str, ...],
    log: StageLog,
) -> Updated | None:
    """Every page the edit reaches (`before`: what the pages showed) but those `done` already,
    or None when only a full build can bring the site up to date: a page mkdocs builds would
    change, or a page comes or goes."""
    with log.stage("stage_render"):
        markdown = markdown_pages(remodelled.direct.renderer)
        html = html_specs(remodelled.direct.renderer)
    if markdown != remodelled.markdown:
        return None
    shows = page_shows(html)
    if shows.keys() != before.keys():
        return None  # a filter page comes or goes
    reached = [spec for spec in html if _reaches(spec.shows, ids) or _reaches(before[site_path(spec.path)], ids)]
    site = options.out.resolve()
    with log.stage("stage_html"):
        written = _write(remodelled.direct, [spec for spec in reached if site_path(spec.path) not in done], site)
    write_word_list(remodelled.catalogue, site / "sok")
    return Updated(remodelled, shows, written)


def update(
    built: BuiltSite,
    before: Shows,
    options: BuildOptions,
    cache: CheckCache,
    ids: frozenset[str],
    *,
    log: StageLog,
    written: Callable[[tuple[str, ...]], None] = lambda _paths: None,
) -> Updated | None:
    """The site after the suppliers `ids` were edited (`before`: what its pages showed), or None
    when only a full build can bring it up to date; `written` hears each step's pages as soon as
    they are in place: first the edited suppliers' own pages, then the other pages it reaches.
    Raises BuildFailed when the catalogue has problems (the site is untouched)."""
    remodelled = remodel(built, options, cache, log)
    if remodelled is None:
        return None
    first = write_supplier_pages(remodelled, options.out.resolve(), ids)
    written(first)
    rest = update_the_rest(remodelled, before, options, ids, done=first, log=log)
    if rest is None:
        return None
    written(rest.written)
    return Updated(rest.built, rest.shows, first + rest.written)


def _write(pages: DirectPages, specs: list[PageSpec], site: Path) -> tuple[str, ...]:
    """Pages finished, then written: a refused page leaves the site as it was."""
    try:
        finished = {site_path(spec.path): pages.finish(pages.renderer.render_html(spec)) for spec in specs}
    except UnsafeDirectPage as unsafe:
        raise BuildFailed(str(unsafe)) from None
    for path, text in finished.items():
        _replace(site / path, text)
    return tuple(finished)


def _reaches(shows: frozenset[str] | None, ids: frozenset[str]) -> bool:
    return shows is None or not shows.isdisjoint(ids)


def _replace(target: Path, text: str) -> None:
    """Write `target` whole or not at all: a browser reading it meanwhile gets the old page or the new."""
    temporary = target.with_name(f".{target.name}.new")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(target)


def refresh_data(built: BuiltSite, site: Path) -> None:
    """The open data (and the call-off page's data) of the updated model, each file replaced whole."""
    fresh = site / ".data-new"
    shutil.rmtree(fresh, ignore_errors=True)
    write_open_data(built.catalogue, fresh, dt.datetime.now(dt.UTC))
    with _uninterrupted():
        for path in fresh.iterdir():
            path.replace(site / "data" / path.name)
    shutil.rmtree(fresh, ignore_errors=True)


def refresh_index(site: Path) -> None:
    """Pagefind over the updated site into a new folder that then takes the old index's place."""
    fresh, old = site / ".pagefind-new", site / ".pagefind-old"
    for leftover in (fresh, old):
        shutil.rmtree(leftover, ignore_errors=True)
    try:
        index_site(site, output=fresh)
    except PagefindFailed as error:
        raise BuildFailed(str(error)) from None
    with _uninterrupted():
        (site / "pagefind").rename(old)
        fresh.rename(site / "pagefind")
    shutil.rmtree(old, ignore_errors=True)


@contextmanager
def _uninterrupted() -> Iterator[None]:
    """No SIGTERM while files swap places (`serve` stops a refresh an edit has overtaken): the
    site never lacks its index or a data file."""
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
