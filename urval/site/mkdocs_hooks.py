"""The only mkdocs hook: hand each finished page to our own code (no logic lives here)."""

from __future__ import annotations

from typing import Any

from urval.site.csp import with_csp


def on_post_page(output: str, page: Any, config: Any) -> str:
    return with_csp(output)
