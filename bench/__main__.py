"""`make bench`: measure every speed and memory target side by side and write `bench/RESULTS.md`.

Each measurement runs as a child process so its wall time and peak memory (max RSS) are its
own. Synthetic catalogues are generated once into `.bench/` (ignored by git) and reused.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from urval.synth import write_catalog

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / ".bench"
RESULTS = REPO / "bench" / "RESULTS.md"
SIZES = (1_000, 10_000)


@dataclass(frozen=True)
class Measurement:
    what: str
    suppliers: int
    seconds: float
    peak_mb: float
    target: str = ""


def measure(command: Sequence[str], repeat: int = 1) -> tuple[float, float]:
    """Median wall time and the largest peak RSS (MB) of `command` over `repeat` runs."""
    times, peaks = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _pid, status, usage = os.wait4(process.pid, 0)
        times.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            stderr = process.stderr.read().decode() if process.stderr else ""
            raise SystemExit(f"benchmark command failed: {' '.join(command)}\n{stderr}")
    return statistics.median(times), max(peaks)


def synthetic(count: int) -> Path:
    folder = WORK / f"catalog-{count}"
    marker = folder / ".complete"
    if not marker.exists():
        write_catalog(folder, count, seed=1, template=REPO / "catalog")
        marker.touch()
    return folder


def bench_check(sizes: Sequence[int]) -> list[Measurement]:
    rows = []
    catalogs = [(len(list((REPO / "catalog" / "suppliers").glob("*.yaml"))), REPO / "catalog")]
    catalogs += [(n, synthetic(n)) for n in sizes]
    for count, folder in catalogs:
        seconds, peak = measure([sys.executable, "build.py", "check", "--catalog", str(folder)], repeat=3)
        target = "< 10 s" if count == 10_000 else ""
        rows.append(Measurement("`check`", count, seconds, peak, target))
    return rows


def table(rows: list[Measurement]) -> str:
    lines = [
        "| what | suppliers | wall time (median) | peak memory | target |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    lines += [f"| {r.what} | {r.suppliers:,} | {r.seconds:.2f} s | {r.peak_mb:.0f} MB | {r.target} |" for r in rows]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the benchmarks and write bench/RESULTS.md.")
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    args = parser.parse_args(argv)
    WORK.mkdir(exist_ok=True)
    rows = bench_check(args.sizes)
    header = (
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, by `make bench`.\n\n"
    )
    RESULTS.write_text("# Benchmark results\n\n" + header + table(rows) + "\n", encoding="utf-8")
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
