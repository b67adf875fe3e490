"""The search page /sok/ in Chromium: what the first search fetches.

A first search is a person's first visit to /sok/ in a fresh browser (no cache) and one query
typed into the field and sent with Enter, until the network is quiet. Every response that came
over the network (not from the browser's cache, which the first visit fills) is counted
as a server with compression would send it: Pagefind's own index files are gzip-compressed on
disk and served as they are (their raw size), everything else gzip-compressed here (level 6, what
a static host typically serves). Two queries, each in a fresh browser: a common word and a
supplier's name; the larger figure is held to the target (issue 14: ≤ 300 KB at 10,000
suppliers).

`bench/__main__.py` calls `bench_search(catalogues)`; standalone:

    python -m bench.search --site /tmp/site-10000 --catalog .bench/catalog-10000   # a built site
    python -m bench.search --sizes 1000 10000                                      # builds them
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from playwright.sync_api import Browser, Page, Response

from bench.avrop import build_with_pipeline, chromium
from urval.site.localserver import serving

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / ".bench" / "search"
TARGET_KB = 300.0  # at most, at 10,000 suppliers
TARGET_SUPPLIERS = 10_000
COMMON_WORD = "familjehem"
TIMEOUT_MS = 120_000
GZIP_MAGIC = b"\x1f\x8b"
READY = "#urval-search[data-ready]"


@dataclass(frozen=True)
class Fetched:
    path: str
    raw: int
    served: int  # bytes as a compressing server sends them
    typed: bool  # fetched after the query was typed (else by the page's load)

    @property
    def kind(self) -> str:
        """The part of the page a resource belongs to, for the breakdown."""
        name = self.path.rsplit("/", 1)[-1]
        if "/pagefind/" not in self.path:
            return "json" if name.endswith(".json") else "page"
        for suffix, kind in ((".pf_filter", "filters"), (".pf_fragment", "fragments"), (".pf_index", "index")):
            if name.endswith(suffix):
                return kind
        return "pagefind"


@dataclass(frozen=True)
class FirstSearch:
    suppliers: int
    query: str
    fetched: tuple[Fetched, ...]

    @property
    def kb(self) -> float:
        return sum(f.served for f in self.fetched) / 1024

    def breakdown(self) -> str:
        by_kind: dict[str, int] = defaultdict(int)
        for item in self.fetched:
            by_kind[item.kind] += item.served
        parts = sorted(by_kind.items(), key=lambda item: -item[1])
        return ", ".join(f"{kind} {size / 1024:.0f}" for kind, size in parts)

    def typed_kb(self) -> float:
        return sum(f.served for f in self.fetched if f.typed) / 1024

    def row(self) -> str:
        target = ""
        if self.suppliers == TARGET_SUPPLIERS:
            target = f"≤ {TARGET_KB:g} KB: {'met' if self.kb <= TARGET_KB else 'missed'}"
        return (
            f"| first search at {self.suppliers:,} suppliers: {self.kb:.1f} KB | ”{self.query}” | {target} "
            f"| {len(self.fetched)} requests, {self.kb - self.typed_kb():.0f} KB loading the page and "
            f"{self.typed_kb():.0f} KB for the query; KB by kind: {self.breakdown()} |"
        )


def served_size(body: bytes) -> int:
    """What a compressing server sends: an already gzip-compressed file as it is."""
    return len(body) if body.startswith(GZIP_MAGIC) else len(gzip.compress(body, compresslevel=6))


def _generation(page: Page) -> int:
    return int(page.get_attribute("#urval-search", "data-ready") or "0")


class Responses(list[Response]):
    """Every response a page receives, in order, from when it is made to listen."""

    def listen(self, page: Page) -> Page:
        page.on("response", self.keep)
        return page

    def keep(self, response: Response) -> None:
        self.append(response)


def first_search(browser: Browser, base: str, query: str) -> list[Fetched]:
    """Open /sok/ in a fresh context, type `query`, press Enter; every response until quiet."""
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    try:
        responses = Responses()
        page = responses.listen(context.new_page())
        page.goto(f"{base}/sok/")
        page.wait_for_selector(READY, state="attached", timeout=TIMEOUT_MS)
        page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
        loaded = len(responses)
        before = _generation(page)
        page.locator("#urval-sok-q").fill(query)
        page.keyboard.press("Enter")
        page.wait_for_function(
            "n => Number(document.getElementById('urval-search').dataset.ready) > n", arg=before, timeout=TIMEOUT_MS
        )
        page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
        return [
            Fetched(urlsplit(r.url).path, len(body), served_size(body), index >= loaded)
            for index, r in enumerate(responses)
            if not from_cache(r)
            for body in [r.body()]
        ]
    finally:
        context.close()


def from_cache(response: Response) -> bool:
    """Whether the browser answered a request from its own cache (the theme asks for the icon
    again when the search puts its state in the address): nothing came over the network."""
    return response.request.sizes()["responseBodySize"] < 0


def supplier_name(catalog: Path) -> str:
    """The name of the catalogue's first supplier (by file name), as a person would type it."""
    first = min((catalog / "suppliers").glob("*.yaml"))
    return str(yaml.safe_load(first.read_text(encoding="utf-8"))["name"])


