"""Adda's publishing: sanctions on pages, in the register, in the feeds and in every ranking."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest

from tests.conftest import EXAMPLE_CATALOG
from tests.site_support import build, model_of
from urval.site.views import follow_up_overview

STOP_IN_FORCE = "sjobodarnas-familjeomsorg"  # call-off stop from 2025-05-01, open-ended
STOP_ENDED = "ekdungens-familjehem"  # call-off stop 2024-06-01 – 2024-09-01
TERMINATED = "kvarnbackens-familjevard"  # termination 2025-02-15


def pages_listing(site: Path, supplier_id: str) -> set[str]:
    """Filter pages whose ranked tables link to the supplier (the 'cannot be called off' box excluded)."""
    found = set()
    for page in site.glob("*/*/index.html"):
        if page.parent.parent.name not in ("omrade", "lan", "sprak", "tillganglighet"):
            continue
        html = page.read_text("utf-8")
        tables = "".join(re.findall(r"<table>.*?</table>", html, re.S))
        if f"utforare/{supplier_id}/" in tables:
            found.add(page.parent.relative_to(site).as_posix())
    return found


def pages_naming_as_blocked(site: Path, supplier_id: str) -> set[str]:
    found = set()
    for page in site.glob("*/*/index.html"):
        html = page.read_text("utf-8")
        box = re.findall(r'<div class="admonition warning">.*?</div>', html, re.S)
        if any(f"utforare/{supplier_id}/" in part for part in box):
            found.add(page.parent.relative_to(site).as_posix())
    return found


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory, example_site: Path) -> dict[str, Path]:
    """The example catalogue built as of three days: before, during and after the sanctions."""
    root = tmp_path_factory.mktemp("news")
    built = {"2025-06-01": example_site}
    for day in ("2024-07-01", "2023-01-01"):
        build(EXAMPLE_CATALOG, root / day, dt.date.fromisoformat(day))
        built[day] = root / day
    return built


def test_stop_in_force_is_the_first_thing_on_the_supplier_page(sites: dict[str, Path]) -> None:
    html = (sites["2025-06-01"] / "utforare" / STOP_IN_FORCE / "index.html").read_text("utf-8")
    article = html[html.index("<article") :]
    first = re.search(r'<div class="admonition (\w+)">\s*<p class="admonition-title">([^<]*)<', article)
    assert first and first.group(1) == "danger"
    assert first.group(2).startswith("Avropsstopp sedan 1 maj 2025")


def test_ended_stop_is_history_not_a_banner(sites: dict[str, Path]) -> None:
    during = (sites["2024-07-01"] / "utforare" / STOP_ENDED / "index.html").read_text("utf-8")
    after = (sites["2025-06-01"] / "utforare" / STOP_ENDED / "index.html").read_text("utf-8")
    assert 'class="admonition danger"' in during
    assert 'class="admonition danger"' not in after
    assert "Sanktioner" in after and "tax" not in after  # listed in the history table
    assert re.search(r"<td>1 juni 2024</td>\s*<td>Avropsstopp</td>\s*<td>1 september 2024</td>", after)


def test_terminated_supplier_banner_and_status(sites: dict[str, Path]) -> None:
    html = (sites["2025-06-01"] / "utforare" / TERMINATED / "index.html").read_text("utf-8")
    assert "Hävning sedan 15 februari 2025: får inte avropas" in html


@pytest.mark.parametrize(
    ("day", "supplier_id", "ranked"),
    [
        ("2024-07-01", STOP_ENDED, False),
        ("2025-06-01", STOP_ENDED, True),
        ("2024-07-01", STOP_IN_FORCE, True),
        ("2025-06-01", STOP_IN_FORCE, False),
        ("2023-01-01", TERMINATED, True),
        ("2025-06-01", TERMINATED, False),
    ],
)
def test_presence_in_every_filter_page_ranking(
    sites: dict[str, Path], day: str, supplier_id: str, ranked: bool
) -> None:
    site = sites[day]
    catalogue = model_of(EXAMPLE_CATALOG, dt.date.fromisoformat(day))
    supplier = catalogue.supplier_by_id[supplier_id]
    expected = {f"omrade/{a.slug}" for a in supplier.areas} | {f"lan/{r.slug}" for r in supplier.regions}
    for criterion in catalogue.page_criteria:
        stated = supplier.fact(criterion.fact.key)
        assert stated is not None and criterion.criterion.page is not None
        expected |= {f"{criterion.criterion.page.path}/{entry.slug}" for entry in stated.holding}
    if ranked:
        assert pages_listing(site, supplier_id) == expected
        assert pages_naming_as_blocked(site, supplier_id) == set()
    else:
        assert pages_listing(site, supplier_id) == set()
        assert pages_naming_as_blocked(site, supplier_id) == expected


def test_register_lists_every_notice_newest_first_and_by_kind(sites: dict[str, Path]) -> None:
    site = sites["2025-06-01"]
    html = (site / "sanktioner" / "index.html").read_text("utf-8")
    dates = re.findall(r"<tr>\s*<td>(\d+ \w+ \d{4})</td>", html)
    assert dates == ["1 maj 2025", "15 februari 2025", "15 oktober 2024", "1 juni 2024", "20 november 2023"]
    stops = (site / "sanktioner" / "avropsstopp" / "index.html").read_text("utf-8")
    assert len(re.findall(r"<tr>\s*<td>", stops)) == 2
    assert "Hävning" not in re.sub(r"<nav.*?</nav>", "", stops, flags=re.S).split("<article")[1].split("</table>")[0]


def test_feeds_parse_and_list_news_and_sanctions_in_order(sites: dict[str, Path]) -> None:
    site = sites["2025-06-01"]
    rss = feedparser.parse((site / "feed.xml").read_bytes())
    assert not rss.bozo, rss.bozo_exception
    assert rss.version == "rss20"
    titles = [entry.title for entry in rss.entries]
    assert titles[:2] == ["Avropsstopp för en utförare i Kalmar län", "Avropsstopp: Sjöbodarnas Familjeomsorg AB"]
    assert "Hävning: Kvarnbäckens Familjevård AB" in titles
    published = [entry.published_parsed for entry in rss.entries]
    assert published == sorted(published, reverse=True)
    assert all(entry.link.startswith("http") and entry.link.endswith("/") for entry in rss.entries)
    atom = feedparser.parse((site / "feed.atom").read_bytes())
    assert not atom.bozo, atom.bozo_exception
    assert atom.version == "atom10"
    assert [entry.title for entry in atom.entries] == titles
    sanction_items = [e for e in rss.entries if e.tags[0].term == "Sanktioner"]
    assert len(sanction_items) == 5


def test_feed_items_link_to_built_pages(sites: dict[str, Path]) -> None:
    site = sites["2025-06-01"]
    for entry in feedparser.parse((site / "feed.xml").read_bytes()).entries:
        slug = entry.link.rstrip("/").rsplit("/", 1)[-1]
        assert (site / "nyheter" / slug / "index.html").is_file(), slug


def test_news_before_as_of_only(sites: dict[str, Path]) -> None:
    early = feedparser.parse((sites["2023-01-01"] / "feed.xml").read_bytes())
    assert early.entries == []


def test_follow_up_overview_counts_match_the_catalogue(catalog: Path) -> None:
    catalogue = model_of(catalog)
    overview = follow_up_overview(catalogue)
    visits = {
        f.supplier_id
        for f in catalogue.follow_ups
        if f.kind in ("visit", "digital_meeting") and catalogue.framework.start <= f.date <= catalogue.framework.end
    }
    assert {s.id for s in overview.visited} == visits
    assert len(overview.visited) + len(overview.not_visited) == len(
        [s for s in catalogue.suppliers if s.id in visits or s.status != "terminated"]
    )
    assert sum(count for _year, count in overview.surveys_per_year) == len(
        [f for f in catalogue.follow_ups if f.kind == "survey"]
    )
    assert sum(count for _outcome, count in overview.outcomes) == len(catalogue.follow_ups)


def test_supplier_unchanged_for_a_year_is_marked(catalog: Path) -> None:
    import os

    path = catalog / "suppliers" / "solbacken-familjevard.yaml"
    old = dt.datetime(2023, 1, 1).timestamp()
    os.utime(path, (old, old))
    from tests.site_support import build as build_site

    build_site(catalog, catalog.parent / "site", dt.date(2025, 6, 1))
    html = (catalog.parent / "site" / "utforare" / "solbacken-familjevard" / "index.html").read_text("utf-8")
    assert "Uppgifterna kan vara inaktuella" in html
    other = (catalog.parent / "site" / "utforare" / "exempelgarden-konsulentstod" / "index.html").read_text("utf-8")
    assert "Uppgifterna kan vara inaktuella" not in other


class _FeedLinks(HTMLParser):
    """The `<link>`s a feed reader discovers: `rel` holds the token `alternate`, `type` a feed's."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link" and "alternate" in values.get("rel", "").lower().split():
            self.found.append((values.get("type", ""), values.get("href", ""), values["rel"].split()))


@pytest.mark.parametrize("page", ["index.html", "utforare/index.html", "utforare/solbacken-familjevard/index.html"])
def test_every_page_links_both_feeds_for_readers_but_not_for_the_themes_site_map(
    sites: dict[str, Path], page: str
) -> None:
    site = sites["2025-06-01"]
    links = _FeedLinks()
    links.feed((site / page).read_text("utf-8"))
    types = {kind for kind, _href, _rel in links.found}
    assert types == {"application/rss+xml", "application/atom+xml"}
    for _kind, href, rel in links.found:
        assert (site / page).parent.joinpath(href).resolve().is_file()
        assert rel != ["alternate"], "the theme fetches sitemap.xml for every link rel=alternate"
