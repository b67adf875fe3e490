"""The built site: real mkdocs (strict) and Pagefind runs on real files in temporary folders."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLE_CATALOG, EXAMPLE_DOCS, HVB_CATALOG, REPO, copy_example
from tests.site_support import AS_OF, build, model_of
from urval.cli import main
from urval.site.export import FILES as OPEN_DATA
from urval.site.export import write_open_data

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "use"}


class TableRows(HTMLParser):
    """Collects the text of every table row, per table, and the page's text."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None
        self.row: list[str] = []
        self.text: list[str] = []  # the text of the page's article (its main content)
        self.article_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article" or (self.article_depth and tag not in VOID):
            self.article_depth += 1
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if self.article_depth and tag not in VOID:
            self.article_depth -= 1
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.tables:
            self.tables[-1].append(self.row)

    def handle_data(self, data: str) -> None:
        if self.article_depth:
            self.text.append(data)
        if self.cell is not None:
            self.cell.append(data)


def parse(path: Path) -> TableRows:
    parser = TableRows()
    parser.feed(path.read_text("utf-8"))
    return parser


def article_text(path: Path) -> str:
    return " ".join("".join(parse(path).text).split())


def amount(cell: str) -> int:
    return int(re.sub(r"\D", "", cell.split("kr", maxsplit=1)[0]))


@pytest.fixture
def site(example_site: Path) -> Path:
    return example_site


