"""Every internal link of the built site leads somewhere: each `href` and `src` in each HTML page
resolves to a file of the site (a directory URL to its `index.html`), and each `#fragment` to an
id on the target page. mkdocs' strict mode checks this only for the Markdown pages it builds;
this check covers every page, the ones rendered straight to HTML among them.
"""

from __future__ import annotations

import html
import multiprocessing
import os
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from urval.messages import say

# One pattern per attribute, each starting with its name: the regex engine then skips ahead to
# the name's next occurrence, several times faster than trying a pattern at every space.
_LINKS = tuple(re.compile(f"""{name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')""") for name in ("href", "src"))
_ID = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")
_WITH_IDS = (".html", ".svg")


# Above this many pages, the pages are read by one forked process per core.
PARALLEL_FROM_PAGES = 2_000

# What forked workers inherit (set just before forking): the site, its URL and its files.
_FORKED: tuple[Path, str, frozenset[str]] | None = None


def broken_links(site: Path, site_url: str = "") -> list[str]:
    """Every broken internal link, as a Swedish sentence naming the page and the link; a link to
    the site's own URL (`site_url`, as news posts link to suppliers) is an internal link too."""
    global _FORKED  # noqa: PLW0603 - handed to the forked workers, then cleared
    files = frozenset(_site_files(site))
    pages = sorted(name for name in files if name.endswith(".html"))
    workers = os.cpu_count() or 1
    if len(pages) < PARALLEL_FROM_PAGES or workers < 2:
        return sorted(_broken_on(pages, site, site_url, files))
    _FORKED = (site, site_url, files)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            found = pool.map(_forked_share, [pages[share::workers] for share in range(workers)])
    finally:
        _FORKED = None
    return sorted(problem for share in found for problem in share)


def _forked_share(pages: list[str]) -> list[str]:
    assert _FORKED is not None
    return _broken_on(pages, *_FORKED)


def _broken_on(pages: list[str], site: Path, site_url: str, files: frozenset[str]) -> list[str]:
    ids = _Ids(site)
    # Pages share most of their links (the theme's header, tabs and footer; a supplier page's
    # links to its areas and regions): each link is judged once per place it resolves from
    # (`_Link.place`), a link into the page itself (`#…`, `?…`) once per page.
    judged: dict[tuple[str, str], str | None] = {}
    kinds: dict[str, _Link] = {}
    problems = []
    for page in pages:
        text = (site / page).read_text(encoding="utf-8")
        ids.checking(page, text)
        ancestors = _Ancestors(page)
        for link in _links(text):
            kind = kinds.get(link) or kinds.setdefault(link, _Link.of(link, site_url))
            key = (kind.place(page, ancestors), link)
            if key not in judged:
                judged[key] = _problem(page, link, kind.internal, files, ids)
            problem = judged[key]
            if problem:
                problems.append(problem.replace(_PAGE, page))
    return sorted(problems)


class _Ancestors:
    """A page's folder and the folders above it, worked out as a link needs them."""

    def __init__(self, page: str) -> None:
        self.folders = [page.rpartition("/")[0]]

    def up(self, levels: int) -> str:
        while len(self.folders) <= levels:
            folder = self.folders[-1]
            if folder == "" or folder.endswith(".."):  # above the site's root: stays apart
                self.folders.append(f"{folder}/..".lstrip("/"))
            else:
                self.folders.append(folder.rpartition("/")[0])
        return self.folders[levels]


