"""The parts of `serve`'s live preview below the browser: hearing edits, and the state pages wait on."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from watchdog.observers import Observer

from urval.site.localserver import PreviewState
from urval.site.preview import Edits


@pytest.fixture
def heard(tmp_path: Path) -> Iterator[tuple[Edits, Path]]:
    """Edits under `tmp_path/watched` and to `tmp_path/mkdocs.yml`, heard by a real observer."""
    (tmp_path / "watched").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", "utf-8")
    edits = Edits([tmp_path / "watched", tmp_path / "mkdocs.yml"])
    observer = Observer()
    observer.schedule(edits, str(tmp_path / "watched"), recursive=True)
    observer.schedule(edits, str(tmp_path), recursive=False)
    observer.start()
    try:
        yield edits, tmp_path
    finally:
        observer.stop()
        observer.join()


def test_a_saved_file_is_heard_once_its_writes_are_over(heard: tuple[Edits, Path]) -> None:
    edits, root = heard
    path = root / "watched" / "a.yaml"
    path.write_text("one\n", "utf-8")
    with path.open("a", encoding="utf-8") as more:
        more.write("two\n")
    assert edits.take(timeout=5) == {path.resolve()}
    assert edits.take(timeout=0.3) == set()


def test_reading_and_writing_beside_the_watched_places_is_no_edit(heard: tuple[Edits, Path]) -> None:
    edits, root = heard
    (root / "mkdocs.yml").read_text("utf-8")
    (root / ".site-build-x").mkdir()
    (root / ".site.lock").write_text("", "utf-8")
    assert edits.take(timeout=0.5) == set()
    (root / "mkdocs.yml").write_text("site_name: y\n", "utf-8")
    assert edits.take(timeout=5) == {(root / "mkdocs.yml").resolve()}


def test_a_waiting_page_hears_the_next_update_or_the_state_as_it_is() -> None:
    state = PreviewState({"failed_title": "t"})
    assert state.after(None)["stamp"] == "0.0"
    assert state.after("0.0", timeout=0.05)["stamp"] == "0.0"
    threading.Timer(0.05, state.publish_pages, kwargs={"problems": "fel"}).start()
    after = state.after("0.0", timeout=5)
    assert (after["pages"], after["data"], after["problems"], after["words"]) == (1, 0, "fel", {"failed_title": "t"})
    threading.Timer(0.05, state.publish_data).start()
    assert state.after("1.0", timeout=5)["stamp"] == "1.1"


def test_a_page_hears_which_pages_changed_since_it_last_asked() -> None:
    state = PreviewState({})
    state.publish_pages(changed=["utforare/a/index.html"])
    state.publish_pages(changed=["utforare/index.html", "lan/skane/index.html"])
    assert state.after("1.0")["changed"] == ["/lan/skane/", "/utforare/"]
    assert state.after("0.0")["changed"] == ["/lan/skane/", "/utforare/", "/utforare/a/"]
    state.publish_pages()  # a full build: every page
    assert state.after("2.0")["changed"] is None
    state.publish_pages("fel", changed=())
    assert state.after("3.0")["changed"] == []
