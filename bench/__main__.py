"""`make bench`: measure every speed and memory target side by side and write `bench/RESULTS.md`.

Each measurement runs as a child process so its wall time and peak memory (max RSS, which for a
finished child includes the grandchildren it waited for, e.g. Pagefind) are its own. Synthetic
catalogues are generated once into `.bench/` (ignored by git) and reused while the generator and
the template catalogue are unchanged.

Two benchmarks:
- `check` of the example catalogue and of the synthetic ones;
- a full `build.py build` of each, beside the mkdocs route of the same pages: a bare
  `mkdocs build --strict` of our Markdown pages plus every page we render straight to HTML
  written as a Markdown page (as the site was built before), plus Pagefind on them (see
  `bench/floor.py`). The ratio is what the direct HTML route saves.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.avrop import AvropMeasurement, bench_ranking
from bench.avrop import table as ranking_table
from bench.search import FirstSearch, bench_search
from bench.search import table as search_table
from bench.serve import bench_serve
from urval.catalog.synth import write_catalog

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / ".bench"
RESULTS = REPO / "bench" / "RESULTS.md"
SIZES = (1_000, 10_000)
AS_OF = "2025-06-01"
EXAMPLE = REPO / "catalog"
ROUTE_TARGET = 0.25  # our build over the mkdocs route of the same pages, at 10,000 suppliers
EXAMPLE_BUILD_TARGET = 10.0  # seconds
FAST_CHECK_TARGET = 0.6  # `check` over its jsonschema-only path, at 10,000 suppliers
JSONSCHEMA_ONLY = {"URVAL_JSONSCHEMA_ONLY": "1"}  # the path before the compiled validators


@dataclass(frozen=True)
class Measurement:
    what: str
    suppliers: int
    seconds: float
    peak_mb: float
    target: str = ""


@dataclass(frozen=True)
class BuildMeasurement:
    """Our build of one catalogue beside the mkdocs route of the same pages (mkdocs, then Pagefind)."""

    suppliers: int
    ours: float
    ours_peak_mb: float
    mkdocs: float
    pagefind: float
    floor_peak_mb: float
    stages: tuple[tuple[str, float], ...]

    @property
    def floor(self) -> float:
        return self.mkdocs + self.pagefind

    @property
    def overhead_percent(self) -> float:
        return (self.ours - self.floor) / self.floor * 100

    @property
    def ratio(self) -> float:
        return self.ours / self.floor

    @property
    def target(self) -> str:
        if self.suppliers == 10_000:
            met = "met" if self.ratio <= ROUTE_TARGET else "missed"
            return f"≤ {ROUTE_TARGET}× the mkdocs route: {met}"
        if self.suppliers < 100:
            met = "met" if self.ours < EXAMPLE_BUILD_TARGET else "missed"
            return f"build < {EXAMPLE_BUILD_TARGET:.0f} s: {met}"
        return ""


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float
    stderr: str


# Linux carries a forking process's peak RSS over into the child's, so a command started straight
# from this (large) process would report this process's memory as its own. A small launcher in
# between keeps the figure the command's: it runs the command and reports its children's peak.
_LAUNCHER = (
    "import resource, subprocess, sys; "
    "code = subprocess.call(sys.argv[2:]); "
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)); "
    "sys.exit(code)"
)


def run(command: Sequence[str], ok: Sequence[int] = (0,), env: dict[str, str] | None = None) -> Run:
    """Run `command` from the repository, timed around the launcher; stderr goes to a file (a
    pipe could fill up and stall a long build)."""
    with tempfile.TemporaryFile() as errors, tempfile.TemporaryDirectory() as folder:
        peak_file = Path(folder) / "peak"
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-c", _LAUNCHER, str(peak_file), *command],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            env={**os.environ, **(env or {})},
        )
        process.wait()
        seconds = time.perf_counter() - start
        errors.seek(0)
        stderr = errors.read().decode(errors="replace")
        peak_kb = int(peak_file.read_text() or 0) if peak_file.exists() else 0
    if process.returncode not in ok:
        raise SystemExit(f"benchmark command failed ({process.returncode}): {' '.join(command)}\n{stderr}")
    return Run(seconds, peak_kb / 1024, stderr)


def measure(
    command: Sequence[str], repeat: int = 1, ok: Sequence[int] = (0,), env: dict[str, str] | None = None
) -> tuple[float, float]:
    """Median wall time and the largest peak RSS (MB) of `command` over `repeat` runs."""
    runs = [run(command, ok, env) for _ in range(repeat)]
    return statistics.median(r.seconds for r in runs), max(r.peak_mb for r in runs)


def _fingerprint() -> str:
    """What a synthetic catalogue depends on: the generator and the template's framework, lists and schemas."""
    digest = hashlib.sha256()
    sources = [REPO / "urval" / "catalog" / "synth.py", EXAMPLE / "ramavtal.yaml"]
    sources += sorted((EXAMPLE / "reference").glob("*")) + sorted((EXAMPLE / "schema").glob("*"))
    for path in sources:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def synthetic(count: int) -> Path:
    """A synthetic catalogue of `count` suppliers in `.bench/`, with the example's hand-written
    pages beside it (a build needs `docs/` beside its catalogue), copied afresh each run."""
    folder = WORK / f"catalog-{count}"
    marker = folder / ".complete"
    fingerprint = _fingerprint()
    if not marker.exists() or marker.read_text(encoding="utf-8") != fingerprint:
        shutil.rmtree(folder, ignore_errors=True)
        write_catalog(folder, count, seed=1, template=EXAMPLE)
        marker.write_text(fingerprint, encoding="utf-8")
    docs = WORK / "docs"
    shutil.rmtree(docs, ignore_errors=True)
    shutil.copytree(EXAMPLE.parent / "docs", docs)
    return folder


