"""The call-off page /avrop/ in Chromium: how fast the ranking updates, how much the page weighs.

Three measurements, each with its target (issue 4; the first load at scale: issue "Lean data
for the ranking page"):

- **update**: on a synthetic catalogue of 10,000 suppliers, the median time from a change of
  criteria to the redrawn ranking, as the page itself measures it (`performance.measure(
  "avrop-update")` around recompute + render in `docs/assets/avrop.js`). Target < 50 ms. The
  time until the next frame after the update (`avrop-update-frame`, which adds style and layout)
  is reported beside it.
- **first load**: the /avrop/ page in a fresh browser, every resource it fetches until the page
  is ready (the page, theme, script and `data/avrop.json`), each gzip-compressed here (level 6,
  what a static host typically serves) and summed. Targets: the example catalogue < 250 KB, the
  synthetic catalogue of 10,000 suppliers ≤ 600 KB.

`bench/__main__.py` calls `bench_ranking(catalog_dir_10k, site_builder)`; standalone:

    python -m bench.avrop [--catalog .bench/catalog-10000] [--repeat 41]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import io
import shutil
import statistics
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, Response, sync_playwright

from urval.catalog.synth import write_catalog
from urval.site.localserver import serving
from urval.site.pipeline import BuildOptions, build_site
from urval.site.stages import StageLog

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / ".bench" / "avrop"
EXAMPLE = REPO / "catalog"
AS_OF = dt.date(2025, 6, 1)
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
UPDATE_TARGET_MS = 50.0
LOAD_TARGET_KB = 250.0
LARGE_LOAD_TARGET_KB = 600.0  # at most, at 10,000 suppliers
TIMEOUT_MS = 120_000
# The criteria changes measured, in turn: each value is chosen in the picker (a need), then removed.
CHANGES = (
    ("language", "ar"),
    ("region", "stockholm"),
    ("addon", "T2"),
    ("target_group", "npf"),
    ("accessibility", "fur_allergy"),
)

SiteBuilder = Callable[[Path, Path], object]  # (catalogue folder, output folder) -> builds the site there


@dataclass(frozen=True)
class AvropMeasurement:
    what: str
    suppliers: int
    value: float
    unit: str
    target: float | None = None
    detail: str = ""
    at_most: bool = False  # the target is met at the target itself (≤), not only below it (<)

    @property
    def met(self) -> bool | None:
        if self.target is None:
            return None
        return self.value <= self.target if self.at_most else self.value < self.target

    def row(self) -> str:
        sign = "≤" if self.at_most else "<"
        target = "" if self.target is None else f"{sign} {self.target:g} {self.unit}: {'met' if self.met else 'missed'}"
        return f"| {self.what} | {self.suppliers:,} | {self.value:.1f} {self.unit} | {target} | {self.detail} |"


def table(rows: Sequence[AvropMeasurement]) -> str:
    lines = ["| what | suppliers | measured | target | detail |", "| --- | ---: | ---: | --- | --- |"]
    return "\n".join(lines + [r.row() for r in rows])


def build_with_pipeline(catalog: Path, out: Path) -> object:
    """The site of `catalog` as of the benchmark's day, built by the real pipeline."""
    return build_site(BuildOptions(catalog=catalog, out=out, as_of=AS_OF), StageLog(out=io.StringIO()))


@contextmanager
def chromium() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        raise SystemExit(f"Chromium not found at {CHROMIUM}: install Debian's chromium (`make browser`).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _ready(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#avrop[data-ready]", state="attached", timeout=TIMEOUT_MS)


def _updates(page: Page) -> int:
    return int(page.get_attribute("#avrop", "data-updates") or "0")


def _durations(page: Page, name: str) -> list[float]:
    found: list[float] = page.evaluate(
        "name => performance.getEntriesByName(name, 'measure').map(entry => entry.duration)", name
    )
    return found


