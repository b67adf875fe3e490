"""Synthetic catalogues: deterministic, and every file passes `check`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_CATALOG
from urval.catalog.check import check_catalog
from urval.catalog.rules import luhn_ok
from urval.catalog.synth import org_number, write_catalog


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_synthetic_catalogue_passes_check(tmp_path: Path) -> None:
    catalog = write_catalog(tmp_path / "synth", 300, seed=7, template=EXAMPLE_CATALOG)
    result = check_catalog(catalog)
    assert result.problems == []
    assert len(list((catalog / "suppliers").glob("*.yaml"))) == 300


def test_same_seed_same_files_other_seed_other_files(tmp_path: Path) -> None:
    first = snapshot(write_catalog(tmp_path / "a", 40, seed=3, template=EXAMPLE_CATALOG))
    again = snapshot(write_catalog(tmp_path / "b", 40, seed=3, template=EXAMPLE_CATALOG))
    other = snapshot(write_catalog(tmp_path / "c", 40, seed=4, template=EXAMPLE_CATALOG))
    assert first == again
    assert first != other


def test_synthetic_org_numbers_are_valid_and_distinct() -> None:
    numbers = [org_number(i) for i in range(1, 20_001)]
    assert len(set(numbers)) == len(numbers)
    assert all(luhn_ok(n.replace("-", "")) for n in numbers)


def test_large_catalogue_with_news_is_checked_in_parallel_alike(tmp_path: Path) -> None:
    """Above PARALLEL_FROM_FILES the files are read in worker processes; news posts must still be
    read as front matter there (a regression: kinds were compared by identity)."""
    import shutil

    from tests.conftest import EXAMPLE_DOCS
    from urval.catalog.check import PARALLEL_FROM_FILES

    catalog = write_catalog(tmp_path / "catalog", PARALLEL_FROM_FILES, seed=2, template=EXAMPLE_CATALOG)
    shutil.copytree(EXAMPLE_DOCS, tmp_path / "docs")
    result = check_catalog(catalog)
    assert result.files_checked > PARALLEL_FROM_FILES
    assert result.problems == []
    assert result.catalogue is not None
    assert len(result.catalogue.news) == len(list((EXAMPLE_DOCS / "nyheter" / "posts").glob("*.md")))


def test_problems_found_in_worker_processes_are_the_ones_found_in_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workers send back each document's text and data, not its file: every problem, with its
    place, must be what one process finds (a schema error, a YAML error, a cross-file rule)."""
    import shutil

    from tests.conftest import EXAMPLE_DOCS
    from urval.catalog import check
    from urval.catalog.check import PARALLEL_FROM_FILES

    catalog = write_catalog(tmp_path / "catalog", PARALLEL_FROM_FILES, seed=3, template=EXAMPLE_CATALOG)
    shutil.copytree(EXAMPLE_DOCS, tmp_path / "docs")
    suppliers = sorted((catalog / "suppliers").glob("*.yaml"))
    first = suppliers[0].read_text("utf-8")
    suppliers[1].write_text(first.replace("email:", "e_post:"), "utf-8")  # a schema problem
    suppliers[2].write_text(first + "  : [\n", "utf-8")  # not YAML
    suppliers[3].write_text(suppliers[4].read_text("utf-8"), "utf-8")  # the same name and number twice
    in_workers = [problem.as_text() for problem in check_catalog(catalog).problems]
    monkeypatch.setattr(check, "PARALLEL_FROM_FILES", 10**9)
    in_one = [problem.as_text() for problem in check_catalog(catalog).problems]
    assert len(in_workers) >= 3
    assert in_workers == in_one
