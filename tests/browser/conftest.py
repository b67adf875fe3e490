"""Real Chromium against the example site: built once per session, served on 127.0.0.1.

The browser is Debian's chromium (`make browser` installs it); Playwright never downloads one
here. When chromium is missing the tests fail, they are not skipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from urval.site.localserver import QuietHandler, serving

REPO = Path(__file__).resolve().parent.parent.parent
CATALOG = REPO / "catalog"
AS_OF = dt.date(2025, 6, 1)
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 15_000
PUBLISHED_PATH = "/urvalsdata"


@pytest.fixture(scope="session")
def built_site(example_site: Path) -> Path:
    """The example catalogue built as of 2025-06-01 (AS_OF), once per test session (tests/conftest.py)."""
    return example_site


class _UnderPathHandler(QuietHandler):
    """Serves the site under PUBLISHED_PATH only, as GitHub Pages serves a project's site."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(PUBLISHED_PATH + "/"):
            return str(Path(self.directory) / "-no-such-file-")
        return super().translate_path(path.removeprefix(PUBLISHED_PATH))


def serve(site: Path, handler_class: type[QuietHandler] = QuietHandler) -> AbstractContextManager[str]:
    """`site` served on 127.0.0.1 (an ephemeral port) while the block runs; yields its base URL."""
    return serving(site, handler_class=handler_class)


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1 (an ephemeral port) by a daemon thread; its base URL."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def site_url_under_path(built_site: Path) -> Iterator[str]:
    """The same site served under PUBLISHED_PATH (e.g. https://org.github.io/repo/); its base URL."""
    with serve(built_site, _UnderPathHandler) as url:
        yield url + PUBLISHED_PATH


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: the browser tests drive Debian's chromium. "
            "Install it with `make browser` (apt-get install chromium); never `playwright install`.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _context(browser: Browser, **options: Any) -> Iterator[Page]:
    context: BrowserContext = browser.new_context(locale="sv-SE", **options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page in its own context (no shared cookies or storage), with JavaScript errors failing the test."""
    yield from _context(browser)


@pytest.fixture
def page_without_js(browser: Browser) -> Iterator[Page]:
    """A page as a locked-down browser sees it: JavaScript disabled."""
    yield from _context(browser, java_script_enabled=False)
