"""The search page's starting state (sok/start.json), read from Pagefind's own files at build time:
every supplier page counted, the first page of the list by name, and for every filter value the
number of supplier pages the index files under it, which is what the catalogue says. The browser
shows them before any search (tests/browser/test_search_payload.py checks them against Pagefind
itself), so they must be exact."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_CATALOG
from tests.site_support import model_of
from urval.site.index import (
    CHUNK_MARKER,
    META_SORTS,
    START_FILE,
    START_RESULTS,
    Metadata,
    PagefindFailed,
    _cbor,
    _chunk,
    filter_counts,
    read_filter_chunk,
)
from urval.site.render import site_words


def expected_counts() -> dict[str, dict[str, int]]:
    """Per filter, per value, how many suppliers hold it: from the model, as supplier pages name them."""
    catalogue = model_of(EXAMPLE_CATALOG)
    site = site_words()
    counts: dict[str, Counter[str]] = {}

    def add(filter_name: str, values: set[str]) -> None:
        counts.setdefault(filter_name, Counter()).update(values)

    for supplier in catalogue.suppliers:
        add(site["dimensions"]["area"]["filter"], {f"{a.code} {a.short_name}" for a in supplier.areas})
        add(site["dimensions"]["region"]["filter"], {r.name for r in supplier.regions})
        add(site["search"]["status"]["filter"], {site["supplier_status"][supplier.status]})
        for stated in supplier.facts:
            if stated.fact.criterion:
                add(stated.fact.criterion.filter, {entry.name for entry in stated.holding})
    return {name: dict(values) for name, values in counts.items()}


def test_the_counts_are_the_catalogues_for_every_filter_value(example_site: Path) -> None:
    start = json.loads((example_site / START_FILE).read_text(encoding="utf-8"))
    assert start["counts"] == expected_counts()


def test_the_start_lists_every_supplier_and_the_first_by_name(example_site: Path) -> None:
    catalogue = model_of(EXAMPLE_CATALOG)
    start = json.loads((example_site / START_FILE).read_text(encoding="utf-8"))
    assert start["total"] == len(catalogue.suppliers)
    first = [hit["url"] for hit in start["first"]]
    assert len(first) == min(START_RESULTS, len(catalogue.suppliers))
    by_id = {f"/utforare/{s.id}/": s for s in catalogue.suppliers}
    assert [by_id[url].name for url in first] == sorted(by_id[url].name for url in first)
    assert {"url", "meta", "filters"} == set(start["first"][0])


def test_a_filter_chunk_of_another_shape_fails_the_build(tmp_path: Path) -> None:
    """A Pagefind upgrade that changes the chunk format stops the build rather than writing wrong counts."""
    chunks = tmp_path / "pagefind" / "filter"
    chunks.mkdir(parents=True)
    # A CBOR map (major type 5) where an array is expected.
    (chunks / "sv_0.pf_filter").write_bytes(gzip.compress(CHUNK_MARKER + b"\xa1\x61a\x61b"))
    with pytest.raises(PagefindFailed, match="unexpected filter chunk"):
        filter_counts(tmp_path / "pagefind")


def test_a_chunk_without_pagefinds_marker_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.pf_filter"
    path.write_bytes(gzip.compress(b"\x82\x61a\x80"))
    with pytest.raises(PagefindFailed, match="not a Pagefind chunk"):
        read_filter_chunk(path)


def test_the_served_metadata_holds_no_sort(example_site: Path) -> None:
    """The metadata every search fetches first, under the name `pagefind-entry.json` gives it."""
    bundle = example_site / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    (language,) = entry["languages"].values()
    meta, _ = _cbor(_chunk(bundle / f"pagefind.{language['hash']}.pf_meta"), 0)
    assert meta[META_SORTS] == []
    assert len(meta[1]) == language["page_count"]


@pytest.mark.parametrize(
    "cbor",
    [
        b"\x85" + b"\x80" * 5,  # an array of five items, not six
        b"\x86" + b"\x80" * 6 + b"\x80",  # bytes after the array
        b"\xa1\x61a\x61b",  # a map
        b"\x86" + b"\x80" * 3 + b"\xf5" + b"\x80" * 2,  # a CBOR `true` among the items
    ],
)
def test_metadata_of_another_shape_is_refused_and_left_as_it_was(tmp_path: Path, cbor: bytes) -> None:
    """A Pagefind upgrade that changes the metadata stops the build rather than rewriting it by a guess."""
    path = tmp_path / "pagefind.sv_0.pf_meta"
    path.write_bytes(gzip.compress(CHUNK_MARKER + cbor))
    before = path.read_bytes()
    with pytest.raises(PagefindFailed, match="unexpected metadata"):
        Metadata.read(path).write_without_sorts()
    assert path.read_bytes() == before
