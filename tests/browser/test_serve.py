"""`serve` as a person editing a supplier file sees it: a real `build.py serve` process, a real
file edited on disk, the open page in Chromium reloading by itself, a bad edit explained on the
page while the last good site stays."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import AS_OF, REPO
from tests.conftest import copy_example

pytestmark = pytest.mark.browser

SUPPLIER = "bjorkstigen-familjestod"
EDIT_TIMEOUT_MS = 60_000  # the first rebuild on a busy test machine, not the preview's speed (see `make bench`)


def _ignoring_ctrl_c() -> None:
    """As a process started in the background by a shell is: SIGINT ignored from the start."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`build.py serve` on a copy of the example catalogue, on a free port, started as a shell
    starts it in the background; its URL and the catalogue. Ctrl+C (SIGINT) stops it cleanly."""
    catalog = copy_example(tmp_path)
    command = [sys.executable, str(REPO / "build.py"), "serve", "--catalog", "catalog", "--out", "site"]
    command += ["--port", "0", "--as-of", AS_OF.isoformat()]
    process = subprocess.Popen(
        command,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        preexec_fn=_ignoring_ctrl_c,  # noqa: PLW1509 - no threads in the child between fork and exec
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if "visas på " in line:
                url = line.split("visas på ", 1)[1].split("/ ", 1)[0]
                break
        else:
            pytest.fail("serve stopped before it served the site")
        yield url, catalog
    finally:
        process.send_signal(signal.SIGINT)
        try:
            assert process.wait(timeout=20) == 0
        except subprocess.TimeoutExpired:
            process.kill()
            raise
        finally:
            if process.stdout is not None:
                process.stdout.close()


def _wait_for_the_data(url: str) -> None:
    """Until the open data and the search index have followed the last update."""
    deadline = time.monotonic() + EDIT_TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        with urllib.request.urlopen(f"{url}/.urval/state") as response:
            if json.loads(response.read())["data"] >= 1:
                return
        time.sleep(0.2)
    pytest.fail("the open data and the search index never followed the edit")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_an_edit_shows_in_the_open_page_and_a_bad_one_says_why(served: tuple[str, Path], page: Page) -> None:
    url, catalog = served
    source = catalog / "suppliers" / f"{SUPPLIER}.yaml"
    page.goto(f"{url}/utforare/{SUPPLIER}/")
    article = page.locator("article")
    expect(article).to_contain_text("Jönköping")
    elsewhere = page.context.new_page()  # a page the edit does not reach
    elsewhere.goto(f"{url}/guide/")
    elsewhere.evaluate("window.notReloaded = true")

    _edit(source, "city: Jönköping", "city: Växjö")
    expect(article).to_contain_text("Växjö", timeout=EDIT_TIMEOUT_MS)
    expect(page.locator("#urval-preview-problems")).to_have_count(0)
    _wait_for_the_data(url)
    assert elsewhere.evaluate("window.notReloaded === true"), "a page the edit does not change kept its place"

    _edit(source, "org_number:", "org_nummer:")
    problems = page.locator("#urval-preview-problems")
    expect(problems).to_contain_text(f"{SUPPLIER}.yaml", timeout=EDIT_TIMEOUT_MS)
    expect(problems).to_have_attribute("role", "alert")
    expect(article).to_contain_text("Växjö")  # the last good site stays

    _edit(source, "org_nummer:", "org_number:")
    expect(problems).to_have_count(0, timeout=EDIT_TIMEOUT_MS)
    expect(article).to_contain_text("Växjö")


def test_only_the_served_pages_carry_the_preview_script(served: tuple[str, Path]) -> None:
    url, catalog = served
    with urllib.request.urlopen(f"{url}/utforare/{SUPPLIER}/") as response:
        assert b'<script src="/.urval/preview.js"></script></body>' in response.read()
    pages = list((catalog.parent / "site").rglob("*.html"))
    assert len(pages) > 30
    assert not [page for page in pages if b"/.urval/" in page.read_bytes()]


def test_a_process_manager_stops_serve_cleanly(tmp_path: Path) -> None:
    catalog = copy_example(tmp_path)
    command = [sys.executable, str(REPO / "build.py"), "serve", "--catalog", str(catalog), "--out", "site"]
    process = subprocess.Popen([*command, "--port", "0"], cwd=tmp_path, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        assert any("visas på " in line for line in process.stdout)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()