def test_the_start_page_leads_with_the_two_tasks(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    tasks = html.index('class="urval-tasks"')
    about = html.index('id="om-ramavtalet"')
    assert tasks < about
    lead = html[tasks:about]
    assert 'href="avrop/"' in lead and "Hitta utförare för en placering" in lead
    assert 'href="sok/"' in lead


def test_every_list_by_price_says_needs_come_first(site: Path) -> None:
    for page in ("omrade/a/index.html", "lan/norrbotten/index.html", "sprak/ar/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert "Vid avrop\ngäller behov och önskemål först" in html or "Vid avrop gäller behov" in html, page
        assert "avrop/" in html


def test_every_supplier_and_filter_value_has_a_page(site: Path) -> None:
    for path in (EXAMPLE_CATALOG / "suppliers").glob("*.yaml"):
        assert (site / "utforare" / path.stem / "index.html").is_file()
    regions = yaml.safe_load((EXAMPLE_CATALOG / "reference" / "regions.yaml").read_text("utf-8"))
    assert all((site / "lan" / r["slug"] / "index.html").is_file() for r in regions)
    for index in ("omrade", "lan", "sprak", "tillganglighet", "utforare"):
        assert (site / index / "index.html").is_file()


def test_supplier_page_shows_prices_in_force_next_and_the_stop_first(site: Path) -> None:
    text = article_text(site / "utforare" / "sjobodarnas-familjeomsorg" / "index.html")
    stop = text.index("Avropsstopp sedan 1 maj 2025")
    assert stop < text.index("Priser") < text.index("Län")
    assert "Prislistan som gäller 1 juni 2025 (från 1 december 2023)" in text
    html = (site / "utforare" / "sjobodarnas-familjeomsorg" / "index.html").read_text("utf-8")
    assert "data-pagefind-body" in html and 'data-pagefind-filter="Län">Kalmar län<' in html
    assert html.count('class="urval-map-served"') == 2


def test_supplier_page_announces_the_next_price_list(site: Path) -> None:
    text = article_text(site / "utforare" / "solbacken-familjevard" / "index.html")
    assert "Nya priser från" not in text  # its last list (2024-12-01) is in force on 2025-06-01
    data = yaml.safe_load((EXAMPLE_CATALOG / "suppliers" / "fjallsippans-familjestod.yaml").read_text("utf-8"))
    assert str(data["prices"][-1]["valid_from"]) == "2025-12-01"  # the example this test relies on
    text = article_text(site / "utforare" / "fjallsippans-familjestod" / "index.html")
    assert "Nya priser från 1 december 2025" in text


def assert_ranked_by_price(rows: list[list[str]]) -> None:
    body = rows[1:]
    prices = [amount(row[2]) for row in body]
    assert prices == sorted(prices) and prices
    ranks = [int(row[0].split()[0]) for row in body]
    for index, row in enumerate(body):
        tied = "(delad)" in row[0]
        same_as_neighbour = any(
            0 <= other < len(body) and prices[other] == prices[index] for other in (index - 1, index + 1)
        )
        assert tied == same_as_neighbour
        if index and prices[index] == prices[index - 1]:
            assert ranks[index] == ranks[index - 1]


@pytest.mark.parametrize(
    "page",
    ["omrade/a", "lan/kalmar", "sprak/ar", "tillganglighet/palsallergi"],
)
def test_filter_pages_rank_by_price_and_set_blocked_suppliers_apart(site: Path, page: str) -> None:
    parsed = parse(site / page / "index.html")
    assert parsed.tables
    for table in parsed.tables:
        assert_ranked_by_price(table)
        listed = " ".join(cell for row in table for cell in row)
        assert "Sjöbodarnas" not in listed and "Kvarnbäckens" not in listed


def test_stopped_and_terminated_suppliers_are_named_with_the_reason(site: Path) -> None:
    text = article_text(site / "omrade" / "a" / "index.html")
    assert "Kan inte avropas" in text
    assert "Sjöbodarnas Familjeomsorg AB: Avropsstopp sedan 1 maj 2025: Utföraren har efter ägarbyte" in text
    assert "Kvarnbäckens Familjevård AB: Avtalet hävt sedan 15 februari 2025" in text


def test_tied_prices_share_a_rank(site: Path) -> None:
    rows = parse(site / "omrade" / "a" / "index.html").tables[0]
    tied = [row for row in rows if "(delad)" in row[0]]
    assert len(tied) >= 2


def test_open_data_lists_every_supplier_with_status(site: Path) -> None:
    data = json.loads((site / "data" / "utforare.json").read_text("utf-8"))
    ids = {s["id"] for s in data["suppliers"]}
    assert ids == {p.stem for p in (EXAMPLE_CATALOG / "suppliers").glob("*.yaml")}
    status = {s["id"]: s["status"] for s in data["suppliers"]}
    assert status["sjobodarnas-familjeomsorg"] == "stopped"
    assert status["kvarnbackens-familjevard"] == "terminated"
    assert status["ekdungens-familjehem"] == "available"
    assert data["as_of"] == AS_OF.isoformat()
    csv_head = (site / "data" / "priser.csv").read_text("utf-8-sig").splitlines()[0]
    assert csv_head.startswith("utförare_id,utförare,gäller_från")
    assert (site / "schema" / "supplier.schema.json").is_file()


def test_the_open_data_written_beside_the_build_is_all_in_the_site(site: Path, tmp_path: Path) -> None:
    # The build gives mkdocs empty files named as the open data (`export.FILES`) and puts the data
    # written beside it in their place: a file the writer adds must be named there too.
    write_open_data(model_of(EXAMPLE_CATALOG), tmp_path, dt.datetime(2025, 6, 1, tzinfo=dt.UTC))
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(OPEN_DATA)
    assert all((site / "data" / name).stat().st_size > 0 for name in OPEN_DATA)


def test_framework_status_banner_follows_as_of(workdir: Path) -> None:
    catalog = copy_example(workdir)
    ended = build(catalog, workdir / "ended", dt.date(2026, 1, 1))
    assert ended.framework_status == "ended"
    start = (workdir / "ended" / "index.html").read_text("utf-8")
    assert "Ramavtalets avtalstid har löpt ut" in start and "pågående placeringar" in start


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def test_failed_build_exits_1_and_leaves_the_site_byte_identical(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = copy_example(workdir)
    assert main(["build", "--catalog", "catalog", "--out", "site", "--as-of", "2025-06-01"]) == 0
    before = tree_digest(workdir / "site")
    broken = catalog / "suppliers" / "solbacken-familjevard.yaml"
    broken.write_text(broken.read_text("utf-8").replace("areas: [A, B, D]", "areas: [A, B, Q]"), "utf-8")
    capsys.readouterr()
    assert main(["build", "--catalog", "catalog", "--out", "site", "--as-of", "2025-06-01"]) == 1
    err = capsys.readouterr().err
    assert "catalog/suppliers/solbacken-familjevard.yaml:16:15: Avtalsområdet Q finns inte i ramavtalet." in err
    assert "Den tidigare webbplatsen i site är orörd." in err
    assert tree_digest(workdir / "site") == before
    assert sorted(p.name for p in workdir.iterdir()) == [".site.lock", "catalog", "docs", "site"]  # the lock stays


def test_generated_pages_never_land_in_tracked_folders(
    example_site: Path, docs_before_example_build: list[str]
) -> None:
    assert (example_site / "index.html").is_file()
    assert sorted(p.as_posix() for p in EXAMPLE_DOCS.rglob("*")) == docs_before_example_build


def test_pages_rendered_in_shares_are_the_pages_rendered_at_once() -> None:
    """Large catalogues render their HTML pages in one share per process; together the shares are
    the whole site."""
    from tests.site_support import model_of
    from urval.site.render import Renderer

    renderer = Renderer(model_of(EXAMPLE_CATALOG), schema_dir=EXAMPLE_CATALOG / "schema")
    whole = {page.path: page.text for page in renderer.html_pages()}
    parts = [{page.path: page.text for page in renderer.html_pages(share, 3)} for share in range(3)]
    assert all(parts) and sum(len(part) for part in parts) == len(whole)
    assert {path: text for part in parts for path, text in part.items()} == whole


def test_large_catalogue_builds_in_parallel_like_a_small_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from urval.site import pipeline

    monkeypatch.setattr(pipeline, "PARALLEL_FROM_SUPPLIERS", 1)
    build(EXAMPLE_CATALOG, tmp_path / "site")
    assert (tmp_path / "site" / "utforare" / "solbacken-familjevard" / "index.html").is_file()
    assert json.loads((tmp_path / "site" / "data" / "utforare.json").read_text("utf-8"))["suppliers"]


def test_a_catalogue_without_its_docs_folder_is_told_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = tmp_path / "ramverk" / "catalog"
    shutil.copytree(HVB_CATALOG, catalog)
    code = main(["build", "--catalog", str(catalog), "--out", str(tmp_path / "site"), "--as-of", "2025-06-01"])
    err = capsys.readouterr().err
    assert code == 1
    assert f"Mappen {tmp_path / 'ramverk' / 'docs'} finns inte." in err
    assert "Traceback" not in err and not (tmp_path / "site").exists()


def test_a_second_framework_gets_the_site_assets_from_the_repository(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert main(["build", "--catalog", str(HVB_CATALOG), "--out", str(out), "--as-of", "2025-06-01"]) == 0
    for asset in ("urval.css", "avrop.js", "urval-search.js"):
        assert (out / "assets" / asset).read_bytes() == (REPO / "docs" / "assets" / asset).read_bytes()
    assert not (HVB_CATALOG.parent / "docs" / "assets").exists()  # only the example's own pages
