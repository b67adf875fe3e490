"""Search in real Chromium against the served example site: Pagefind finds a supplier by a word
only it uses, the header's search field leads there by keyboard, filters by län and language
narrow the results exactly as the catalogue says, and without JavaScript the page points to
the filter pages instead. The search page's own behaviour (what a query means, OR within a
filter group, browsing by filters, "Menade du …?", the phone layout) is in test_search_page.py.

Expected sets come from the catalogue's YAML files, never from names written into this file.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
import yaml
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import CATALOG, TIMEOUT_MS

pytestmark = pytest.mark.browser

RESULT_LINK = ".urval-sok-hit h3 a"
MORE_BUTTON = ".urval-sok-more"
STATUS = "#urval-sok-status"
SEARCH_FIELD = "#urval-sok-q"
SEARCH_PATH = "/sok/"
COMMON_WORD = "familjehem"
SUPPLIER_WITH_WORD = "sjobodarnas-familjeomsorg"
# Documented, stable URLs of the browsing dimensions (see the README and issue 3).
FILTER_PAGES = {"/omrade/", "/lan/", "/sprak/", "/tillganglighet/", "/utforare/"}

# Pagefind filter names, as the supplier pages declare them.
AREA, REGION, LANGUAGE, ACCESSIBILITY = "Avtalsområde", "Län", "Språk", "Tillgänglighet"


@dataclass(frozen=True)
class Value:
    """One filter value: its Swedish name and the ids of the suppliers that list it."""

    name: str
    suppliers: frozenset[str]


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@cache
def suppliers() -> dict[str, dict[str, Any]]:
    return {path.stem: _load(path) for path in sorted((CATALOG / "suppliers").glob("*.yaml"))}


@cache
def filter_values() -> dict[str, tuple[Value, ...]]:
    """Every value of the Län, Språk, Tillgänglighet and Avtalsområde filters, from the catalogue."""
    reference = CATALOG / "reference"

    def values(
        items: list[Any], name: Callable[[Any], str], listed: Callable[[Any, dict[str, Any]], bool]
    ) -> tuple[Value, ...]:
        return tuple(
            Value(name(item), frozenset(i for i, supplier in suppliers().items() if listed(item, supplier)))
            for item in items
        )

    return {
        REGION: values(
            _load(reference / "regions.yaml"), lambda r: str(r["name"]), lambda r, s: r["slug"] in s["regions"]
        ),
        LANGUAGE: values(
            _load(reference / "languages.yaml"),
            lambda lang: str(lang["name"]),
            lambda lang, s: str(lang["code"]) in map(str, s["languages"]),
        ),
        ACCESSIBILITY: values(
            _load(reference / "accessibility.yaml"),
            lambda f: str(f["name"]),
            lambda f, s: s.get("accessibility", {}).get(f["key"]) is True,
        ),
        AREA: values(
            _load(CATALOG / "ramavtal.yaml")["areas"],
            lambda a: f"{a['code']} {a['short_name']}",
            lambda a, s: a["code"] in s["areas"],
        ),
    }


def distinctive_word(supplier_id: str) -> str:
    """A word of the supplier's description that no other supplier's file contains, not even its
    first five letters (so Swedish stemming cannot match another page either)."""
    others = [
        path.read_text(encoding="utf-8").lower()
        for path in (CATALOG / "suppliers").glob("*.yaml")
        if path.stem != supplier_id
    ]
    description: str = suppliers()[supplier_id]["description"]
    words: set[str] = set(re.findall(r"[^\W\d_]{5,}", description.lower()))
    unique = sorted((w for w in words if not any(w[:5] in text for text in others)), key=lambda w: (-len(w), w))
    assert unique, f"{supplier_id}'s description has no word that only it uses"
    return unique[0]


def supplier_id_of(url: str) -> str:
    match = re.fullmatch(r"/utforare/([a-z0-9-]+)/", urlsplit(url).path)
    assert match, f"a search result that is not a supplier page: {url}"
    return match.group(1)


def pagefind_searches(page: Page, term: str, filters: list[dict[str, str]]) -> list[set[str]]:
    """The supplier ids Pagefind's JS API finds for `term` under each of `filters` (every result,
    not one page of them), in one round trip."""
    found: list[list[str]] = page.evaluate(
        """async ([term, filters]) => {
            const pagefind = await import('/pagefind/pagefind.js');
            const urls = [];
            for (const filter of filters) {
                const search = await pagefind.search(term, {filters: filter});
                const pages = await Promise.all(search.results.map((result) => result.data()));
                urls.push(pages.map((data) => data.url));
            }
            return urls;
        }""",
        [term, filters],
    )
    return [{supplier_id_of(url) for url in urls} for urls in found]


def pagefind_search(page: Page, term: str, filters: dict[str, str] | None = None) -> set[str]:
    return pagefind_searches(page, term, [filters or {}])[0]


def shown_results(page: Page, expected: AbstractSet[str]) -> set[str]:
    """The supplier ids the search page shows once it has settled on `expected` (pressing 'show
    more' as a person would), or what it shows when the time is up."""
    links = page.locator(RESULT_LINK)
    more = page.locator(MORE_BUTTON)

    def shown() -> set[str]:
        return {supplier_id_of(href) for href in links.evaluate_all("links => links.map((a) => a.href)")}

    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        now = shown()
        if now == expected:
            break
        if now < expected and more.is_visible():
            # The list may still be re-rendering after a filter change: a short try, then look again.
            with suppress(PlaywrightError):
                more.click(timeout=1_000)
        else:
            page.wait_for_timeout(100)
    return shown()


def expect_count(page: Page, count: int) -> None:
    """The live status above the results states the number found."""
    message = page.locator(STATUS)
    expect(message).to_have_text(re.compile(rf"(?<!\d){count}(?!\d)"), timeout=TIMEOUT_MS)


def filter_checkbox(page: Page, filter_name: str, value: str) -> Locator:
    """The checkbox of one filter value, found as a person finds it: the group, then the label."""
    group = page.get_by_role("group", name=filter_name, exact=True)
    return group.get_by_label(re.compile(rf"^{re.escape(value)} \(\d+\)$"))


def open_filters(page: Page) -> None:
    """Open the filter panel as a person does (it starts closed: its counts are fetched then)."""
    panel = page.locator(".urval-sok-filters")
    expect(panel).not_to_have_attribute("open", "")
    panel.locator("summary").click()
    expect(panel.locator(".urval-sok-count").first).to_have_text(re.compile(r"^\(\d+\)$"))


def open_search(page: Page, site_url: str, term: str) -> None:
    page.goto(f"{site_url}{SEARCH_PATH}?q={quote(term)}")
    results = page.locator(RESULT_LINK).first
    expect(results, f"the search page shows no results for {term!r}").to_be_visible(timeout=TIMEOUT_MS)


def test_search_finds_a_supplier_by_a_word_only_it_uses(page: Page, site_url: str) -> None:
    word = distinctive_word(SUPPLIER_WITH_WORD)
    open_search(page, site_url, word)
    first = page.locator(RESULT_LINK).first
    expect(first).to_have_attribute("href", f"/utforare/{SUPPLIER_WITH_WORD}/")
    expect(first).to_have_text(suppliers()[SUPPLIER_WITH_WORD]["name"])
    expect(page.locator(SEARCH_FIELD)).to_have_value(word)
    expect(page.get_by_text("Sökningen behöver JavaScript")).to_be_hidden()
    first.click()
    expect(page).to_have_url(f"{site_url}/utforare/{SUPPLIER_WITH_WORD}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(suppliers()[SUPPLIER_WITH_WORD]["name"])


def test_header_search_field_by_keyboard_alone(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/")
    field = page.get_by_label("Sök utförare")
    expect(field).to_have_attribute("id", "urval-q")
    for _ in range(60):
        page.keyboard.press("Tab")
        if field.evaluate("(element) => element === document.activeElement"):
            break
    else:
        pytest.fail("the header's search field cannot be reached with Tab")
    word = distinctive_word(SUPPLIER_WITH_WORD)
    page.keyboard.type(word)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(SEARCH_PATH) + r"\?q="))
    assert urlsplit(page.url).path == SEARCH_PATH
    first = page.locator(RESULT_LINK).first
    expect(first, "no results after searching from the header").to_have_attribute(
        "href", f"/utforare/{SUPPLIER_WITH_WORD}/", timeout=TIMEOUT_MS
    )


def narrowing_choice(matching: set[str]) -> tuple[Value, Value]:
    """A län that some but not all matching suppliers serve, and a language that narrows that
    län's suppliers further without emptying them: the smallest such län, by count then name."""
    for region in sorted(filter_values()[REGION], key=lambda v: (len(v.suppliers & matching), v.name)):
        in_region = region.suppliers & matching
        if len(in_region) < 2 or in_region == matching:
            continue
        for language in filter_values()[LANGUAGE]:
            if 0 < len(language.suppliers & in_region) < len(in_region):
                return region, language
    raise AssertionError("the catalogue has no län and language that narrow the results")


def test_filtering_by_lan_and_language_in_the_search_page(page: Page, site_url: str) -> None:
    """Drives the search page's filters: tick a län, then a language (AND across groups)."""
    open_search(page, site_url, COMMON_WORD)
    matching = pagefind_search(page, COMMON_WORD)
    assert matching, f"nothing matches {COMMON_WORD!r}"
    expect_count(page, len(matching))
    region, language = narrowing_choice(matching)
    open_filters(page)

    filter_checkbox(page, REGION, region.name).check()
    expected = region.suppliers & matching
    assert shown_results(page, expected) == expected
    expect_count(page, len(expected))

    filter_checkbox(page, LANGUAGE, language.name).check()
    both = expected & language.suppliers
    assert both < expected
    assert shown_results(page, both) == both
    expect_count(page, len(both))

    filter_checkbox(page, REGION, region.name).uncheck()
    only_language = language.suppliers & matching
    assert shown_results(page, only_language) == only_language


@pytest.mark.parametrize("filter_name", [REGION, LANGUAGE, ACCESSIBILITY, AREA])
def test_every_filter_value_finds_exactly_its_suppliers(page: Page, site_url: str, filter_name: str) -> None:
    """Pagefind's JS API, for every value: the index agrees with the catalogue."""
    page.goto(f"{site_url}{SEARCH_PATH}")
    matching = pagefind_search(page, COMMON_WORD)
    counts: dict[str, dict[str, int]] = page.evaluate("async () => (await import('/pagefind/pagefind.js')).filters()")
    values = filter_values()[filter_name]
    assert counts.get(filter_name) == {v.name: len(v.suppliers) for v in values if v.suppliers}, (
        f"Pagefind's index has the filters {sorted(counts)}"
    )
    found = pagefind_searches(page, COMMON_WORD, [{filter_name: value.name} for value in values])
    wrong = {
        value.name: (sorted(got), sorted(value.suppliers & matching))
        for value, got in zip(values, found, strict=True)
        if got != value.suppliers & matching
    }
    assert not wrong, f"{filter_name}: value -> (found, expected): {wrong}"


def test_every_lan_and_language_together_find_the_intersection(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}{SEARCH_PATH}")
    matching = pagefind_search(page, COMMON_WORD)
    pairs = [(r, lang) for r in filter_values()[REGION] for lang in filter_values()[LANGUAGE] if r.suppliers & matching]
    found = pagefind_searches(page, COMMON_WORD, [{REGION: r.name, LANGUAGE: lang.name} for r, lang in pairs])
    wrong = {
        (r.name, lang.name): (sorted(got), sorted(r.suppliers & lang.suppliers & matching))
        for (r, lang), got in zip(pairs, found, strict=True)
        if got != r.suppliers & lang.suppliers & matching
    }
    assert not wrong, f"(län, språk) -> (found, expected): {wrong}"


def test_search_page_without_javascript_points_to_the_filter_pages(page_without_js: Page, site_url: str) -> None:
    page = page_without_js
    page.goto(f"{site_url}{SEARCH_PATH}")
    notice = page.locator("p", has_text="Sökningen behöver JavaScript")
    expect(notice).to_be_visible()
    expect(page.locator(RESULT_LINK)).to_have_count(0)
    hrefs = notice.get_by_role("link").evaluate_all("links => links.map((a) => a.href)")
    assert {urlsplit(href).path for href in hrefs} == FILTER_PAGES
    for href in hrefs:
        response = page.goto(href)
        assert response is not None and response.ok, href
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.locator("article a").first).to_be_visible()
