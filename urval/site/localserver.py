"""Serving a built site on this machine: for `serve`, the browser tests and the benchmarks.

For `serve`, the server also tells open pages when the site changed (`PreviewState`): every HTML
page it sends gets one script of ours (`site_templates/serve/preview.js`, allowed by the pages'
own policy as a script from the site) that waits for the next rebuild and reloads the page. The
built files are never changed for this.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
import urllib.parse
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

PREVIEW_SCRIPT = Path(__file__).resolve().parents[2] / "site_templates" / "serve" / "preview.js"
PREVIEW_PREFIX = "/.urval/"  # no built file can be here: the site has no dot-folders
STATE_PATH = PREVIEW_PREFIX + "state"
SCRIPT_PATH = PREVIEW_PREFIX + "preview.js"
SCRIPT_TAG = f'<script src="{SCRIPT_PATH}"></script>'.encode()
WAIT_SECONDS = 25.0  # a waiting page asks again after this long, so no request hangs forever


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging every request."""

    def log_message(self, format: str, *args: Any) -> None:
        return


class PreviewState:
    """What `serve` tells the open pages: the pages' version, raised after every update of pages,
    with which pages changed; the data's, raised when the open data and the search index have
    followed; and why the last edit could not be built ("" when the site is current)."""

    KEPT_VERSIONS = 100  # a page that has not asked for longer than this many updates reloads

    def __init__(self, words: Mapping[str, str]) -> None:
        self._changed = threading.Condition()
        self.pages = 0
        self.data = 0
        self.problems = ""
        self.words = dict(words)
        self._urls: dict[int, frozenset[str] | None] = {}  # pages version -> the URLs it changed; None: all

    @property
    def stamp(self) -> str:
        return f"{self.pages}.{self.data}"

    def publish_pages(self, problems: str = "", changed: Iterable[str] | None = None) -> None:
        """A new version of the pages: `changed` (site paths, `utforare/x/index.html`), or every page."""
        with self._changed:
            self.pages += 1
            self.problems = problems
            self._urls[self.pages] = None if changed is None else frozenset(map(page_url, changed))
            self._urls.pop(self.pages - self.KEPT_VERSIONS, None)
            self._changed.notify_all()

    def publish_data(self) -> None:
        with self._changed:
            self.data += 1
            self._changed.notify_all()

    def after(self, seen: str | None, timeout: float = WAIT_SECONDS) -> dict[str, Any]:
        """The state once it differs from the `stamp` `seen` (at once when None), or as it is
        after `timeout`; `changed` lists the URLs of the pages changed since (null: every page)."""
        with self._changed:
            if seen is not None:
                self._changed.wait_for(lambda: self.stamp != seen, timeout)
            return {
                "stamp": self.stamp,
                "pages": self.pages,
                "data": self.data,
                "changed": self._changed_since(seen),
                "problems": self.problems,
                "words": self.words,
            }

    def _changed_since(self, seen: str | None) -> list[str] | None:
        since = int(seen.split(".")[0]) if seen and seen.split(".")[0].isdigit() else 0
        urls: set[str] = set()
        for version in range(since + 1, self.pages + 1):
            changed = self._urls.get(version)
            if changed is None:
                return None
            urls |= changed
        return sorted(urls)


def page_url(site_path: str) -> str:
    """The URL path of a page in the built site: `utforare/x/index.html` is `/utforare/x/`."""
    return "/" + site_path.removesuffix("index.html")


class PreviewHandler(QuietHandler):
    """Serves the site, the preview script and the preview state; adds the script to each page."""

    state: PreviewState  # set on the subclass `preview_handler` makes

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path == STATE_PATH:
            self._send_state(urllib.parse.parse_qs(url.query).get("seen", [""])[0] or None)
        elif url.path == SCRIPT_PATH:
            self._send(PREVIEW_SCRIPT.read_bytes(), "text/javascript; charset=utf-8")
        elif url.path.endswith(("/", ".html")) and (page := self._page(url.path)) is not None:
            self._send(page.replace(b"</body>", SCRIPT_TAG + b"</body>", 1), "text/html; charset=utf-8")
        else:
            super().do_GET()

    def _page(self, url_path: str) -> bytes | None:
        """The HTML file a URL names, read as it is now; None lets the plain handler answer (redirects, 404)."""
        local = Path(self.translate_path(url_path))
        if url_path.endswith("/"):
            local = local / "index.html"
        try:
            return local.read_bytes() if local.is_file() and not local.is_symlink() else None
        except OSError:
            return None

    def _send_state(self, seen: str | None) -> None:
        state = self.state.after(seen)
        self._send(json.dumps(state, ensure_ascii=False).encode(), "application/json; charset=utf-8")

    def _send(self, body: bytes, content_type: str) -> None:
        try:
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            return  # the page went away while it waited (it reloaded, or was closed)


def preview_handler(state: PreviewState) -> type[PreviewHandler]:
    return type("BoundPreviewHandler", (PreviewHandler,), {"state": state})


@contextmanager
def serving(
    folder: Path, host: str = "127.0.0.1", port: int = 0, handler_class: type[QuietHandler] = QuietHandler
) -> Iterator[str]:
    """`folder` served by a daemon thread while the block runs (port 0: any free port); yields the base URL."""
    handler = functools.partial(handler_class, directory=str(folder))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
