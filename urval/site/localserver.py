"""Serving a built site on this machine: for `serve`, the browser tests and the benchmarks."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging every request."""

    def log_message(self, format: str, *args: Any) -> None:
        return


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
