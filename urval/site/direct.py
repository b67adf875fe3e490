"""The pages rendered straight to HTML (`urval.site.shell` says which and why): their
placeholders before mkdocs, their shells after it, and the finished pages in the built site.

`DirectPages.finish(page)` is one page in its shell, with its policy: what the build does for
every such page, and what `serve`'s update (`urval.site.incremental`) does for the few an edit
reaches.
"""

from __future__ import annotations

import gzip
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from urval.catalog.invisible import escape_invisible
from urval.messages import say
from urval.site.csp import UnsafePage, with_csp
from urval.site.render import HtmlPage, Renderer
from urval.site.shell import PLACEHOLDER, FilledPage, Shell, TocRenderer, placeholder_markdown

_SITEMAP_URL = re.compile(r"[ \t]*<url>\s*<loc>[^<]*</loc>.*?</url>\n?", re.S)


class UnsafeDirectPage(Exception):
    """A finished page holds code the policy does not know; the message (Swedish) names it."""


def write_placeholders(docs: Path, folders: Iterable[str]) -> None:
    """A shell's Markdown for each folder's value pages and for its index page."""
    for folder in folders:
        (docs / folder).mkdir(parents=True, exist_ok=True)
        (docs / folder / f"{PLACEHOLDER}.md").write_text(placeholder_markdown(), encoding="utf-8")
        (docs / folder / "index.md").write_text(placeholder_markdown(), encoding="utf-8")


@dataclass(frozen=True)
class Shells:
    """Each folder's two shells: for its index page and for its value pages."""

    index: dict[str, Shell]
    values: dict[str, Shell]

    @classmethod
    def read(cls, site: Path, folders: Iterable[str], toc: TocRenderer) -> Shells:
        """The shells mkdocs built; the value pages' placeholder is removed from the site."""
        index, values = {}, {}
        for folder in folders:
            index[folder] = Shell.of((site / folder / "index.html").read_text(encoding="utf-8"), toc)
            placeholder = site / folder / PLACEHOLDER
            values[folder] = Shell.of((placeholder / "index.html").read_text(encoding="utf-8"), toc)
            shutil.rmtree(placeholder)
        return cls(index, values)

    def of(self, page: HtmlPage) -> Shell:
        return (self.index if page.is_index else self.values)[page.folder]


@dataclass(frozen=True)
class DirectPages:
    renderer: Renderer
    shells: Shells
    toc: TocRenderer

    def finish(self, page: HtmlPage) -> str:
        return self.finished(page)[0]

    def finished(self, page: HtmlPage) -> tuple[str, str | None]:
        """The page in its shell, and what search indexes of it (`search_page`; None: nothing)."""
        shell = self.shells.of(page)
        filled, content = shell.filled(FilledPage(page.title, page.changed, page.content, page.slug), self.toc)
        try:
            text = with_csp(filled)
        except UnsafePage as unsafe:
            what = escape_invisible(unsafe.what)
            raise UnsafeDirectPage(say("build_unsafe_page", page=page.site_path, what=what)) from None
        return text, search_page(shell.html_tag, content) if SEARCH_BODY in content else None

    def write(self, site: Path, share: int = 0, shares: int = 1, search: Path | None = None) -> list[str]:
        """Every page (or one share of them) into the built site, and what search indexes of
        them into `search`; returns their paths in the site."""
        written = []
        for page in self.renderer.html_pages(share, shares):
            text, searched = self.finished(page)
            write_page(site / page.site_path, text)
            if search is not None and searched is not None:
                write_page(search / page.site_path, searched)
            written.append(page.site_path)
        return written


def write_page(target: Path, text: str) -> None:
    """A page into its place, its folder made when missing."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


# Pagefind indexes only the element with this attribute once any page has one; the rest of a
# page, the theme's shell, it parses for nothing.
SEARCH_BODY = "data-pagefind-body"


def search_page(html_tag: str, content: str) -> str:
    """What Pagefind needs of a page it indexes: its language (the `<html>` tag) and its
    content but for what it shows only (`without_display_only`). Pagefind reads a seventh of
    the whole page and makes the same index (tests/test_search_source.py)."""
    body = without_display_only(content)
    return f'<!doctype html>\n{html_tag}\n<head><meta charset="utf-8"></head>\n<body>\n{body}\n</body>\n</html>\n'


# An element search leaves out of its index; what it holds may still name filters or metadata.
_NOT_INDEXED = re.compile(r'<(div|figure)\b[^>]*\sdata-pagefind-ignore="index"[^>]*>')


def without_display_only(content: str) -> str:
    """`content` without the elements Pagefind neither indexes nor reads anything from (a price
    table, the map): left out of the index (`data-pagefind-ignore="index"`), with no element of
    their own kind inside (so the first closing tag is theirs) and no Pagefind attribute inside.
    Anything else stays, so the index is the same by construction."""
    pieces, at = [], 0
    for opening in _NOT_INDEXED.finditer(content):
        if opening.start() < at:
            continue
        tag = opening.group(1)
        closing = content.find(f"</{tag}>", opening.end())
        inner = content[opening.end() : closing]
        if closing < 0 or f"<{tag}" in inner or "data-pagefind-" in inner:
            continue
        pieces.append(content[at : opening.start()])
        at = closing + len(tag) + 3
    pieces.append(content[at:])
    return "".join(pieces)


def add_to_sitemap(site: Path, paths: Iterable[str]) -> None:
    """The value pages in the site map in place of their placeholders (index pages are there
    already, as mkdocs built them), in `sitemap.xml` and, if mkdocs wrote it, `sitemap.xml.gz`."""
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file():
        return
    text = sitemap.read_text(encoding="utf-8")
    by_folder: dict[str, list[str]] = {}
    for path in sorted(paths):
        folder, _, name = path.removesuffix("/index.html").rpartition("/")
        if folder:
            by_folder.setdefault(folder, []).append(name)

    def entries(found: re.Match[str]) -> str:
        entry = found.group(0)
        for folder, names in by_folder.items():
            placeholder = f"/{folder}/{PLACEHOLDER}/"
            if placeholder in entry:
                return "".join(entry.replace(placeholder, f"/{folder}/{name}/") for name in names)
        return entry

    text = _SITEMAP_URL.sub(entries, text)
    sitemap.write_text(text, encoding="utf-8")
    packed = site / "sitemap.xml.gz"
    if packed.is_file():
        mtime = int.from_bytes(packed.read_bytes()[4:8], "little")  # the gzip header's, as mkdocs set it
        packed.write_bytes(gzip.compress(text.encode("utf-8"), mtime=mtime))
