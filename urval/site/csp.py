"""A Content-Security-Policy for every page, as a `<meta>` at the top of `<head>` (a static host
may not let us send headers), and the gate that keeps it honest.

Scripts may come only from the site itself, plus the theme's own inline scripts: a fixed list,
reviewed here (THEME_SCRIPTS), each allowed by the SHA-256 hash of its exact text. Any other
inline script, any inline event handler (`on…=`) and any `javascript:` URL fails the build,
naming the page: the policy never allows code it has not been told about, so a script that
reached a page through the content (a news post, a report file) cannot run and cannot be
published. Pagefind's WebAssembly needs 'wasm-unsafe-eval'. Styles allow inline attributes
(table alignment), which cannot run code. No plugins, frames or foreign forms; `base` is pinned.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

# The inline scripts mkdocs-material writes into every page, as the theme's templates write
# them; `{base}` is the page's relative path to the site root ("." "../.." or, on the 404 page,
# an absolute path). Review any change here against the theme's templates: a new entry lets code
# run on every page. An upgrade of the theme that changes them fails the build until they are
# reviewed and updated here.
THEME_SCRIPTS: tuple[str, ...] = (
    '__md_scope=new URL("{base}",location),'
    "__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),"
    '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
    '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}',
    "var target=document.getElementById(location.hash.slice(1));"
    'target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))',
)
_BASE = r"(?:\.|\.\.(?:/\.\.)*|/(?:[A-Za-z0-9._~-]+/)*)"
_KNOWN = [re.compile(re.escape(script).replace(re.escape("{base}"), _BASE)) for script in THEME_SCRIPTS]

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_HEAD = re.compile(r"<head[^>]*>", re.I)
_DATA_TYPES = ('type="application/json"', 'type="application/ld+json"')
# Markers of what might be an event handler or a code URL (in the lowercased page), for a
# precise look with a parser only when one is there: most pages have none, and parsing every
# page would cost more than mkdocs itself.
_HANDLER_LIKE = re.compile(r"on[a-z]+\s*=")
_BEFORE_ATTRIBUTE = frozenset(" \t\n\r\f/\"'")
_CODE_URL_LIKE = re.compile(r"script\s*[:&]")
_ENCODED = re.compile("&(?:#|tab;|newline;|colon;)")  # in one pass: `&#`, `&tab;`, `&newline;`, `&colon;`
_URL_WHITESPACE = re.compile(r"[\x00-\x20]+")
STATIC_SUFFIXES = (".html", ".htm", ".xhtml", ".svg")

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


class UnsafePage(Exception):
    """A page holds code the policy does not know; `what` says which (for the Swedish message)."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


@lru_cache(maxsize=256)
def _hash(body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def inline_script_hashes(page: str) -> list[str]:
    """The hashes of the page's inline scripts, every one of which must be the theme's."""
    hashes = []
    for match in _INLINE_SCRIPT.finditer(page):
        attrs = match.group("attrs")
        if "src=" in attrs or any(kind in attrs for kind in _DATA_TYPES):
            continue
        body = match.group("body")
        if not any(known.fullmatch(body) for known in _KNOWN):
            raise UnsafePage(f"<script>{body[:60]}")
        hashes.append(_hash(body))
    return sorted(set(hashes))


class _CodeAttributes(HTMLParser):
    """Finds event handler attributes and code URLs, as a browser would read the tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            elif value is not None:
                url = _URL_WHITESPACE.sub("", html.unescape(value)).lower()
                if url.startswith(("javascript:", "vbscript:")):
                    self.found.append(f'<{tag} {name}="{url[:11]}…">')

    handle_startendtag = handle_starttag


def _suspect(page: str) -> bool:
    lower = page.lower()
    if _ENCODED.search(lower) or _CODE_URL_LIKE.search(lower):
        return True
    return any(m.start() and lower[m.start() - 1] in _BEFORE_ATTRIBUTE for m in _HANDLER_LIKE.finditer(lower))


def code_attributes(page: str) -> list[str]:
    """Event handler attributes and `javascript:` URLs in the page (cheap when there are none)."""
    if not _suspect(page):
        return []
    parser = _CodeAttributes()
    parser.feed(page)
    parser.close()
    return parser.found


def verify(page: str) -> list[str]:
    """The page's hashes of known inline scripts; raises UnsafePage for any other code."""
    hashes = inline_script_hashes(page)
    found = code_attributes(page)
    if found:
        raise UnsafePage(found[0])
    return hashes


def with_csp(page: str) -> str:
    """The page with its policy as the first element of `<head>`; raises UnsafePage when the
    page holds code the policy does not know."""
    hashes = "".join(f" {h}" for h in verify(page))
    meta = f'<meta http-equiv="Content-Security-Policy" content="{POLICY.format(hashes=hashes)}">'
    return _HEAD.sub(lambda head: head.group(0) + meta, page, count=1)


def verify_static(text: str) -> None:
    """A file copied as it is (a report in HTML, an SVG image) gets no policy, so it may hold no
    script at all; raises UnsafePage."""
    script = re.search(r"<script\b", text, re.I)
    if script:
        raise UnsafePage(text[script.start() : script.start() + 60])
    found = code_attributes(text)
    if found:
        raise UnsafePage(found[0])


def unsafe_static_files(site: Path, names: list[str]) -> list[tuple[str, str]]:
    """The files (paths in the site) copied as they are that hold code: (path, what)."""
    found = []
    for name in names:
        path = site / name
        if not path.is_file():
            continue
        try:
            verify_static(path.read_text(encoding="utf-8", errors="replace"))
        except UnsafePage as unsafe:
            found.append((name, unsafe.what))
    return found
