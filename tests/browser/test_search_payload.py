"""What the search page fetches, in real Chromium: the first search (the page, then one query)
fetches no word index before the query, no filter chunk and no word list, so it stays small
however large the catalogue (issue 14, measured by `python -m bench.search`). The page starts
from the build's small starting state (sok/start.json), which agrees with Pagefind's index:
the same first page of the list by name, the same count for every filter value. The counts
come when the filter panel opens: before any search from that file, after a query from the
filter chunks.

A guard on which files are fetched, not on bytes: preloading the filters again fails here at
the example's size, where the bytes alone would not tell.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Request, expect

from tests.browser.test_search import COMMON_WORD, MORE_BUTTON, RESULT_LINK, SEARCH_FIELD, STATUS, suppliers

pytestmark = pytest.mark.browser

READY = "#urval-search[data-ready]"
PANEL = ".urval-sok-filters"
COUNT = ".urval-sok-count"
FILTER_CHUNK = re.compile(r"/pagefind/filter/[^/]+\.pf_filter$")
FRAGMENT = re.compile(r"/pagefind/fragment/[^/]+\.pf_fragment$")
WORD_INDEX = re.compile(r"/pagefind/index/[^/]+\.pf_index$")
START_FILE = "/sok/start.json"
WORD_LIST = "/sok/ord.json"
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


def type_query(page: Page, query: str) -> None:
    """Type `query` into the search field and press Enter; wait until the page has answered."""
    before = generation(page)
    page.locator(SEARCH_FIELD).fill(query)
    page.keyboard.press("Enter")
    page.wait_for_function("n => Number(document.getElementById('urval-search').dataset.ready) > n", arg=before)
    page.wait_for_load_state("networkidle")


def first_search(page: Page, site_url: str, query: str) -> Fetches:
    fetches = Fetches(page)
    page.goto(f"{site_url}/sok/")
    page.wait_for_selector(READY, state="attached")
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
    assert "/sitemap.xml" not in fetches.paths, "the theme fetched the site map (for a link rel=alternate)"
    # The first page of results only: the words are checked on the first result, not with a
    # search and a page of their own each (the list before typing came whole in the starting
    # state).
    assert len(fetches.matching(FRAGMENT)) <= PAGE_SIZE
    assert WORKER not in fetches.paths, "Pagefind runs in the page: its web worker is a script more to fetch"
    pagefind = [path for path in fetches.paths if path.startswith("/pagefind/")]
    assert len(pagefind) == len(set(pagefind)), "a file of the index fetched twice"


def test_the_starting_list_is_pagefinds_and_showing_more_continues_it(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/sok/")
    page.wait_for_selector(READY, state="attached")
    links = page.locator(RESULT_LINK)
    expect(links).to_have_count(min(PAGE_SIZE, len(suppliers())))
    while page.locator(MORE_BUTTON).is_visible():
        count = links.count()
        page.locator(MORE_BUTTON).click()
        expect(links).not_to_have_count(count)
    shown = [urlsplit(href).path for href in links.evaluate_all("links => links.map((a) => a.href)")]
    pagefind: list[str] = page.evaluate(
        """async (sort) => {
            const pagefind = await import('/pagefind/pagefind.js');
            const found = await pagefind.search(null, {sort: {[sort]: 'asc'}});
            return Promise.all(found.results.map(async (result) => (await result.data()).url));
        }""",
        page.get_attribute("#urval-search", "data-sort"),
    )
    assert shown == pagefind
    assert len(shown) == len(suppliers())


def test_opening_the_panel_before_a_search_fetches_nothing_and_its_counts_are_the_index(
    page: Page, site_url: str
) -> None:
    fetches = Fetches(page)
    page.goto(f"{site_url}/sok/")
    page.wait_for_selector(READY, state="attached")
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