def measure_site(browser: Browser, site: Path, catalog: Path) -> list[FirstSearch]:
    suppliers = len(list((catalog / "suppliers").glob("*.yaml")))
    with serving(site) as base:
        return [
            FirstSearch(suppliers, query, tuple(first_search(browser, base, query)))
            for query in (COMMON_WORD, supplier_name(catalog))
        ]


def bench_search(catalogues: Sequence[tuple[int, Path]], work: Path = WORK, reuse: bool = False) -> list[FirstSearch]:
    """Build each catalogue's site into `work` (kept for `reuse`), then measure its first searches."""
    rows = []
    with chromium() as browser:
        for count, catalog in catalogues:
            site = work / f"site-{count}"
            if not (reuse and (site / "sok" / "index.html").is_file()):
                shutil.rmtree(site, ignore_errors=True)
                site.parent.mkdir(parents=True, exist_ok=True)
                build_with_pipeline(catalog, site)
            rows += measure_site(browser, site, catalog)
    return rows


def table(rows: Sequence[FirstSearch]) -> str:
    lines = ["| first search (page + one query, compressed) | query | target | detail |", "| --- | --- | --- | --- |"]
    return "\n".join(lines + [r.row() for r in rows])


def missed(rows: Sequence[FirstSearch]) -> list[FirstSearch]:
    return [r for r in rows if r.suppliers == TARGET_SUPPLIERS and r.kb > TARGET_KB]


def files(rows: Sequence[FirstSearch]) -> str:
    """Every request of each first search, largest first: what to look at when the figure grows."""
    lines = []
    for row in rows:
        lines.append(f"{row.suppliers:,} suppliers, ”{row.query}”: {row.kb:.1f} KB")
        for item in sorted(row.fetched, key=lambda f: -f.served):
            when = "query" if item.typed else "load"
            lines.append(f"  {item.served / 1024:8.1f} KB  (raw {item.raw / 1024:8.1f} KB)  {when:5}  {item.path}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure what the first search on /sok/ fetches, in Chromium.")
    parser.add_argument("--site", type=Path, help="a built site to measure (with --catalog, the catalogue it is of)")
    parser.add_argument("--catalog", type=Path, help="the catalogue of --site")
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000, 10_000], help="synthetic catalogues to build")
    parser.add_argument("--reuse", action="store_true", help=f"measure the sites already built in {WORK}")
    parser.add_argument("--files", action="store_true", help="list every request")
    args = parser.parse_args(argv)
    if args.site:
        if not args.catalog:
            parser.error("--site needs --catalog")
        with chromium() as browser:
            rows = measure_site(browser, args.site, args.catalog)
    else:
        from bench.__main__ import synthetic

        rows = bench_search([(n, synthetic(n)) for n in args.sizes], reuse=args.reuse)
    print(table(rows))
    if args.files:
        print(files(rows))
    return 1 if missed(rows) else 0


if __name__ == "__main__":
    sys.exit(main())