def catalogues(sizes: Sequence[int]) -> list[tuple[int, Path]]:
    found = [(len(list((EXAMPLE / "suppliers").glob("*.yaml"))), EXAMPLE)]
    return found + [(n, synthetic(n)) for n in sizes]


ONLY_JSONSCHEMA = "`check`, jsonschema only"


def bench_check(sizes: Sequence[int]) -> list[Measurement]:
    """`check` of each catalogue, and beside it the same with every document judged by jsonschema
    (URVAL_JSONSCHEMA_ONLY=1); the two alternate, so a machine busy with other work weighs on both."""
    rows = []
    for count, folder in catalogues(sizes):
        command = [sys.executable, "build.py", "check", "--catalog", str(folder)]
        fast, slow = [], []
        for _ in range(3):
            fast.append(run(command))
            slow.append(run(command, env=JSONSCHEMA_ONLY))
        seconds, peak = statistics.median(r.seconds for r in fast), max(r.peak_mb for r in fast)
        only_seconds, only_peak = statistics.median(r.seconds for r in slow), max(r.peak_mb for r in slow)
        ratio = seconds / only_seconds
        target = ""
        if count == 10_000:
            met = "met" if seconds < 10 and ratio <= FAST_CHECK_TARGET else "missed"
            target = f"< 10 s and ≤ {FAST_CHECK_TARGET}× jsonschema only: {met}"
        rows.append(Measurement(f"`check` ({ratio:.2f}× jsonschema only)", count, seconds, peak, target))
        rows.append(Measurement(ONLY_JSONSCHEMA, count, only_seconds, only_peak))
    return rows


def _hostile_files() -> dict[str, bytes]:
    """The hostile files issue 2 names: each must give a clear error within a second."""
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    return {
        "YAML bomb (billion laughs)": bomb.encode(),
        "50 MB file": b"a: " + b"x" * (50 * 1024 * 1024),
        "binary junk (64 KB)": bytes(range(256)) * 256,
        "10,000-deep nesting": b"[" * 10_000 + b"]" * 10_000,
    }


def bench_hostile() -> list[Measurement]:
    """`check` of the example catalogue with one hostile supplier file added, per kind of file."""
    rows = []
    example_count = len(list((EXAMPLE / "suppliers").glob("*.yaml")))
    for what, content in _hostile_files().items():
        with tempfile.TemporaryDirectory() as folder:
            catalog = Path(folder) / "catalog"
            shutil.copytree(EXAMPLE, catalog)
            (catalog / "suppliers" / "hostile.yaml").write_bytes(content)
            seconds, peak = measure([sys.executable, "build.py", "check", "--catalog", str(catalog)], ok=(1,))
        rows.append(Measurement(f"`check` with {what}", example_count, seconds, peak, "clear error < 1 s"))
    return rows


