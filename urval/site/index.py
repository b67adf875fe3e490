"""Step 6, index: Pagefind over the built site (its own `pagefind` folder cleared first), then
the search page's starting point (`sok/start.json`) read from what Pagefind wrote.

Before a word is typed or a filter ticked, the search page lists every supplier by name and,
when its filter panel opens, how many suppliers each filter value has. Pagefind answers that
state (a search without words) only after fetching its whole word index and, for the counts,
every filter chunk: well over a megabyte at 10,000 suppliers. This small file holds the same
answer: the number of pages, the first pages in Pagefind's own name order with the data
Pagefind would give for them, and the count of every filter value. It is read from Pagefind's
own files, so it is the index's answer by construction, not a second opinion.

Pagefind keeps that name order (its sort, `data-pagefind-sort`) in its metadata, which every
search fetches first, although only a search without words uses it: a quarter of the metadata
at 10,000 suppliers (22 of 86 KB compressed). So the order is moved out of it into a file of its
own (`sok/namn.json`, named after the sort: the pages' Pagefind ids in name order), which the
search page fetches only for a search without words, and the metadata is written again without
its sorts.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from urval.site.render import site_words

START_FILE = Path("sok") / "start.json"
START_RESULTS = 20  # the first page of the search page's list
# What Pagefind says once it has parsed every page it was given, before it builds the index.
SOURCE_READ = b"[Building search indexes]"
POLL_SECONDS = 0.1
# Pagefind's chunks: gzip, then this marker, then CBOR (Pagefind 1.x).
CHUNK_MARKER = b"pagefind_dcd"
# The metadata's CBOR array (Pagefind 1.x): version, pages, word chunks, filter chunks, sorts, meta fields.
META_ITEMS, META_PAGES, META_SORTS = 6, 1, 4
CBOR_EMPTY_ARRAY = b"\x80"


def order_file(sort: str) -> Path:
    """The search page's list in `sort`'s order, as the site holds it: beside the start."""
    return START_FILE.parent / f"{sort}.json"


class PagefindFailed(RuntimeError):
    """Pagefind failed, or wrote an index this module cannot read; carries the reason."""


@dataclass(frozen=True)
class SearchSource:
    """What Pagefind reads in place of the site's pages rendered straight to HTML: each such
    page that search indexes as only what the index needs of it (`urval.site.direct.search_page`),
    in a folder laid out as the site, beside the site's other pages."""

    folder: Path
    beside: tuple[str, ...]  # the site's other pages (those mkdocs built), as paths in the site

    def complete(self, site: Path) -> bool:
        """Add the site's other pages as they are; False: it holds no page to index, and
        Pagefind must read the site itself (an index of no search body is an index of every page)."""
        if not self.folder.is_dir() or next(self.folder.rglob("*.html"), None) is None:
            return False
        for name in self.beside:
            target = self.folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(site / name, target)
        return True


def index_site(site: Path, output: Path | None = None, source: SearchSource | None = None) -> None:
    """Index `site` into its `pagefind` folder, or into `output` (for `serve`, which swaps it in);
    from `source` (the same pages, lighter to read) when the build wrote one."""
    with Indexing(site, output or site / "pagefind", source) as indexing:
        indexing.finish()


class Indexing:
    """Pagefind indexing a site into `target`, started when made: the build checks the links
    meanwhile (Pagefind keeps about one and a half of two cores busy). `finish` waits for it and
    writes the search page's start; leaving the context stops it if it still runs."""

    def __init__(self, site: Path, target: Path, source: SearchSource | None = None) -> None:
        self.site, self.target = site, target
        shutil.rmtree(target, ignore_errors=True)
        read = source.folder if source is not None and source.complete(site) else site
        self.said = tempfile.TemporaryFile()  # noqa: SIM115 - closed when the context is left
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pagefind", "--site", str(read), "--output-path", str(target)],
            stdout=self.said,
            stderr=subprocess.STDOUT,
        )
        self.cleanup: threading.Thread | None = None
        if read != site:
            self.cleanup = threading.Thread(target=self._remove_once_read, args=(read,), daemon=True)
            self.cleanup.start()

    def _remove_once_read(self, source: Path) -> None:
        """Remove the search source as soon as Pagefind has read all of it (a folder per page:
        removing them takes a second or two at 10,000 suppliers, done while Pagefind still
        builds its index), else when Pagefind has stopped."""
        while self.process.poll() is None and SOURCE_READ not in os.pread(self.said.fileno(), 1 << 16, 0):
            time.sleep(POLL_SECONDS)
        shutil.rmtree(source, ignore_errors=True)

    def finish(self) -> None:
        self.process.wait()
        self._cleaned_up()
        self.said.seek(0)
        said = self.said.read().decode("utf-8", errors="replace")
        # Pagefind reports a misused attribute as a warning and drops what it marks (filters, for
        # one); a silently smaller index is a failure here.
        if self.process.returncode != 0 or "is not valid" in said:
            raise PagefindFailed(said)
        write_start(self.site, site_words()["search"]["sort"], self.target)

    def __enter__(self) -> Indexing:
        return self

    def __exit__(self, *_: object) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._cleaned_up()
        self.said.close()

    def _cleaned_up(self) -> None:
        if self.cleanup is not None:
            self.cleanup.join()


