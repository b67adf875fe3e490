"""Shared fixtures: real files in temporary folders, never mocks of our own code."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_CATALOG = REPO / "catalog"
EXAMPLE_DOCS = REPO / "docs"
HVB_CATALOG = REPO / "examples" / "hvb-barn-unga" / "catalog"  # a second framework, other facts

# Golden files are rewritten instead of compared when this is set: `make golden`.
UPDATE_GOLDEN = os.environ.get("UPDATE_GOLDEN") == "1"


def copy_example(destination: Path) -> Path:
    """Copy the example catalogue (and the docs it links to) into `destination`; return the catalogue."""
    shutil.copytree(EXAMPLE_CATALOG, destination / "catalog")
    if EXAMPLE_DOCS.is_dir():
        shutil.copytree(EXAMPLE_DOCS, destination / "docs")
    return destination / "catalog"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder that is also the working directory, so reported paths read `catalog/…`."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def catalog(workdir: Path) -> Path:
    """A private, writable copy of the example catalogue."""
    return copy_example(workdir)


def compare_golden(actual: str, golden: Path) -> None:
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
        return
    assert golden.is_file(), f"missing golden file {golden}: run `make golden`"
    assert actual == golden.read_text(encoding="utf-8")
