"""Shared fixtures: real files in temporary folders, never mocks of our own code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_CATALOG = REPO / "catalog"
EXAMPLE_DOCS = REPO / "docs"
HVB_CATALOG = REPO / "examples" / "hvb-barn-unga" / "catalog"  # a second framework, other facts


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


@pytest.fixture(scope="session")
def docs_before_example_build() -> list[str]:
    """Every path under the example's docs/ before `example_site` is built: the build may add none."""
    return sorted(path.as_posix() for path in EXAMPLE_DOCS.rglob("*"))


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory, docs_before_example_build: list[str]) -> Path:
    """The example catalogue built as of 2025-06-01, once per test session: read it, never change it.

    A build takes seconds (mkdocs, Pagefind); every test of the example's built site shares this one.
    """
    from tests.site_support import build

    out = tmp_path_factory.mktemp("example") / "site"
    build(EXAMPLE_CATALOG, out)
    return out
