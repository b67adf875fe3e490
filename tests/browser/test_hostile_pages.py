"""A hostile catalogue in real Chromium: no injected script runs, no dialog opens, on any page."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from tests import hostile
from tests.browser.conftest import _QuietHandler
from tests.site_support import build


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("hostile-browser")
    build(hostile.hostile_catalogue(root), root / "site")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root / "site"))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


PAGES_WITH_PAYLOADS = [
    "/",
    f"/utforare/{hostile.VICTIM}/",
    "/utforare/",
    "/omrade/a/",
    "/lan/",
    "/lan/stockholm/",
    "/sanktioner/",
    "/uppfoljning/",
    "/nyheter/",
    "/avrop/",
    "/sok/?q=alert",
]


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES_WITH_PAYLOADS)
def test_no_dialog_fires(page: Page, hostile_url: str, path: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(hostile_url + path)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("script:not([src])", has_text="alert(").count() == 0


@pytest.mark.browser
def test_payload_is_visible_as_text(page: Page, hostile_url: str) -> None:
    page.goto(hostile_url + f"/utforare/{hostile.VICTIM}/")
    assert '<script>alert("description")</script>' in page.locator("article").inner_text()
