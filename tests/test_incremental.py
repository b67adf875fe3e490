"""`serve`'s update after an edit to supplier files must leave exactly the site a full build of
the edited catalogue makes, and must hand over to a full build whenever it cannot."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from urval.catalog.check import CheckCache
from urval.site.incremental import (
    Updated,
    edited_suppliers,
    html_specs,
    page_shows,
    refresh_data,
    refresh_index,
    update,
)
from urval.site.pipeline import BuildOptions, BuiltSite, build_site_kept
from urval.site.stages import StageLog

AS_OF = dt.date(2025, 6, 1)
EDITED = "bjorkstigen-familjestod"
SANCTIONED = "ekdungens-familjehem"  # on the sanctions register, a page mkdocs builds


def _options(workdir: Path, out: str) -> BuildOptions:
    return BuildOptions(catalog=workdir / "catalog", out=workdir / out, as_of=AS_OF)


def _quiet() -> StageLog:
    return StageLog(out=io.StringIO())


def _edit(catalog: Path, supplier: str, old: str, new: str) -> None:
    path = catalog / "suppliers" / f"{supplier}.yaml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def _update(workdir: Path, built: BuiltSite, cache: CheckCache, *ids: str) -> Updated | None:
    shows = page_shows(html_specs(built.direct.renderer))
    return update(built, shows, _options(workdir, "site"), cache, frozenset(ids), log=_quiet())


def _files(site: Path) -> dict[str, bytes]:
    """Every file of a site but Pagefind's own output (its names are hashes) and the open data."""
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file() and path.relative_to(site).parts[0] not in ("pagefind", "data")
    }


def _data(site: Path) -> dict[str, object]:
    found: dict[str, object] = {}
    for path in sorted((site / "data").iterdir()):
        if path.suffix == ".json":
            value = json.loads(path.read_text("utf-8"))
            if isinstance(value, dict):
                value.pop("built", None)  # when the file was written
            found[path.name] = value
        else:
            found[path.name] = path.read_bytes()
    return found


@pytest.fixture
def built(catalog: Path) -> tuple[BuiltSite, CheckCache]:
    cache = CheckCache()
    return build_site_kept(_options(catalog.parent, "site"), _quiet(), cache), cache


def test_an_update_makes_the_site_a_full_build_makes(catalog: Path, built: tuple[BuiltSite, CheckCache]) -> None:
    workdir = catalog.parent
    site, cache = built
    _edit(catalog, EDITED, "city: Jönköping", "city: Växjö")
    _edit(catalog, EDITED, "languages: [sv, en, ar]", "languages: [sv, ar, fi]")  # off one filter page, onto another
    _edit(catalog, EDITED, "areas: {A: 2250, D: 2150}", "areas: {A: 1990, D: 2150}")  # up the price order
    updated = _update(workdir, site, cache, EDITED)
    assert updated is not None
    assert f"utforare/{EDITED}/index.html" in updated.written
    assert "utforare/index.html" in updated.written
    assert len(updated.written) < len(page_shows(html_specs(site.direct.renderer))) / 2, (
        "only the pages the edit reaches"
    )
    refresh_data(updated.built, workdir / "site")
    refresh_index(workdir / "site")
    build_site_kept(_options(workdir, "full"), _quiet())
    assert _files(workdir / "site") == _files(workdir / "full")
    assert _data(workdir / "site") == _data(workdir / "full")


def test_an_edit_a_page_mkdocs_builds_shows_needs_a_full_build(
    catalog: Path, built: tuple[BuiltSite, CheckCache]
) -> None:
    site, cache = built
    _edit(catalog, SANCTIONED, "name: ", "name: Nya ")
    assert _update(catalog.parent, site, cache, SANCTIONED) is None


def test_a_new_supplier_needs_a_full_build(catalog: Path, built: tuple[BuiltSite, CheckCache]) -> None:
    site, cache = built
    source = (catalog / "suppliers" / f"{EDITED}.yaml").read_text("utf-8")
    copy = source.replace(f"id: {EDITED}", "id: ny-utforare").replace("Björkstigen", "Nyvägen")
    (catalog / "suppliers" / "ny-utforare.yaml").write_text(copy.replace("553242-0535", "556677-8899"), "utf-8")
    assert _update(catalog.parent, site, cache, "ny-utforare") is None


def test_only_supplier_files_are_updated_in_place(catalog: Path) -> None:
    suppliers = catalog / "suppliers"
    both = edited_suppliers({(suppliers / "a.yaml").resolve(), (suppliers / "b.yaml").resolve()}, catalog)
    assert both == frozenset({"a", "b"})
    saved_by_an_editor = {suppliers / name for name in ("sedAb12x", ".a.yaml.swp", "a.yaml~", "a.yaml")}
    assert edited_suppliers({path.resolve() for path in saved_by_an_editor}, catalog) == frozenset({"a"})
    assert edited_suppliers({(suppliers / "a.yaml").resolve(), (catalog / "ramavtal.yaml").resolve()}, catalog) is None
    assert edited_suppliers({(catalog / "sanctions" / "x.yaml").resolve()}, catalog) is None


def test_a_file_added_and_removed_again_names_no_page(catalog: Path, built: tuple[BuiltSite, CheckCache]) -> None:
    site, cache = built
    updated = _update(catalog.parent, site, cache, "fanns-en-stund", EDITED)
    assert updated is not None
    assert f"utforare/{EDITED}/index.html" in updated.written
    assert not [path for path in updated.written if "fanns-en-stund" in path]
