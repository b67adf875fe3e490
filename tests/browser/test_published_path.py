"""The site published under a path, as GitHub Pages publishes a project (https://org.github.io/repo/):
search must still lead to the supplier's page, not to the host's root."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PUBLISHED_PATH, TIMEOUT_MS
from tests.browser.test_search import RESULT_LINK, SEARCH_PATH, SUPPLIER_WITH_WORD, distinctive_word, suppliers

pytestmark = pytest.mark.browser


def test_search_results_stay_under_the_published_path(page: Page, site_url_under_path: str) -> None:
    word = distinctive_word(SUPPLIER_WITH_WORD)
    page.goto(f"{site_url_under_path}{SEARCH_PATH}?q={quote(word)}")
    first = page.locator(RESULT_LINK).first
    expect(first, "no search results on a site published under a path").to_be_visible(timeout=TIMEOUT_MS)
    expect(first).to_have_attribute("href", f"{PUBLISHED_PATH}/utforare/{SUPPLIER_WITH_WORD}/")
    first.click()
    expect(page).to_have_url(f"{site_url_under_path}/utforare/{SUPPLIER_WITH_WORD}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(suppliers()[SUPPLIER_WITH_WORD]["name"])


def test_header_search_and_filter_pages_work_under_the_published_path(page: Page, site_url_under_path: str) -> None:
    page.goto(f"{site_url_under_path}/")
    page.get_by_label("Sök utförare").fill(distinctive_word(SUPPLIER_WITH_WORD))
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site_url_under_path}{SEARCH_PATH}?q={distinctive_word(SUPPLIER_WITH_WORD)}")
    for path in ("/lan/", "/sprak/", "/omrade/", "/tillganglighet/"):
        response = page.goto(f"{site_url_under_path}{path}")
        assert response is not None and response.ok, path