@dataclass(frozen=True)
class _Link:
    """What a link's verdict depends on besides the link itself, worked out once per link."""

    internal: str | None  # `_internal`'s answer
    levels: int  # -1: the same for every page; -2: the page's own; else how many `../` it starts with

    @classmethod
    def of(cls, link: str, site_url: str) -> _Link:
        internal = _internal(link, site_url)
        if internal is None or internal[:1] == "/":
            return cls(internal, -1)
        if not internal or internal[0] in "#?":
            return cls(internal, -2)
        levels = 0
        while internal.startswith("../", levels * 3):
            levels += 1
        return cls(internal, levels)

    def place(self, page: str, ancestors: _Ancestors) -> str:
        """Where the link resolves from: `../x` from `a/b/` resolves as `x` from `a/`, so pages in
        sibling folders (every supplier's) share their verdicts. (A folder never ends in `.html`,
        a page always does.)"""
        if self.levels == -1:
            return ""
        if self.levels == -2:
            return page
        return ancestors.up(self.levels) + "/"


def _site_files(site: Path) -> Iterator[str]:
    for folder, _dirs, names in os.walk(site):
        relative = Path(folder).relative_to(site).as_posix()
        for name in names:
            yield name if relative == "." else f"{relative}/{name}"


def _links(text: str) -> set[str]:
    """Every `href` and `src` attribute's value (an attribute: the name follows a space)."""
    found = {
        value.group(1) if value.group(1) is not None else value.group(2)
        for pattern in _LINKS
        for value in pattern.finditer(text)
        if value.start() and text[value.start() - 1].isspace()
    }
    return {html.unescape(link) for link in found} if any("&" in link for link in found) else found


def _internal(link: str, site_url: str) -> str | None:
    """The link as a path from the site's root ("/…") or from the page; None: not to this site."""
    if site_url and link.startswith(site_url):
        return "/" + link[len(site_url) :].lstrip("/")
    return None if _EXTERNAL.match(link) else link


def _target(page: str, link: str) -> tuple[str, str]:
    """The file (in the site) and the fragment a link on `page` leads to."""
    address, _, fragment = link.partition("#")
    fragment = unquote(fragment)
    address = address.partition("?")[0]
    if not address:
        return page, fragment
    return _resolved(posixpath.dirname(page), address), fragment


def _resolved(folder: str, address: str) -> str:
    """The file an address leads to from a page in `folder`."""
    base = "" if address.startswith("/") else folder
    path = posixpath.normpath(posixpath.join(base, unquote(address).lstrip("/")))
    if address.endswith("/") or path == ".":
        path = "index.html" if path == "." else f"{path}/index.html"
    return path


_PAGE = "\x00page\x00"  # where the page's name goes in a verdict shared by several pages


def _problem(page: str, link: str, internal: str | None, files: frozenset[str], ids: _Ids) -> str | None:
    """What is wrong with `link` on `page`, with `_PAGE` for the page's name; None: nothing."""
    if internal is None:
        return None
    target, fragment = _target(page, internal)
    if target not in files:
        if f"{target}/index.html" in files:  # a directory URL without its slash still resolves
            target = f"{target}/index.html"
        else:
            return say("build_broken_link", page=_PAGE, link=link)
    if fragment and target.endswith(_WITH_IDS) and not ids.has(target, fragment):
        return say("build_broken_anchor", page=_PAGE, link=link, target=target, anchor=fragment)
    return None


class _Ids:
    """The ids on each page that a link's fragment points into, read once per page; the page
    being checked is read already (`checking`)."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.known: dict[str, frozenset[str]] = {}
        self.page, self.text = "", ""

    def checking(self, page: str, text: str) -> None:
        self.page, self.text = page, text

    def has(self, path: str, fragment: str) -> bool:
        """Whether the page at `path` has an element with the id `fragment`; the common case, an
        id written plainly, is found without reading every id of the page."""
        if path == self.page and '"' not in fragment and f' id="{html.escape(fragment)}"' in self.text:
            return True
        return fragment in self.of(path)

    def of(self, path: str) -> frozenset[str]:
        if path not in self.known:
            text = self.text if path == self.page else None
            if text is None:
                text = (self.site / path).read_text(encoding="utf-8", errors="replace")
            found = (m.group(1) if m.group(1) is not None else m.group(2) for m in _ID.finditer(text))
            self.known[path] = frozenset(html.unescape(value) for value in found)
        return self.known[path]
