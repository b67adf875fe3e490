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
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from urval.catalog import layout
from urval.catalog.check import CheckCache
from urval.site.direct import DirectPages, UnsafeDirectPage
from urval.site.export import write_open_data
from urval.site.index import PagefindFailed, index_site
from urval.site.pipeline import BuildFailed, BuildOptions, BuiltSite, model_for
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


def page_shows(renderer: Renderer) -> Shows:
    return {site_path(spec.path): spec.shows for spec in renderer.specs() if is_html(spec)}


def edited_suppliers(edited: Iterable[Path], catalog: Path) -> frozenset[str] | None:
    """The ids of the supplier files among `edited`; None when anything else was edited too."""
    folder = (catalog / layout.SUPPLIERS_DIR).resolve()
    ids = set()
    for path in edited:
        if path.parent != folder or path.suffix != ".yaml":
            return None
        ids.add(path.stem)
    return frozenset(ids)


def update(
    built: BuiltSite, before: Shows, options: BuildOptions, cache: CheckCache, ids: frozenset[str], *, log: StageLog
) -> Updated | None:
    """The site after the suppliers `ids` were edited (`before`: what its pages showed), or None
    when only a full build can bring it up to date. Raises BuildFailed when the catalogue has
    problems (the site is untouched)."""
    catalogue = model_for(options, log, cache)
    if set(catalogue.supplier_by_id) != set(built.catalogue.supplier_by_id):
        return None  # a supplier page comes or goes: the site map and the shells' folders change
    schema_dir = options.catalog / layout.SCHEMA_DIR
    # One pass over the specs for both kinds, each rendered by the renderer the build uses for it.
    renderer = Renderer(catalogue, schema_dir=schema_dir, site_url=options.published_url())
    markdown: dict[str, str] = {}
    html: list[PageSpec] = []
    for spec in renderer.specs():
        if is_html(spec):
            html.append(spec)
        else:
            markdown[spec.path] = renderer.render(spec.template, spec.path, spec.context).text
    if markdown != built.markdown:
        return None
    shows = {site_path(spec.path): spec.shows for spec in html}
    if shows.keys() != before.keys():
        return None  # a filter page comes or goes
    pages = DirectPages(Renderer(catalogue, schema_dir=schema_dir), built.direct.shells, built.direct.toc)
    touched = [spec for spec in html if _reaches(spec.shows, ids) or _reaches(before[site_path(spec.path)], ids)]
    try:  # every page finished before any is written: a refused page leaves the site as it was
        finished = {site_path(spec.path): pages.finish(pages.renderer.render_html(spec)) for spec in touched}
    except UnsafeDirectPage as unsafe:
        raise BuildFailed(str(unsafe)) from None
    site = options.out.resolve()
    for path, text in finished.items():
        _replace(site / path, text)
    write_word_list(catalogue, site / "sok")
    return Updated(BuiltSite(catalogue, pages, markdown), shows, tuple(finished))


def _reaches(shows: frozenset[str] | None, ids: frozenset[str]) -> bool:
    return shows is None or not shows.isdisjoint(ids)


def _replace(target: Path, text: str) -> None:
    """Write `target` whole or not at all: a browser reading it meanwhile gets the old page or the new."""
    temporary = target.with_name(f".{target.name}.new")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(target)


def refresh_data(built: BuiltSite, site: Path) -> None:
    """The open data (and the call-off page's data) of the updated model, each file replaced whole."""
    with tempfile.TemporaryDirectory(dir=site) as folder:
        fresh = Path(folder)
        write_open_data(built.catalogue, fresh, dt.datetime.now(dt.UTC))
        for path in fresh.iterdir():
            path.replace(site / "data" / path.name)


def refresh_index(site: Path) -> None:
    """Pagefind over the updated site into a new folder that then takes the old index's place."""
    fresh, old = site / ".pagefind-new", site / ".pagefind-old"
    for leftover in (fresh, old):
        shutil.rmtree(leftover, ignore_errors=True)
    try:
        index_site(site, output=fresh)
    except PagefindFailed as error:
        raise BuildFailed(str(error)) from None
    (site / "pagefind").rename(old)
    fresh.rename(site / "pagefind")
    shutil.rmtree(old, ignore_errors=True)