_STAGE_LINE = re.compile(r"^(?P<stage>[^:\n]+): (?P<seconds>\d+\.\d+) s$", re.MULTILINE)


def bench_build_one(count: int, catalog: Path, repeat: int) -> BuildMeasurement:
    """Our build, then the floor on the same pages; the pages are written first by a separate,
    untimed child (which also warms the file cache for both)."""
    folder = WORK / f"build-{count}"
    shutil.rmtree(folder, ignore_errors=True)
    docs, floor_site, our_site = folder / "docs", folder / "floor-site", folder / "site"
    python = sys.executable
    run([python, "-m", "bench.floor", "sources", "--catalog", str(catalog), "--docs", str(docs), "--as-of", AS_OF])
    ours, mkdocs, pagefind = [], [], []
    for _ in range(repeat):
        ours.append(
            run([python, "build.py", "build", "--catalog", str(catalog), "--out", str(our_site), "--as-of", AS_OF])
        )
        mkdocs.append(run([python, "-m", "bench.floor", "mkdocs", "--docs", str(docs), "--site", str(floor_site)]))
        pagefind.append(run([python, "-m", "pagefind", "--site", str(floor_site)]))
    stages = tuple((m["stage"], float(m["seconds"])) for m in _STAGE_LINE.finditer(ours[-1].stderr))
    shutil.rmtree(folder, ignore_errors=True)
    return BuildMeasurement(
        suppliers=count,
        ours=statistics.median(r.seconds for r in ours),
        ours_peak_mb=max(r.peak_mb for r in ours),
        mkdocs=statistics.median(r.seconds for r in mkdocs),
        pagefind=statistics.median(r.seconds for r in pagefind),
        floor_peak_mb=max(r.peak_mb for r in mkdocs + pagefind),
        stages=stages,
    )


def bench_build(sizes: Sequence[int], repeat_example: int = 3) -> list[BuildMeasurement]:
    rows = []
    for count, folder in catalogues(sizes):
        rows.append(bench_build_one(count, folder, repeat_example if folder == EXAMPLE else 1))
        print(build_table(rows[-1:]), file=sys.stderr, flush=True)
    return rows


