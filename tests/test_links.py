"""The build's own link check (urval/site/links.py): every internal link of the finished site
leads to a file, and every fragment to an id on the target page."""

from __future__ import annotations

from pathlib import Path

import pytest

from urval.cli import main
from urval.site import links
from urval.site.links import broken_links


def _page(site: Path, path: str, body: str) -> None:
    (site / path).parent.mkdir(parents=True, exist_ok=True)
    (site / path).write_text(f"<!doctype html><html><body>{body}</body></html>", encoding="utf-8")


def test_a_planted_broken_link_fails_the_build_naming_page_and_link(
    catalog: Path, capsys: pytest.CaptureFixture[str], workdir: Path
) -> None:
    page = workdir / "docs" / "tillganglighetsredogorelse.md"
    # Raw HTML: mkdocs' own check never looks at it, so only our check can catch it.
    page.write_text(page.read_text("utf-8") + '\n<a href="../utforare/finns-inte/">Ingen</a>\n', "utf-8")
    assert main(["build", "--catalog", "catalog", "--out", "site", "--as-of", "2025-06-01"]) == 1
    err = capsys.readouterr().err
    page_and_link = "Sidan tillganglighetsredogorelse/index.html länkar till ../utforare/finns-inte/"
    expected = f"{page_and_link}, som inte finns på webbplatsen."
    assert expected in err
    assert not (workdir / "site").exists()


def test_links_resolve_to_files_directories_and_ids(tmp_path: Path) -> None:
    _page(tmp_path, "index.html", '<a href="a/">A</a><a href="a/#rubrik">A</a><a href="b.html">B</a>')
    _page(tmp_path, "a/index.html", '<h2 id="rubrik">R</h2><a href="../">Hem</a><a href="#rubrik">R</a>')
    _page(tmp_path, "b.html", '<a href="https://example.se/x/">x</a><a href="mailto:a@example.se">e</a>')
    assert broken_links(tmp_path) == []


def test_every_kind_of_broken_link_is_named(tmp_path: Path) -> None:
    body = '<a href="saknas/">1</a><a href="a/#saknas">2</a><img src="bild.png"><a href="#inget">3</a>'
    _page(tmp_path, "index.html", body)
    _page(tmp_path, "a/index.html", '<h2 id="rubrik">R</h2>')
    assert broken_links(tmp_path) == [
        "Sidan index.html länkar till #inget, men sidan index.html har inget ställe med id inget.",
        "Sidan index.html länkar till a/#saknas, men sidan a/index.html har inget ställe med id saknas.",
        "Sidan index.html länkar till bild.png, som inte finns på webbplatsen.",
        "Sidan index.html länkar till saknas/, som inte finns på webbplatsen.",
    ]


def test_a_link_to_the_sites_own_address_is_checked_as_internal(tmp_path: Path) -> None:
    _page(
        tmp_path, "index.html", '<a href="https://example.se/urval/a/">A</a><a href="https://example.se/urval/b/">B</a>'
    )
    _page(tmp_path, "a/index.html", "A")
    assert broken_links(tmp_path, "https://example.se/urval/") == [
        "Sidan index.html länkar till https://example.se/urval/b/, som inte finns på webbplatsen."
    ]


def test_pages_read_by_several_processes_give_the_same_verdict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for number in range(12):
        # Shared links judged once per folder must still name each page that carries them.
        body = f'<a href="../saknas/">x</a><a href="#rubrik">r</a><a href="../s{(number + 1) % 12}/">n</a>'
        _page(tmp_path, f"s{number}/index.html", f'<h2 id="{"rubrik" if number % 2 else "annan"}">R</h2>{body}')
    alone = broken_links(tmp_path)
    monkeypatch.setattr(links, "PARALLEL_FROM_PAGES", 2)
    assert broken_links(tmp_path) == alone
    assert len(alone) == 12 + 6
    assert "Sidan s3/index.html länkar till ../saknas/, som inte finns på webbplatsen." in alone


def test_pages_in_sibling_folders_share_verdicts_but_not_above_the_root(tmp_path: Path) -> None:
    # `../x/` from a/ is the site's x/; from the root it leaves the site. Verdicts are shared
    # between pages that resolve a link from the same folder, never across that line.
    _page(tmp_path, "x/index.html", "X")
    _page(tmp_path, "index.html", '<a href="../x/">x</a>')
    _page(tmp_path, "a/index.html", '<a href="../x/">x</a><a href="../../x/">x</a>')
    _page(tmp_path, "a/b/index.html", '<a href="../../x/">x</a><a href="../x/">x</a>')
    assert broken_links(tmp_path) == [
        "Sidan a/b/index.html länkar till ../x/, som inte finns på webbplatsen.",
        "Sidan a/index.html länkar till ../../x/, som inte finns på webbplatsen.",
        "Sidan index.html länkar till ../x/, som inte finns på webbplatsen.",
    ]
