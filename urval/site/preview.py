"""`serve`: build once, then rebuild on every saved edit and tell the open browser pages.

The watcher hears edits through the operating system (watchdog, the library mkdocs uses), waits
until a burst of writes is over (an editor often writes a file in several steps), and rebuilds.
Only files that are entry files of the catalogue are checked again (`CheckCache`). A build that
fails leaves the last good site in place; the pages show why (`PreviewState`).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterable
from pathlib import Path

from watchdog.events import (
    EVENT_TYPE_CLOSED_NO_WRITE,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_OPENED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

from urval.catalog.check import CheckCache
from urval.messages import say
from urval.site.localserver import PreviewState
from urval.site.pipeline import BuildFailed, BuildOptions, build_site
from urval.site.render import site_words
from urval.site.stages import StageLog

QUIET_SECONDS = 0.05  # an edit is complete when no further write follows within this time
READS = (EVENT_TYPE_OPENED, EVENT_TYPE_CLOSED_NO_WRITE)  # the build reading a file is no edit


class Edits(FileSystemEventHandler):
    """The paths written, created, moved or removed under the watched places since last taken."""

    def __init__(self, watched: Iterable[Path]) -> None:
        self.watched = tuple(path.resolve() for path in watched)
        self._paths: set[Path] = set()
        self._arrived = threading.Condition()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in READS or (event.is_directory and event.event_type == EVENT_TYPE_MODIFIED):
            return  # a folder is "modified" when a file in it is: the file's own event says which
        paths = {Path(str(path)) for path in (event.src_path, event.dest_path) if path}
        paths = {path for path in paths if self._watched(path)}
        if paths:
            with self._arrived:
                self._paths |= paths
                self._arrived.notify_all()

    def _watched(self, path: Path) -> bool:
        return any(path == place or place in path.parents for place in self.watched)

    def take(self, timeout: float | None = None) -> set[Path]:
        """Wait for an edit, then until writes have been quiet for a moment; the paths edited."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: bool(self._paths), timeout):
                return set()
            while self._arrived.wait(QUIET_SECONDS):
                pass
            taken, self._paths = self._paths, set()
            return taken


class Preview:
    """The site `serve` shows, kept current: builds, and tells the pages (`state`) after each."""

    def __init__(self, options: BuildOptions) -> None:
        self.options = options
        self.cache = CheckCache()
        self.state = PreviewState(site_words()["preview"])

    def rebuild(self, edited: set[Path] | None = None) -> bool:
        """Build the site again after `edited` changed (None: the first build); whether it succeeded."""
        try:
            build_site(self.options, StageLog(), self.cache)
        except BuildFailed as failure:
            print(str(failure), file=sys.stderr)
            print(say("build_failed", out=self.options.out), file=sys.stderr, flush=True)
            self.state.publish(str(failure))
            return False
        self.state.publish()
        return True


def watch(preview: Preview, places: Iterable[Path], stop: threading.Event) -> None:
    """Rebuild after every edit under `places` until `stop` is set."""
    edits = Edits(places)
    observer = Observer()
    for place in edits.watched:
        folder = place if place.is_dir() else place.parent
        observer.schedule(edits, str(folder), recursive=place.is_dir())
    observer.start()
    try:
        while not stop.is_set():
            edited = edits.take(timeout=0.5)
            if edited:
                print(say("serve_rebuilding"), flush=True)
                preview.rebuild(edited)
    finally:
        observer.stop()
        observer.join()
