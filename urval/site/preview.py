"""`serve`: build once, then bring the site up to date on every saved edit and tell the open
browser pages.

The watcher hears edits through the operating system (watchdog, the library mkdocs uses), waits
until a burst of writes is over (an editor often writes a file in several steps), and updates
the site: only the pages an edit to supplier files reaches (`urval.site.incremental`), or the
whole site. Only the edited entry files are checked again (`CheckCache`). An edit that fails
leaves the last good site in place; the pages show why (`PreviewState`).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
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
from urval.memory import gc_paused
from urval.messages import say
from urval.site.incremental import (
    Shows,
    edited_suppliers,
    html_specs,
    page_shows,
    refresh_data,
    refresh_index,
    update,
)
from urval.site.localserver import PreviewState
from urval.site.pipeline import BuildFailed, BuildOptions, BuiltSite, build_site_kept
from urval.site.render import site_words
from urval.site.stages import StageLog

QUIET_SECONDS = 0.02  # an edit is complete when no further write follows within this time
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


class Follower:
    """Brings the open data and the search index after the pages: one refresh at a time, of the
    newest update, each in a forked process of its own at the lowest priority, so that it never
    slows the next edit's pages. A refresh an edit overtakes is stopped (its files swap places
    whole or not at all) and the newest one follows."""

    def __init__(self, site: Path, state: PreviewState) -> None:
        self.site = site
        self.state = state
        self.failed = False  # a refresh failed: only a full build brings the site up to date
        self._changed = threading.Condition()
        self._wanted: BuiltSite | None = None
        self._running: multiprocessing.process.BaseProcess | None = None
        threading.Thread(target=self._run, name="preview-follower", daemon=True).start()

    def follow(self, built: BuiltSite) -> None:
        with self._changed:
            self._wanted = built
            if self._running is not None and self._running.pid is not None:
                _stop(self._running.pid)  # overtaken
            self._changed.notify_all()

    def stop(self) -> None:
        """`serve` is stopping: the refresh under way stops with it, and none follows."""
        with self._changed:
            self._wanted = None
            if self._running is not None and self._running.pid is not None:
                _stop(self._running.pid)

    def wait(self) -> None:
        """Until every refresh asked for is done (a full build replaces the folder they write in)."""
        with self._changed:
            self._changed.wait_for(lambda: self._wanted is None and self._running is None)

    def _start_next(self) -> multiprocessing.process.BaseProcess:
        with self._changed:
            while self._wanted is None:
                self._changed.wait()
            built, self._wanted = self._wanted, None
            running = multiprocessing.get_context("fork").Process(target=_refresh, args=(built, self.site))
            running.start()
            self._running = running
            return running

    def _run(self) -> None:
        while True:
            running = self._start_next()
            running.join()
            with self._changed:
                code, self._running = running.exitcode, None
                if code == 0:
                    self.state.publish_data()
                elif code != -signal.SIGTERM:
                    self.failed = True
                self._changed.notify_all()


def _stop(pid: int) -> None:
    """Stop a refresh and the Pagefind it runs (its process group, once it has made it its own)."""
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)


def _refresh(built: BuiltSite, site: Path) -> None:
    """In the forked process: its own process group (stopped as one, Pagefind with it), lowest priority."""
    os.setpgrp()
    os.nice(19)
    try:
        refresh_data(built, site)
        refresh_index(site)
    except BuildFailed as failure:
        print(str(failure), file=sys.stderr, flush=True)
        sys.exit(1)


class Preview:
    """The site `serve` shows, kept current, and the pages told (`state`) after each change.

    After an edit to supplier files only, the pages it reaches are updated in place
    (`urval.site.incremental`), the pages told, and then the open data and the search index
    refreshed by the `Follower`; anything else, or an edit that reaches a page mkdocs builds,
    gets a full build."""

    def __init__(self, options: BuildOptions) -> None:
        self.options = options
        self.cache = CheckCache()
        self.state = PreviewState(site_words()["preview"])
        self.follower = Follower(options.out.resolve(), self.state)
        self.built: BuiltSite | None = None  # the site as it is now; None until a full build succeeded
        self.shows: Shows = {}
        self.pending: frozenset[str] = frozenset()  # suppliers edited since the site was last current

    def rebuild(self, edited: set[Path] | None = None) -> bool:
        """Bring the site up to date after `edited` changed (None: build it whole); whether it succeeded."""
        ids = edited_suppliers(edited, self.options.catalog) if edited is not None else None
        if self.follower.failed:
            self.built, self.follower.failed = None, False
        log = StageLog()
        try:
            updated = None
            if ids is not None and self.built is not None:
                with gc_paused():  # the old and the new model at once: no collector passes over both
                    updated = update(
                        self.built,
                        self.shows,
                        self.options,
                        self.cache,
                        self.pending | ids,
                        log=log,
                        written=lambda paths: self.state.publish_pages(changed=paths),
                    )
            if updated is None:
                self._build_whole(log)
                self.state.publish_pages()
            else:
                self.built, self.shows = updated.built, updated.shows
        except BuildFailed as failure:
            if ids is not None:
                self.pending |= ids
            print(str(failure), file=sys.stderr)
            print(say("build_failed", out=self.options.out), file=sys.stderr, flush=True)
            self.state.publish_pages(str(failure), changed=())
            return False
        self.pending = frozenset()
        if updated is not None:
            self.follower.follow(updated.built)
        return True

    def _build_whole(self, log: StageLog) -> None:
        self.follower.wait()
        self.built = None  # until this build succeeds, the next edit needs a full build too
        built = build_site_kept(self.options, log, self.cache)
        self.built, self.shows = built, page_shows(html_specs(built.direct.renderer))
        suppliers, as_of = len(built.catalogue.suppliers), built.catalogue.as_of.isoformat()
        print(say("build_done", out=self.options.out, suppliers=suppliers, as_of=as_of), flush=True)


@contextmanager
def watching(places: Iterable[Path]) -> Iterator[Edits]:
    """The edits under `places` from now on, heard while the block runs (started before the
    first build, so that an edit made while it runs is not missed)."""
    edits = Edits(places)
    observer = Observer()
    for place in edits.watched:
        folder = place if place.is_dir() else place.parent
        observer.schedule(edits, str(folder), recursive=place.is_dir())
    observer.start()
    try:
        yield edits
    finally:
        observer.stop()
        observer.join()


def keep_current(preview: Preview, edits: Edits, stop: threading.Event) -> None:
    """Bring the site up to date after every edit until `stop` is set."""
    while not stop.is_set():
        edited = edits.take(timeout=0.5)
        if edited:
            print(say("serve_rebuilding"), flush=True)
            preview.rebuild(edited)
