"""`serve` as a person editing sees it: one supplier's edit until the open page shows it.

A real `build.py serve` process on a copy of a synthetic catalogue (with the example's `docs/`
beside it), a supplier page open in Chromium, the supplier's file edited on disk: the time from
the write until the page shows the new text, over several edits (median). Beside it, in the same
run, what a rebuild of the whole site costs: `serve`'s first build, timed from its start until it
listens (what every edit cost before the preview was incremental). Target: ≤ 1 s at 1,000.

    python -m bench.serve [--count 1000] [--edits 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from bench.avrop import AS_OF, AvropMeasurement, chromium, table

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / ".bench" / "serve"
EDIT_TARGET_SECONDS = 1.0
TIMEOUT_MS = 120_000


@contextmanager
def serving_catalogue(catalog: Path) -> Iterator[tuple[str, Path, float]]:
    """`build.py serve` on a private copy of `catalog`; its URL, the copy, and the seconds until it listened."""
    shutil.rmtree(WORK, ignore_errors=True)
    shutil.copytree(catalog, WORK / "catalog")
    shutil.copytree(REPO / "docs", WORK / "docs")
    command = [sys.executable, str(REPO / "build.py"), "serve", "--catalog", "catalog", "--out", "site"]
    command += ["--port", "0", "--as-of", AS_OF.isoformat()]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=WORK, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if "visas på " in line:
                url = line.split("visas på ", 1)[1].split("/ ", 1)[0]
                break
        else:
            raise SystemExit("serve stopped before it served the site")
        yield url, WORK / "catalog", time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=30)
        if process.stdout is not None:
            process.stdout.close()


def _city_line(text: str) -> str:
    return next(line for line in text.splitlines() if line.strip().startswith("city:"))


def measure_edits(catalog: Path, edits: int) -> tuple[list[float], float, int]:
    """Edit one supplier's city `edits` times with the page open; seconds per edit, the first
    build's seconds, and how many suppliers the catalogue holds."""
    suppliers = sorted((catalog / "suppliers").glob("*.yaml"))
    with serving_catalogue(catalog) as (url, copy, first_build), chromium() as browser:
        source = copy / "suppliers" / suppliers[len(suppliers) // 2].name
        page = browser.new_context(locale="sv-SE").new_page()
        page.goto(f"{url}/utforare/{source.stem}/")
        seconds = []
        for number in range(edits):
            text = source.read_text(encoding="utf-8")
            city = f"Redigerad{number}stad"
            line = _city_line(text)
            started = time.perf_counter()
            source.write_text(text.replace(line, line.split(":")[0] + f": {city}", 1), encoding="utf-8")
            page.locator("article").get_by_text(city).wait_for(timeout=TIMEOUT_MS)
            seconds.append(time.perf_counter() - started)
            time.sleep(3)  # let the search index and the open data catch up before the next edit
        return seconds, first_build, len(suppliers)


def bench_serve(catalog: Path, edits: int = 5) -> list[AvropMeasurement]:
    seconds, first_build, suppliers = measure_edits(catalog, edits)
    return [
        AvropMeasurement(
            "`serve`: one supplier's edit until the open page shows it (median)",
            suppliers,
            statistics.median(seconds),
            "s",
            EDIT_TARGET_SECONDS,
            f"{edits} edits, max {max(seconds):.2f} s; a full rebuild (serve's first build): {first_build:.1f} s "
            f"({statistics.median(seconds) / first_build:.2f}×)",
            at_most=True,
        )
    ]


def main(argv: Sequence[str] | None = None) -> int:
    from bench.__main__ import synthetic  # here, not above: bench.__main__ imports this module

    parser = argparse.ArgumentParser(description="Measure serve's edit-to-visible time in Chromium.")
    parser.add_argument("--count", type=int, default=1_000)
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args(argv)
    rows = bench_serve(synthetic(args.count), args.edits)
    print(table(rows))
    return 0 if all(r.met for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
