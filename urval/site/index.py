"""Step 6, index: Pagefind over the built site (its own `pagefind` folder cleared first)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path


class PagefindFailed(RuntimeError):
    """Pagefind failed; carries its output."""


def index_site(site: Path, output: Path | None = None) -> None:
    """Index `site` into its `pagefind` folder, or into `output` (for `serve`, which swaps it in)."""
    target = output or site / "pagefind"
    shutil.rmtree(target, ignore_errors=True)
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    said = result.stdout + result.stderr
    # Pagefind reports a misused attribute as a warning and drops what it marks (filters, for
    # one); a silently smaller index is a failure here.
    if result.returncode != 0 or "is not valid" in said:
        raise PagefindFailed(said)
