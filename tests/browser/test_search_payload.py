"""What the search page fetches, in real Chromium: the first search (the page, then one query)
fetches no word index before the query, no filter chunk and no word list, so it stays small
however large the catalogue (issue 14, measured by `python -m bench.search`). The page starts
from the build's small starting state (sok/start.json), which agrees with Pagefind's index:
the same first page of the list by name, the same count for every filter value. The counts
come when the filter panel opens: before any search from that file, after a query from the
filter chunks.

A search without words lists its results by name, in the order of the build's file of Pagefind
ids (sok/namn.json, Pagefind's own sort taken out of the metadata every search fetches): a
search by filters alone fetches it, once; a search with words never does.

A guard on which files are fetched, not on bytes: preloading the filters again fails here at
the example's size, where the bytes alone would not tell.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Request, expect

from tests.browser.test_search import (
    COMMON_WORD,
    LANGUAGE,
    MORE_BUTTON,
    REGION,
    RESULT_LINK,
    SEARCH_FIELD,
    STATUS,
    Value,
    filter_checkbox,
    filter_values,
    supplier_id_of,
    suppliers,
)
from urval.site.index import _chunk, order_file
from urval.site.render import site_words

pytestmark = pytest.mark.browser

READY = "#urval-search[data-ready]"
PANEL = ".urval-sok-filters"
COUNT = ".urval-sok-count"
FILTER_CHUNK = re.compile(r"/pagefind/filter/[^/]+\.pf_filter$")
FRAGMENT = re.compile(r"/pagefind/fragment/[^/]+\.pf_fragment$")
WORD_INDEX = re.compile(r"/pagefind/index/[^/]+\.pf_index$")
START_FILE = "/sok/start.json"
WORD_LIST = "/sok/ord.json"
ORDER_FILE = "/" + order_file(site_words()["search"]["sort"]).as_posix()
WORKER = "/pagefind/pagefind-worker.js"
PAGE_SIZE = 20  # results shown at a time (urval-search.js)


class Fetches:
    """The paths a page requests, from the moment it is made."""

    def __init__(self, page: Page) -> None:
        self.paths: list[str] = []
        page.on("request", self.keep)

    def keep(self, request: Request) -> None:
        self.paths.append(urlsplit(request.url).path)

    def matching(self, pattern: re.Pattern[str]) -> list[str]:
        return [path for path in self.paths if pattern.search(path)]

    def since(self, start: int) -> list[str]:
        return self.paths[start:]


def generation(page: Page) -> int:
    return int(page.get_attribute("#urval-search", "data-ready") or "0")


def answered(page: Page, before: int) -> None:
    """Wait until the page has answered a search started after its answer `before`."""
    page.wait_for_function("n => Number(document.getElementById('urval-search').dataset.ready) > n", arg=before)
    page.wait_for_load_state("networkidle")


def type_query(page: Page, query: str) -> None:
    """Type `query` into the search field and press Enter; wait until the page has answered."""
    before = generation(page)
    page.locator(SEARCH_FIELD).fill(query)
    page.keyboard.press("Enter")
    answered(page, before)


def load(page: Page, site_url: str) -> Fetches:
    """Open /sok/, recording what it fetches from the start; wait until its list is shown."""
    fetches = Fetches(page)
    page.goto(f"{site_url}/sok/")
    page.wait_for_selector(READY, state="attached")
    return fetches


def first_search(page: Page, site_url: str, query: str) -> Fetches:
    fetches = load(page, site_url)
    page.wait_for_load_state("networkidle")
    assert fetches.matching(WORD_INDEX) == [], "the page fetched Pagefind's word index before a word was typed"
    assert fetches.paths.count(START_FILE) == 1
    type_query(page, query)
    expect(page.locator(RESULT_LINK).first).to_be_visible()
    return fetches


def shown_counts(page: Page) -> dict[str, dict[str, int]]:
    """{Pagefind filter: {value: count}} as the open panel shows them."""
    found: dict[str, dict[str, int]] = page.evaluate(
        """() => Object.fromEntries(Array.from(document.querySelectorAll('.urval-sok-group'), (group) => [
            group.dataset.filter,
            Object.fromEntries(Array.from(group.querySelectorAll('input'), (box) => [
                box.dataset.value,
                Number(box.nextElementSibling.querySelector('.urval-sok-count').textContent.slice(1, -1)),
            ])),
        ]))"""
    )
    return found


def open_panel(page: Page) -> None:
    page.locator(PANEL).locator("summary").click()
    expect(page.locator(PANEL).locator(COUNT).first).to_have_text(re.compile(r"^\(\d+\)$"))
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("query", ["common word", "supplier name"])
def test_the_first_search_fetches_no_filter_chunk_counts_or_word_list(page: Page, site_url: str, query: str) -> None:
    text = COMMON_WORD if query == "common word" else suppliers()["solbacken-familjevard"]["name"]
    fetches = first_search(page, site_url, text)
    assert page.locator(PANEL).get_attribute("open") is None, "the filter panel starts closed"
    assert fetches.matching(FILTER_CHUNK) == [], "the first search fetched Pagefind's filter chunks"
    assert len(fetches.matching(WORD_INDEX)) <= len(text.split()), "more of the word index than the words need"
    assert WORD_LIST not in fetches.paths, "the word list is for 'Menade du …?', which nothing here needs"
    assert ORDER_FILE not in fetches.paths, "the name order is for searches without words"
    assert "/sitemap.xml" not in fetches.paths, "the theme fetched the site map (for a link rel=alternate)"
    # The first page of results only: the words are checked on the first result, not with a
    # search and a page of their own each (the list before typing came whole in the starting
    # state).
    assert len(fetches.matching(FRAGMENT)) <= PAGE_SIZE
    assert WORKER not in fetches.paths, "Pagefind runs in the page: its web worker is a script more to fetch"
    pagefind = [path for path in fetches.paths if path.startswith("/pagefind/")]
    assert len(pagefind) == len(set(pagefind)), "a file of the index fetched twice"


def shown_paths(page: Page) -> list[str]:
    """The addresses of the results shown, in their order, once 'show more' has shown them all."""
    links = page.locator(RESULT_LINK)
    while page.locator(MORE_BUTTON).is_visible():
        count = links.count()
        page.locator(MORE_BUTTON).click()
        expect(links).not_to_have_count(count)
    return [urlsplit(href).path for href in links.evaluate_all("links => links.map((a) => a.href)")]


def by_name(site: Path) -> list[str]:
    """Every supplier page's address in the site's name order (Pagefind's own, tests/test_search_source.py)."""
    bundle = site / "pagefind" / "fragment"
    ids = json.loads((site / ORDER_FILE.lstrip("/")).read_text(encoding="utf-8"))
    return [json.loads(_chunk(bundle / f"{page}.pf_fragment"))["url"] for page in ids]


def test_the_starting_list_is_by_name_and_showing_more_continues_it(
    page: Page, site_url: str, built_site: Path
) -> None:
    fetches = load(page, site_url)
    expect(page.locator(RESULT_LINK)).to_have_count(min(PAGE_SIZE, len(suppliers())))
    assert ORDER_FILE not in fetches.paths, "the first page of the list is in the starting state"
    shown = shown_paths(page)
    assert shown == by_name(built_site)
    assert len(shown) == len(suppliers())
    assert fetches.paths.count(ORDER_FILE) == 1


def tick(page: Page, filter_name: str, value: Value, on: bool = True) -> None:
    """Tick (or untick) a filter value as a person does; wait until the page has answered."""
    before = generation(page)
    filter_checkbox(page, filter_name, value.name).set_checked(on)
    answered(page, before)


def most_but_not_all(filter_name: str) -> Value:
    """The filter's value that the most suppliers hold, but not every supplier: a list to order."""
    values = [value for value in filter_values()[filter_name] if len(value.suppliers) < len(suppliers())]
    chosen = max(values, key=lambda value: (len(value.suppliers), value.name))
    assert len(chosen.suppliers) > 2, f"{filter_name}: no value with suppliers enough to order"
    return chosen


def test_a_search_by_filters_alone_lists_by_name_and_fetches_the_order_once(
    page: Page, site_url: str, built_site: Path
) -> None:
    fetches = load(page, site_url)
    open_panel(page)
    region, language = most_but_not_all(REGION), most_but_not_all(LANGUAGE)
    tick(page, REGION, region)
    assert shown_paths(page) == [path for path in by_name(built_site) if supplier_id_of(path) in region.suppliers]
    assert fetches.paths.count(ORDER_FILE) == 1
    # Another search without words is ordered by the same file, not fetched again.
    tick(page, REGION, region, on=False)
    tick(page, LANGUAGE, language)
    assert shown_paths(page) == [path for path in by_name(built_site) if supplier_id_of(path) in language.suppliers]
    assert fetches.paths.count(ORDER_FILE) == 1


def test_opening_the_panel_before_a_search_fetches_nothing_and_its_counts_are_the_index(
    page: Page, site_url: str
) -> None:
    fetches = load(page, site_url)
    page.wait_for_load_state("networkidle")
    start = len(fetches.paths)
    open_panel(page)
    assert fetches.since(start) == []
    shown = {group: {v: n for v, n in values.items() if n} for group, values in shown_counts(page).items()}
    index: dict[str, dict[str, int]] = page.evaluate("async () => (await import('/pagefind/pagefind.js')).filters()")
    assert shown == index


def test_opening_the_panel_after_a_query_counts_its_results(page: Page, site_url: str) -> None:
    fetches = first_search(page, site_url, COMMON_WORD)
    found = int((page.locator(STATUS).text_content() or "").split()[0])
    start = len(fetches.paths)
    open_panel(page)
    assert fetches.matching(FILTER_CHUNK), "counting a query's results needs the filter chunks"
    assert START_FILE not in fetches.since(start)
    status = page.locator(".urval-sok-group[data-param='status']").locator(COUNT)
    assert sum(int(text.strip("()")) for text in status.all_text_contents()) == found


def test_a_misspelt_name_fetches_the_word_list(page: Page, site_url: str) -> None:
    name = suppliers()["solbacken-familjevard"]["name"]
    fetches = first_search(page, site_url, COMMON_WORD)
    type_query(page, name[:5] + name[6:])
    expect(page.locator(".urval-sok-note")).to_contain_text("Menade du")
    assert WORD_LIST in fetches.paths
