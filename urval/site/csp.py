"""A Content-Security-Policy for every page, as a `<meta>` at the top of `<head>` (a static host
may not let us send headers).

Scripts may come only from the site itself, plus the few inline scripts the theme writes, each
allowed by its own SHA-256 hash; Pagefind's WebAssembly needs 'wasm-unsafe-eval'. Styles allow
inline attributes (table alignment), which cannot run code. No plugins, frames or foreign
forms; `base` is pinned.
"""

from __future__ import annotations

import base64
import hashlib
import re

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
_HEAD = re.compile(r"<head[^>]*>", re.I)
_DATA_TYPES = ('type="application/json"', 'type="application/ld+json"')

POLICY = (
    "default-src 'self'; "
    "script-src 'self' 'wasm-unsafe-eval'{hashes}; "
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; "
    "font-src 'self'; "
    "connect-src 'self'; "
    "object-src 'none'; "
    "base-uri 'self'; "
    "form-action 'self'"
)


def inline_script_hashes(html: str) -> list[str]:
    hashes = []
    for match in _INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if "src=" in attrs or any(kind in attrs for kind in _DATA_TYPES):
            continue
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode()}'")
    return sorted(set(hashes))


def with_csp(html: str) -> str:
    """The page with its policy as the first element of `<head>`."""
    hashes = "".join(f" {h}" for h in inline_script_hashes(html))
    meta = f'<meta http-equiv="Content-Security-Policy" content="{POLICY.format(hashes=hashes)}">'
    return _HEAD.sub(lambda head: head.group(0) + meta, html, count=1)