def measure_updates(browser: Browser, base: str, repeat: int) -> tuple[list[float], list[float], int]:
    """Change the criteria `repeat` times; the page's own measures of each update (ms), of each
    update to its next frame (ms), and how many suppliers were ranked at the start."""
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        _ready(page, f"{base}/avrop/?omrade=A&start={AS_OF.isoformat()}")
        ranked = int(page.evaluate("document.getElementById('avrop-count').textContent.match(/\\d+/)[0]"))
        page.evaluate("performance.clearMeasures()")
        for index in range(repeat):
            dimension, code = CHANGES[(index // 2) % len(CHANGES)]
            which = f"[data-dimension='{dimension}'][data-value='{code}']"
            if index % 2 == 0:
                page.locator("#avrop-picker").focus()
                page.keyboard.press("ArrowDown")  # the whole list
            before = _updates(page)
            if index % 2 == 0:
                page.locator(f"#avrop-picker-list {which}").click()
            else:
                page.locator(f"#avrop-chosen li{which} button[data-remove]").click()
            page.wait_for_function(
                "n => Number(document.getElementById('avrop').dataset.updates) > n", arg=before, timeout=TIMEOUT_MS
            )
        page.wait_for_function(
            "n => performance.getEntriesByName('avrop-update-frame', 'measure').length >= n", arg=repeat
        )
        return _durations(page, "avrop-update"), _durations(page, "avrop-update-frame"), ranked
    finally:
        context.close()


def measure_first_load(browser: Browser, base: str) -> tuple[int, int, list[tuple[str, int, int]]]:
    """Load /avrop/ once in a fresh context: total raw and gzip bytes, and per resource
    (path, raw bytes, gzip bytes), largest first."""
    context = browser.new_context(locale="sv-SE")
    try:
        page = context.new_page()
        responses: list[Response] = []

        def keep(response: Response) -> None:  # Playwright wraps handlers, so not a bound builtin
            responses.append(response)

        page.on("response", keep)
        _ready(page, f"{base}/avrop/")
        page.wait_for_load_state("networkidle")
        resources = []
        for response in responses:
            body = response.body()
            resources.append((urlsplit(response.url).path, len(body), len(gzip.compress(body, compresslevel=6))))
        resources.sort(key=lambda item: item[2], reverse=True)
        return sum(r[1] for r in resources), sum(r[2] for r in resources), resources
    finally:
        context.close()


def bench_ranking(
    catalog_dir_10k: Path,
    site_builder: SiteBuilder = build_with_pipeline,
    *,
    example: Path = EXAMPLE,
    work: Path = WORK,
    repeat: int = 41,
    reuse: bool = False,
) -> list[AvropMeasurement]:
    """Build the two sites with `site_builder(catalog, out)` into `work` (kept for `reuse`, which
    skips the builds when both sites are there), then measure them in Chromium."""
    large_site, example_site = work / "site-large", work / "site-example"
    if not (reuse and (large_site / "avrop" / "index.html").is_file() and (example_site / "avrop").is_dir()):
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        site_builder(catalog_dir_10k, large_site)
        site_builder(example, example_site)
    suppliers = len(list((catalog_dir_10k / "suppliers").glob("*.yaml")))
    example_count = len(list((example / "suppliers").glob("*.yaml")))
    with chromium() as browser:
        with serving(large_site) as base:
            updates, frames, ranked = measure_updates(browser, base, repeat)
            large_load = measure_first_load(browser, base)
        with serving(example_site) as base:
            example_load = measure_first_load(browser, base)
    return [
        AvropMeasurement(
            "/avrop/: update of the ranking after a change of criteria (median, recompute + render)",
            suppliers,
            statistics.median(updates),
            "ms",
            UPDATE_TARGET_MS,
            f"{len(updates)} changes, {ranked:,} ranked in area A; max {max(updates):.1f} ms",
        ),
        AvropMeasurement(
            "/avrop/: update until the next frame (median, adds style and layout)",
            suppliers,
            statistics.median(frames),
            "ms",
            None,
            f"max {max(frames):.1f} ms",
        ),
        _first_load(example_count, example_load, LOAD_TARGET_KB),
        _first_load(suppliers, large_load, LARGE_LOAD_TARGET_KB, at_most=True),
    ]


def _first_load(
    suppliers: int, load: tuple[int, int, list[tuple[str, int, int]]], target: float, *, at_most: bool = False
) -> AvropMeasurement:
    raw, packed, resources = load
    biggest = ", ".join(f"{Path(path).name or path} {size / 1024:.0f} KB" for path, _raw, size in resources[:4])
    return AvropMeasurement(
        "/avrop/: first load, compressed (gzip -6 of every resource fetched)",
        suppliers,
        packed / 1024,
        "KB",
        target,
        f"{len(resources)} resources, {raw / 1024:.0f} KB uncompressed; largest: {biggest}",
        at_most,
    )


def _large_catalogue(folder: Path, count: int) -> Path:
    marker = folder / ".complete"
    if not marker.exists():
        write_catalog(folder, count, seed=1, template=EXAMPLE)
        marker.touch()
    return folder


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure the call-off page /avrop/ in Chromium.")
    parser.add_argument("--catalog", type=Path, default=None, help="a large catalogue (default: 10,000 synthetic)")
    parser.add_argument("--count", type=int, default=10_000, help="suppliers in the synthetic catalogue")
    parser.add_argument("--repeat", type=int, default=41, help="criteria changes to measure")
    parser.add_argument("--reuse", action="store_true", help=f"measure the sites already built in {WORK}")
    args = parser.parse_args(argv)
    catalog = args.catalog or _large_catalogue(REPO / ".bench" / f"catalog-{args.count}", args.count)
    rows = bench_ranking(catalog, repeat=args.repeat, reuse=args.reuse)
    print(table(rows))
    missed = [r for r in rows if r.met is False]
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
