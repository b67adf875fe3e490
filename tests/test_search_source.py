"""Pagefind reads each page we render straight to HTML as only what it indexes of it (its
`<html>` tag and its content, `urval.site.direct.search_page`), not the theme's shell around it.
The index must be the one Pagefind makes from the whole pages of the finished site: this test
indexes the built site's own pages again and compares the two, chunk by chunk. One part differs
by design: the name order is not in the built index's metadata but in a file of the site's own
(`urval.site.index.order_file`), which must be Pagefind's order."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import HVB_CATALOG
from tests.site_support import build
from urval.cli import main
from urval.site.direct import SEARCH_BODY, search_page
from urval.site.index import (
    CHUNK_MARKER,
    POLL_SECONDS,
    SOURCE_READ,
    Indexing,
    PagefindFailed,
    SearchSource,
    _cbor,
    index_site,
    order_file,
)
from urval.site.render import site_words


def _decoded(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(CHUNK_MARKER), path
    return data[len(CHUNK_MARKER) :]


def index_contents(bundle: Path) -> dict[str, Any]:
    """What an index holds, without the names Pagefind derives from its filter chunks (their
    values come out in a different order on every run, so their file names differ too)."""
    filters = {}
    for chunk in bundle.glob("filter/*.pf_filter"):
        name, values = _cbor(_decoded(chunk), 0)[0]
        filters[name] = sorted((value, sorted(pages)) for value, pages in values)
    (meta,) = bundle.glob("*.pf_meta")
    version, pages, chunks, filter_names, sorts, fields = _cbor(_decoded(meta), 0)[0]
    return {
        "fragments": {path.name: _decoded(path) for path in bundle.glob("fragment/*")},
        "words": {path.name: _decoded(path) for path in bundle.glob("index/*")},
        "filters": filters,
        "meta": [version, pages, chunks, sorted(name for name, _hash in filter_names), fields],
        "sorts": sorts,
    }


def pagefind_over(site: Path, output: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output)],
        check=True,
        capture_output=True,
    )
    return output


@pytest.fixture(scope="module")
def hvb_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hvb") / "site"
    build(HVB_CATALOG, out)
    return out


@pytest.mark.parametrize("which", ["example_site", "hvb_site"])
def test_the_index_is_the_one_pagefind_makes_of_the_whole_pages(
    which: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    site: Path = request.getfixturevalue(which)
    built = index_contents(site / "pagefind")
    again = index_contents(pagefind_over(site, tmp_path / "pagefind"))
    assert built["fragments"], "the build indexed no page"
    assert built.pop("sorts") == [], "the name order is in the metadata every search fetches"
    sort = site_words()["search"]["sort"]
    (numbers,) = [numbers for name, numbers in again.pop("sorts") if name == sort]
    pages = again["meta"][1]
    order = json.loads((site / order_file(sort)).read_text(encoding="utf-8"))
    assert order == [pages[number][0] for number in numbers], "the order file is not Pagefind's sort by name"
    assert order, "no page sorted by name"
    assert built == again


def test_a_search_page_is_the_content_alone_in_the_pages_language() -> None:
    text = search_page('<html lang="sv" class="no-js">', f'<h1 id="a">A</h1><div {SEARCH_BODY}>x</div>')
    assert '<html lang="sv" class="no-js">' in text
    assert f'<body>\n<h1 id="a">A</h1><div {SEARCH_BODY}>x</div>\n</body>' in text
    assert "<script" not in text and "md-header" not in text


def test_without_a_search_body_pagefind_reads_the_site_itself(tmp_path: Path) -> None:
    # A catalogue with no supplier indexes every page whole, as Pagefind does with no search body.
    (tmp_path / "search").mkdir()
    source = SearchSource(tmp_path / "search", ("index.html",))
    assert not source.complete(tmp_path / "site")


def test_the_source_holds_the_pages_mkdocs_built_beside_ours(tmp_path: Path) -> None:
    site, folder = tmp_path / "site", tmp_path / "search"
    for name in ("index.html", "a/index.html", "nyheter/x/index.html"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(name, encoding="utf-8")
    (folder / "a").mkdir(parents=True)
    (folder / "a" / "index.html").write_text("ours", encoding="utf-8")
    assert SearchSource(folder, ("index.html", "nyheter/x/index.html")).complete(site)
    found = {p.relative_to(folder).as_posix(): p.read_text("utf-8") for p in folder.rglob("*.html")}
    assert found == {"index.html": "index.html", "a/index.html": "ours", "nyheter/x/index.html": "nyheter/x/index.html"}


def test_a_warning_of_pagefind_fails_the_index_and_the_build(
    catalog: Path, workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Pagefind drops what a misused attribute marks and only warns; the index is refused instead.
    site = workdir / "plain"
    site.mkdir()
    ignored = '<div data-pagefind-ignore="fel">x</div>'
    (site / "index.html").write_text(
        f'<html lang="sv"><body><div {SEARCH_BODY}><h1>A</h1>{ignored}</div></body></html>'
    )
    with pytest.raises(PagefindFailed, match="is not valid"):
        index_site(site)
    # The same in a hand-written page fails the build, which runs Pagefind beside its link check:
    # the pages mkdocs built reach Pagefind beside ours.
    page = workdir / "docs" / "tillganglighetsredogorelse.md"
    page.write_text(page.read_text("utf-8") + f"\n<div {SEARCH_BODY}>{ignored}</div>\n", "utf-8")
    assert main(["build", "--catalog", "catalog", "--out", "site", "--as-of", "2025-06-01"]) == 1
    assert 'data-pagefind-ignore value of "fel" is not valid' in capsys.readouterr().err
    assert not (workdir / "site").exists()


def test_a_search_page_leaves_out_what_search_neither_indexes_nor_reads() -> None:
    shown = '<div data-pagefind-ignore="index"><h2 id="p">Priser</h2><table><tr><td>1 kr</td></tr></table></div>'
    figure = '<figure class="karta" data-pagefind-ignore="index"><svg></svg></figure>'
    filters = '<div hidden data-pagefind-ignore="index"><span data-pagefind-filter="Län">Skåne län</span></div>'
    nested = '<div data-pagefind-ignore="index"><div>a</div></div>'
    text = search_page("<html>", f"<div {SEARCH_BODY}><h1>A</h1>{shown}{figure}{filters}{nested}<p>B</p></div>")
    assert "Priser" not in text and "<svg" not in text
    assert filters in text and nested in text  # what names a filter stays, and what it cannot end safely
    assert f"<div {SEARCH_BODY}><h1>A</h1>{filters}{nested}<p>B</p></div>" in text


def test_the_source_is_removed_once_pagefind_has_read_it(tmp_path: Path) -> None:
    site, folder = tmp_path / "site", tmp_path / "search"
    names = [f"utforare/u{number}/index.html" for number in range(40)]
    for name in names:
        for root in (site, folder):
            (root / name).parent.mkdir(parents=True, exist_ok=True)
        sort = f'<span data-pagefind-sort="{site_words()["search"]["sort"]}">{name}</span>'
        body = f"<div {SEARCH_BODY}><h1>Utförare {name}</h1><p>Familjehem i Skåne.</p>{sort}</div>"
        (site / name).write_text(f'<html lang="sv"><body><nav>meny</nav>{body}</body></html>', "utf-8")
        (folder / name).write_text(search_page('<html lang="sv">', body), "utf-8")
    (site / "index.html").write_text('<html lang="sv"><body><h1>Start</h1></body></html>', "utf-8")
    index_site(site, source=SearchSource(folder, ("index.html",)))
    assert not folder.exists()
    assert len(list((site / "pagefind" / "fragment").glob("*.pf_fragment"))) == len(names)
    built, again = index_contents(site / "pagefind"), index_contents(pagefind_over(site, tmp_path / "again"))
    built.pop("sorts"), again.pop("sorts")  # kept apart from the metadata (the test above)
    assert built == again


class _Running:
    """A Pagefind process as `Indexing` sees it, still running until told otherwise."""

    def __init__(self) -> None:
        self.code: int | None = None

    def poll(self) -> int | None:
        return self.code


def test_the_source_stays_until_pagefind_says_it_has_read_every_page(tmp_path: Path) -> None:
    source = tmp_path / "search"
    (source / "a").mkdir(parents=True)
    with tempfile.TemporaryFile() as said:
        indexing = Indexing.__new__(Indexing)
        indexing.process, indexing.said = _Running(), said  # type: ignore[assignment]
        said.write(b"Running Pagefind\n[Walking source directory]\n[Parsing files]\n")
        said.flush()
        remover = threading.Thread(target=indexing._remove_once_read, args=(source,))
        remover.start()
        time.sleep(5 * POLL_SECONDS)
        assert source.is_dir(), "removed while Pagefind may still read it"
        said.write(b"[Reading languages]\n" + SOURCE_READ + b"\n")
        said.flush()
        remover.join(timeout=10)
    assert not source.exists()