def table(rows: list[Measurement]) -> str:
    lines = [
        "| what | suppliers | wall time (median) | peak memory | target |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    lines += [f"| {r.what} | {r.suppliers:,} | {r.seconds:.2f} s | {r.peak_mb:.0f} MB | {r.target} |" for r in rows]
    return "\n".join(lines)


def build_table(rows: list[BuildMeasurement]) -> str:
    lines = [
        "| suppliers | `build` (ours) | mkdocs route: `mkdocs build` + Pagefind "
        "| ours / mkdocs route | peak memory, ours / mkdocs route "
        "| target |",
        "| ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    lines += [
        f"| {r.suppliers:,} | {r.ours:.2f} s | {r.floor:.2f} s ({r.mkdocs:.2f} + {r.pagefind:.2f}) "
        f"| {r.ratio:.2f} ({r.overhead_percent:+.0f} %) "
        f"| {r.ours_peak_mb:.0f} MB / {r.floor_peak_mb:.0f} MB | {r.target} |"
        for r in rows
    ]
    return "\n".join(lines)


def stage_table(rows: list[BuildMeasurement]) -> str:
    """Our build's own stage log (the last run of each size), as `build` prints it."""
    names = list(dict.fromkeys(name for r in rows for name, _ in r.stages))
    lines = ["| stage | " + " | ".join(f"{r.suppliers:,}" for r in rows) + " |"]
    lines.append("| --- |" + " ---: |" * len(rows))
    for name in names:
        cells = [next((f"{s:.2f} s" for n, s in r.stages if n == name), "–") for r in rows]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def growth(checks: list[Measurement], builds: list[BuildMeasurement]) -> str:
    """How each cost grows from 1,000 to 10,000 suppliers (ratio of times; 10.0 is linear)."""
    check = {r.suppliers: r.seconds for r in checks if r.what.startswith("`check` (")}
    build = {r.suppliers: r for r in builds}
    if not {1_000, 10_000} <= build.keys():
        return ""
    small, large = build[1_000], build[10_000]
    parts = [
        f"our build ×{large.ours / small.ours:.1f}",
        f"the mkdocs route ×{large.floor / small.floor:.1f} (mkdocs ×{large.mkdocs / small.mkdocs:.1f}, "
        f"Pagefind ×{large.pagefind / small.pagefind:.1f})",
    ]
    if {1_000, 10_000} <= check.keys():
        parts.insert(0, f"`check` ×{check[10_000] / check[1_000]:.1f}")
    return "From 1,000 to 10,000 suppliers (ten times as many) the wall time grows: " + ", ".join(parts) + "."


def report(
    checks: list[Measurement],
    builds: list[BuildMeasurement],
    rankings: list[AvropMeasurement],
    searches: Sequence[FirstSearch] = (),
    previews: Sequence[AvropMeasurement] = (),
) -> str:
    header = (
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, by `make bench`.\n"
    )
    parts = ["# Benchmark results\n", header]
    if checks:
        parts.append(table(checks) + "\n")
    if builds:
        parts.append(
            f"A full `build.py build --as-of {AS_OF}` beside the mkdocs route of the same pages: a bare "
            "`mkdocs build --strict` with the same `mkdocs.yml` of our Markdown pages and of every page we render "
            "straight to HTML written as a Markdown page (as the site was built before), plus `python -m pagefind` "
            "on the result. The example catalogue is the median of 3 runs, the "
            "synthetic ones a single run.\n"
        )
        parts.append(build_table(builds) + "\n")
        parts.append("Our build's stages, as its log reports them:\n")
        parts.append(stage_table(builds) + "\n")
    sentence = growth(checks, builds)
    if sentence:
        parts.append(sentence + "\n")
    if rankings:
        parts.append("The call-off page /avrop/ in Chromium (`bench/avrop.py`):\n")
        parts.append(ranking_table(rankings) + "\n")
    if searches:
        parts.append("The search page /sok/ in Chromium, the first search (`bench/search.py`):\n")
        parts.append(search_table(searches) + "\n")
    if previews:
        parts.append("`serve` in Chromium, a supplier page open while its file is edited (`bench/serve.py`):\n")
        parts.append(ranking_table(previews) + "\n")
    return "\n".join(parts)


README = REPO / "README.md"
README_START, README_END = "<!-- bench:start -->", "<!-- bench:end -->"


def show_in_readme(text: str) -> None:
    """Put the latest results between the README's bench markers."""
    readme = README.read_text(encoding="utf-8")
    start, end = readme.index(README_START) + len(README_START), readme.index(README_END)
    body = text.split("\n", 2)[2].strip()  # without the report's own heading
    README.write_text(readme[:start] + "\n" + body + "\n" + readme[end:], encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the benchmarks and write bench/RESULTS.md.")
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--no-check", action="store_true", help="skip the `check` benchmark")
    parser.add_argument("--no-build", action="store_true", help="skip the build benchmark")
    parser.add_argument("--no-ranking", action="store_true", help="skip the /avrop/ benchmark in Chromium")
    parser.add_argument("--no-search", action="store_true", help="skip the /sok/ first-search benchmark")
    parser.add_argument("--no-serve", action="store_true", help="skip serve's edit-to-visible benchmark")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where to write the Markdown report")
    args = parser.parse_args(argv)
    WORK.mkdir(exist_ok=True)
    checks = [] if args.no_check else bench_check(args.sizes) + bench_hostile()
    builds = [] if args.no_build else bench_build(args.sizes)
    rankings = [] if args.no_ranking else bench_ranking(synthetic(max(args.sizes)))
    searches = [] if args.no_search else bench_search([(n, synthetic(n)) for n in args.sizes])
    previews = [] if args.no_serve else bench_serve(synthetic(min(args.sizes)))
    text = report(checks, builds, rankings, searches, previews)
    args.results.write_text(text, encoding="utf-8")
    if args.results == RESULTS:
        show_in_readme(text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