def write_start(site: Path, sort: str, bundle: Path | None = None) -> Path:
    """`sok/start.json`: {total, first: [page data], counts: {filter: {value: pages}}}, from the
    index in `bundle` (by default the site's `pagefind` folder); beside it `sort`'s order of the
    pages (`order_file`), which then leaves the index's metadata."""
    bundle = bundle or site / "pagefind"
    metas = sorted(bundle.glob("pagefind.*.pf_meta"))
    if len(metas) != 1:
        raise PagefindFailed(f"expected one language's index, found {len(metas)}")
    meta = Metadata.read(metas[0])
    pages, order = meta.pages_in(sort)
    named = [pages[number] for number in order]
    first = [read_fragment(bundle / "fragment" / f"{page}.pf_fragment") for page in named[:START_RESULTS]]
    target = _write_json(site / START_FILE, {"total": len(order), "first": first, "counts": filter_counts(bundle)})
    _write_json(site / order_file(sort), named)
    meta.write_without_sorts()
    return target


def _write_json(target: Path, value: object) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")), "utf-8")
    return target


def filter_counts(bundle: Path) -> dict[str, dict[str, int]]:
    """{filter: {value: pages}} over every filter chunk of the index, in name order (the same
    file for the same index, whatever Pagefind named its chunks)."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for chunk in sorted((bundle / "filter").glob("*.pf_filter")):
        name, values = read_filter_chunk(chunk)
        for value, pages in values.items():
            counts[name][value] = counts[name].get(value, 0) + pages
    return {name: dict(sorted(counts[name].items())) for name in sorted(counts)}


def _chunk(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(CHUNK_MARKER):
        raise PagefindFailed(f"{path.name}: not a Pagefind chunk")
    return data[len(CHUNK_MARKER) :]


@dataclass(frozen=True)
class Metadata:
    """Pagefind's metadata file, read and checked once: its CBOR items, each with where it starts
    and ends in `data`."""

    path: Path
    data: bytes
    items: list[tuple[Any, int, int]]

    @classmethod
    def read(cls, path: Path) -> Metadata:
        data = _chunk(path)
        return cls(path, data, _meta_items(data, path.name))

    def pages_in(self, sort: str) -> tuple[list[str], list[int]]:
        """The index's pages (fragment names, by page number) and their page numbers in `sort`'s
        ascending order, as a search without words sorted by it lists them."""
        try:
            pages = [str(page[0]) for page in self.items[META_PAGES][0]]
            order = next(list(map(int, numbers)) for name, numbers in self.items[META_SORTS][0] if name == sort)
        except (ValueError, TypeError, IndexError, StopIteration) as error:
            raise PagefindFailed(f"{self.path.name}: unexpected metadata ({error!r})") from None
        # A page without the sort key is left out of a sorted search by Pagefind itself; the start
        # lists what that search lists.
        if len(set(order)) != len(order) or not all(0 <= number < len(pages) for number in order):
            raise PagefindFailed(f"{self.path.name}: the sort {sort!r} names pages the index does not hold")
        return pages, order

    def write_without_sorts(self) -> None:
        """The file rewritten with no sort (an empty array in their place), the rest byte for
        byte, in Pagefind's framing and under the name Pagefind gave it (`pagefind-entry.json`
        names it; that name still stands for one index, as it was made from the whole file)."""
        _, start, end = self.items[META_SORTS]
        framed = CHUNK_MARKER + self.data[:start] + CBOR_EMPTY_ARRAY + self.data[end:]
        self.path.write_bytes(gzip.compress(framed, mtime=0))


def _meta_items(data: bytes, name: str) -> list[tuple[Any, int, int]]:
    """The metadata's items, each with where it starts and ends in `data`; anything but the
    array of items Pagefind 1.x writes is refused."""
    try:
        major, size, at = _cbor_head(data, 0)
        if major != 4 or size != META_ITEMS:
            raise ValueError(f"an array of {META_ITEMS} items expected, major type {major} of {size}")
        items = []
        for _ in range(size):
            item, end = _cbor(data, at)
            items.append((item, at, end))
            at = end
    except (ValueError, IndexError) as error:
        raise PagefindFailed(f"{name}: unexpected metadata ({error!r})") from None
    if at != len(data):
        raise PagefindFailed(f"{name}: unexpected metadata (bytes after its end)")
    return items


def read_fragment(path: Path) -> dict[str, object]:
    """What Pagefind's `result.data()` gives the search page for one page (its text left out)."""
    fragment = json.loads(_chunk(path))
    return {key: fragment[key] for key in ("url", "meta", "filters")}


def read_filter_chunk(path: Path) -> tuple[str, dict[str, int]]:
    """One filter chunk: the filter's name and how many pages hold each of its values."""
    data = _chunk(path)
    try:
        chunk, end = _cbor(data, 0)
        name, values = chunk
        counts = {str(value): len(pages) for value, pages in values}
    except (ValueError, TypeError, IndexError) as error:
        raise PagefindFailed(f"{path.name}: unexpected filter chunk ({error})") from None
    if end != len(data) or not isinstance(name, str):
        raise PagefindFailed(f"{path.name}: unexpected filter chunk")
    return name, counts


def _cbor(data: bytes, at: int) -> tuple[Any, int]:
    """The CBOR item at `at` and where it ends: only what filter chunks and the metadata hold
    (unsigned integers, text, arrays); anything else is refused rather than guessed."""
    major, size, at = _cbor_head(data, at)
    if major == 0:
        return size, at
    if major == 3:
        return data[at : at + size].decode("utf-8"), at + size
    if major == 4:
        items: list[Any] = []
        for _ in range(size):
            item, at = _cbor(data, at)
            items.append(item)
        return items, at
    raise ValueError(f"CBOR major type {major} at byte {at}")


def _cbor_head(data: bytes, at: int) -> tuple[int, int, int]:
    """(major type, argument, where the content starts) of the item at `at`."""
    major, info = data[at] >> 5, data[at] & 0x1F
    if info < 24:
        return major, info, at + 1
    if info > 27:
        raise ValueError(f"CBOR additional information {info} at byte {at}")
    width = 1 << (info - 24)
    return major, int.from_bytes(data[at + 1 : at + 1 + width], "big"), at + 1 + width
