"""Crawl the built example site: every internal link resolves, every page the catalogue implies
exists, external links go only to known https hosts, and the open data lists every supplier.

No browser and no network: the site is built once into a temporary folder and read from disk.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
CATALOG = REPO / "catalog"
AS_OF = dt.date(2025, 6, 1)

# The origin pages are resolved against; any other host is foreign.
ORIGIN = "http://urval.test"

# Hosts the hand-written pages, the framework and the footer link to, besides suppliers' websites.
KNOWN_HOSTS = frozenset({"github.com", "creativecommons.org", "www.adda.se", "www.digg.se"})

# Which attribute of which element names another resource.
LINK_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src",),
    "iframe": ("src",),
    "source": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "use": ("href", "xlink:href"),
    "image": ("href", "xlink:href"),
    "form": ("action",),
}


@dataclass
class ParsedPage:
    """What the crawler needs from one HTML file: its references and the ids it defines."""

    links: list[tuple[str, str, str]] = field(default_factory=list)  # (element, attribute, value)
    ids: set[str] = field(default_factory=set)
    canonical: str | None = None


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and values.get("rel") == "canonical":
            self.page.canonical = values.get("href")
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.page.ids.add(str(values[name]))
        for attribute in LINK_ATTRIBUTES.get(tag, ()):
            value = values.get(attribute)
            if value is not None:
                self.page.links.append((tag, attribute, value.strip()))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def parse_html(path: Path) -> ParsedPage:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    collector.close()
    return collector.page


def ids_in(path: Path, cache: dict[Path, set[str]]) -> set[str]:
    """The ids an HTML or SVG file defines (html.parser reads SVG's tags well enough for ids)."""
    if path not in cache:
        cache[path] = parse_html(path).ids
    return cache[path]


def url_of(site: Path, html_file: Path) -> str:
    """The URL a file is served at: `x/index.html` at `/x/`, anything else at its own path."""
    relative = html_file.relative_to(site).as_posix()
    if relative == "index.html":
        return ORIGIN + "/"
    if relative.endswith("/index.html"):
        return f"{ORIGIN}/{relative.removesuffix('index.html')}"
    return f"{ORIGIN}/{relative}"


def file_for(site: Path, url_path: str) -> Path | None:
    """The file a server would answer `url_path` with (directories by their index.html), or None."""
    parts = [part for part in unquote(url_path).split("/") if part]
    normal = posixpath.normpath("/" + "/".join(parts))
    if normal != "/" + "/".join(parts) or ".." in parts:
        return None  # climbs out of the site
    target = site.joinpath(*parts)
    if url_path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def supplier_files() -> dict[str, dict[str, Any]]:
    return {path.stem: load_yaml(path) for path in sorted((CATALOG / "suppliers").glob("*.yaml"))}


@pytest.fixture(scope="module")
def site(example_site: Path) -> Path:
    """The example catalogue built as of 2025-06-01 (AS_OF)."""
    return example_site


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[Path, ParsedPage]:
    found = {path: parse_html(path) for path in sorted(site.rglob("*.html"))}
    assert len(found) > 50, "the example site should have well over 50 pages"
    return found


def external_hosts() -> set[str]:
    hosts = set(KNOWN_HOSTS)
    for supplier in supplier_files().values():
        if supplier.get("website"):
            hosts.add(urlsplit(supplier["website"]).hostname or "")
    return hosts


def references(pages: dict[Path, ParsedPage]) -> Iterator[tuple[Path, str, str, str]]:
    """Every (page, element, attribute, value) in the site."""
    for path, page in pages.items():
        for element, attribute, value in page.links:
            yield path, element, attribute, value


@cache
def own_url(site: Path) -> str | None:
    """Where the site says it is published (the start page's canonical URL), if it says: links
    there are internal."""
    canonical = parse_html(site / "index.html").canonical
    if canonical and canonical.startswith(("http://", "https://")):
        return canonical if canonical.endswith("/") else canonical + "/"
    return None


def internal_path(site: Path, page: Path, value: str) -> tuple[str, str] | None:
    """The (path, fragment) a reference points to inside the site, or None when it leaves it."""
    absolute = urljoin(url_of(site, page), value)
    own = own_url(site)
    if own and absolute.startswith(own):
        absolute = ORIGIN + "/" + absolute.removeprefix(own)
    parts = urlsplit(absolute)
    if f"{parts.scheme}://{parts.netloc}" != ORIGIN:
        return None
    return parts.path, parts.fragment


def test_every_internal_link_resolves(site: Path, pages: dict[Path, ParsedPage]) -> None:
    svg_ids: dict[Path, set[str]] = {}
    broken: list[str] = []
    checked = 0
    for path, element, attribute, value in references(pages):
        where = f"{path.relative_to(site)}: <{element} {attribute}={value!r}>"
        if value.startswith(("mailto:", "tel:")):
            continue
        inside = internal_path(site, path, value)
        if inside is None:
            continue  # foreign: test_external_links_are_https_to_known_hosts
        url_path, fragment = inside
        checked += 1
        if value.startswith("#"):
            if value != "#" and unquote(value[1:]) not in pages[path].ids:
                broken.append(f"{where}: no element with this id on the page")
            continue
        target = file_for(site, url_path)
        if target is None:
            broken.append(f"{where}: {url_path} does not exist")
            continue
        if fragment and target.suffix in (".html", ".svg"):
            ids = pages[target].ids if target in pages else ids_in(target, svg_ids)
            if unquote(fragment) not in ids:
                broken.append(f"{where}: {target.relative_to(site)} has no id {fragment!r}")
    assert checked > 1000, f"only {checked} internal references: is the crawler reading the pages?"
    assert not broken, "broken internal links:\n" + "\n".join(broken)


def test_external_links_are_https_to_known_hosts(site: Path, pages: dict[Path, ParsedPage]) -> None:
    allowed = external_hosts()
    bad: list[str] = []
    seen: set[str] = set()
    for path, element, attribute, value in references(pages):
        if value.startswith(("mailto:", "tel:", "#")):
            continue
        if internal_path(site, path, value) is not None:
            continue
        parts = urlsplit(urljoin(url_of(site, path), value))
        where = f"{path.relative_to(site)}: <{element} {attribute}={value!r}>"
        if parts.scheme != "https":
            bad.append(f"{where}: not https")
        elif parts.hostname not in allowed:
            bad.append(f"{where}: {parts.hostname} is not on the allow-list")
        elif element != "a":
            bad.append(f"{where}: the site loads a resource from another host")
        else:
            seen.add(parts.hostname)
    assert not bad, "unexpected external references:\n" + "\n".join(bad)
    # The footer credits the map and its licence on every page.
    assert {"github.com", "creativecommons.org"} <= seen


def test_mailto_links_are_suppliers_addresses(site: Path) -> None:
    for supplier_id, supplier in supplier_files().items():
        page = parse_html(site / "utforare" / supplier_id / "index.html")
        assert ("a", "href", f"mailto:{supplier['contact']['email']}") in page.links, supplier_id


def test_every_catalogue_value_has_its_page(site: Path) -> None:
    reference = CATALOG / "reference"
    framework = load_yaml(CATALOG / "ramavtal.yaml")
    expected = [f"utforare/{supplier_id}" for supplier_id in supplier_files()]
    expected += [f"omrade/{str(area['code']).lower()}" for area in framework["areas"]]
    expected += [f"lan/{region['slug']}" for region in load_yaml(reference / "regions.yaml")]
    expected += [f"sprak/{language['code']}" for language in load_yaml(reference / "languages.yaml")]
    expected += [f"tillganglighet/{feature['slug']}" for feature in load_yaml(reference / "accessibility.yaml")]
    expected += ["utforare", "omrade", "lan", "sprak", "tillganglighet", "sok", "oppna-data"]
    assert all(isinstance(page, str) and page == page.lower() and page.isascii() for page in expected)
    missing = [page for page in expected if not (site / page / "index.html").is_file()]
    assert not missing, f"pages missing from the site: {missing}"


def test_open_data_and_schemas(site: Path) -> None:
    for name in ("data/utforare.json", "data/utforare.csv", "data/priser.csv", "schema/supplier.schema.json"):
        assert (site / name).is_file(), name
    json.loads((site / "schema" / "supplier.schema.json").read_text(encoding="utf-8"))
    data = json.loads((site / "data" / "utforare.json").read_text(encoding="utf-8"))
    listed = data["suppliers"] if isinstance(data, dict) else data
    ids = {entry["id"] for entry in listed}
    assert ids == set(supplier_files())
    assert {row["id"] for row in read_csv(site / "data" / "utforare.csv")} == ids
    priced = {supplier_id for supplier_id, supplier in supplier_files().items() if supplier.get("prices")}
    assert {row["utförare_id"] for row in read_csv(site / "data" / "priser.csv")} == priced


def read_csv(path: Path) -> list[dict[str, str]]:
    """The open data's CSV files start with a byte order mark, for spreadsheets."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))
