"""The site runs under its Content-Security-Policy in Chromium with no violation, and the policy
really is enforced (an injected inline script does not run)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.test_accessibility import PAGES

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI);
});
"""


def violations_on(page: Page, url: str) -> list[str]:
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    found: list[str] = page.evaluate("window.__cspViolations")
    return found


@pytest.mark.browser
@pytest.mark.parametrize("path", [*PAGES, "/sok/?q=familjehem"])
def test_every_page_runs_under_the_policy(page: Page, site_url: str, path: str) -> None:
    assert violations_on(page, site_url + path) == []


@pytest.mark.browser
def test_search_works_under_the_policy(page: Page, site_url: str) -> None:
    assert violations_on(page, site_url + "/sok/?q=familjehem") == []
    page.locator(".urval-sok-hit").first.wait_for()


@pytest.mark.browser
def test_the_policy_blocks_injected_inline_script(page: Page, site_url: str) -> None:
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(site_url + "/")
    page.evaluate(
        """() => {
            const script = document.createElement('script');
            script.textContent = 'window.__injected = true;';
            document.body.appendChild(script);
        }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.__injected === undefined")
    assert any(v.startswith("script-src") for v in page.evaluate("window.__cspViolations"))
