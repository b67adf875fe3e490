"""A hostile catalogue in real Chromium: no injected script runs, no dialog opens, on any page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Dialog, Page

from tests import hostile
from tests.browser.conftest import serve
from tests.site_support import build


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("hostile-browser")
    build(hostile.hostile_catalogue(root), root / "site")
    with serve(root / "site") as url:
        yield url


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

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
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
