"""Generated pages straight to HTML, in a page shell that mkdocs-material renders once per kind.

Which pages go which way:

- Supplier pages, area pages, every filter page (län and the declared criteria's values) and the
  listing index pages of those folders are rendered by our Jinja2 templates (`*.html.j2`) as HTML
  and put into a shell here. They are most of the site (a page per supplier and per value), their
  HTML is fully ours, and sending them through Python-Markdown only re-parsed what our templates
  had written: at 1,000 suppliers that was most of the build.
- Everything else stays a Markdown page built by mkdocs: hand-written pages, news and the blog,
  the start page, /sok/, /avrop/, the guide and the sanction pages. They are few, some are
  written by people, and the blog plugin needs them.

A shell is the page mkdocs builds from a placeholder (`placeholder_markdown`) at a generated page's
location: one per folder for the value pages (`utforare/_urval_skal/`, removed from the site after
use), and the index page itself for each listing index (it is in the nav, so its own location is
its shell). Everything around the article is the theme's: relative URLs, the active tab, the
header, the search field, the announce bar. The shell is split once at its markers (`Shell.of`);
filling it (`Shell.fill`) is string work: the title, the skip link, the content with its headings'
ids, the table of contents (the theme's own `partials/toc.html`), the "changed" line and the
canonical URL.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from markdown.extensions.toc import nest_toc_tokens, slugify, strip_tags, unique
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.toc import get_toc

# The placeholder's name in a folder: never an id or slug (those are a-z, 0-9 and hyphens).
PLACEHOLDER = "_urval_skal"
TITLE = "URVALSKALTITEL"
CHANGED = "URVALSKALANDRAD"
HEADING = "URVALSKALRUBRIK"
CONTENT = "URVALSKALINNEHALL"
HEADING_ID = HEADING.lower()  # what mkdocs' toc makes of the placeholder's heading
_MARKERS = re.compile(f"{TITLE}|{CHANGED}|{HEADING}|{CONTENT}|{PLACEHOLDER}", re.I)
_TOC_START = '<nav class="md-nav md-nav--secondary"'
_TOC_TEMPLATE = '{% import "partials/language.html" as lang with context %}{% include "partials/toc.html" %}'
_HEADING_TAG = re.compile(r"<h([1-6])>(.*?)</h\1>", re.S)
_ID = re.compile(r'\bid="([^"]*)"')
_HTML_TAG = re.compile(r"<html\b[^>]*>", re.I)
_SPACE = re.compile(r"\s+")

TocRenderer = Callable[[list[Any]], str]


class ShellChanged(Exception):
    """The theme no longer renders a placeholder page the way this module splits it."""


def placeholder_markdown() -> str:
    """The Markdown of a shell: front matter markers (`urval_shell` keeps the mkdocs hook from
    judging it: the filled page is judged), an h1 so that the theme adds none, and the content."""
    return f"---\ntitle: {TITLE}\nchanged: {CHANGED}\nurval_shell: true\n---\n\n# {HEADING}\n\n{CONTENT}\n"


@dataclass(frozen=True)
class FilledPage:
    """What a generated page puts into its shell (all HTML)."""

    title: str
    changed: str  # the date as the page says it; empty: no "changed" line
    content: str
    slug: str  # the page's last URL segment (replaces the placeholder's in the canonical URL)


@dataclass(frozen=True)
class Shell:
    """A shell split at its slots: text, then (slot, text) pairs."""

    parts: tuple[str, ...]
    slots: tuple[str, ...]
    changed_line: str  # the "changed" paragraph as the theme writes it, with CHANGED for the date

    @classmethod
    def of(cls, page: str, toc: TocRenderer) -> Shell:
        spans = [_content_span(page), _toc_span(page), _changed_span(page)]
        spans += [(m.start(), m.end(), "title") for m in re.finditer(TITLE, page)]
        spans += [(m.start(), m.end(), "slug") for m in re.finditer(PLACEHOLDER, page)]
        spans += [(m.start(), m.end(), "heading_id") for m in re.finditer(f'"#{HEADING_ID}"', page)]
        spans = _without_inner(sorted(spans))
        parts, slots, at = [], [], 0
        for start, end, slot in spans:
            parts.append(page[at:start])
            slots.append(slot)
            at = end
        parts.append(page[at:])
        left = [m.group(0) for part in parts for m in _MARKERS.finditer(part)]
        if left:
            raise ShellChanged(f"marker left in the shell: {left[0]}")
        toc_start, toc_end, _ = _toc_span(page)
        if _SPACE.sub("", toc([])) != _SPACE.sub("", page[toc_start:toc_end]):
            raise ShellChanged("the empty table of contents is not what partials/toc.html renders")
        start, end, _ = _changed_span(page)
        return cls(tuple(parts), tuple(slots), page[start:end])

    @cached_property
    def html_tag(self) -> str:
        """The page's opening `<html …>` tag (its language)."""
        found = _HTML_TAG.search(self.parts[0])
        if found is None:
            raise ShellChanged("no <html> element in the shell")
        return found.group(0)

    def fill(self, page: FilledPage, toc: TocRenderer) -> str:
        return self.filled(page, toc)[0]

    def filled(self, page: FilledPage, toc: TocRenderer) -> tuple[str, str]:
        """The whole page, and its content as it is in the page (its headings with their ids)."""
        content, tokens = with_heading_ids(page.content)
        first = f'"#{tokens[0]["id"]}"' if tokens else '""'
        values = {
            "title": page.title,
            "content": content,
            "toc": toc(tokens),
            "changed": self.changed_line.replace(CHANGED, page.changed) if page.changed else "",
            "slug": page.slug,
            "heading_id": first,
        }
        pieces = [self.parts[0]]
        for slot, part in zip(self.slots, self.parts[1:], strict=True):
            pieces += (values[slot], part)
        return "".join(pieces), content


def _content_span(page: str) -> tuple[int, int, str]:
    start = page.find(f'<h1 id="{HEADING_ID}">')
    end = page.find(f"{CONTENT}</p>", start)
    if start < 0 or end < 0:
        raise ShellChanged("the placeholder's content is not where the theme puts a page's content")
    return start, end + len(f"{CONTENT}</p>"), "content"


def _toc_span(page: str) -> tuple[int, int, str]:
    start = page.find(_TOC_START)
    end = page.find("</nav>", start)
    if start < 0 or end < 0:
        raise ShellChanged("no table of contents in the shell")
    return start, end + len("</nav>"), "toc"


def _changed_span(page: str) -> tuple[int, int, str]:
    """The "changed" paragraph with the whitespace before it (the theme writes neither when a
    page has no date)."""
    marker = page.find(CHANGED)
    start = page.rfind("<p", 0, marker)
    end = page.find("</p>", marker)
    if marker < 0 or start < 0 or end < 0:
        raise ShellChanged("no 'changed' line in the shell")
    return len(page[:start].rstrip()), end + len("</p>"), "changed"


def _without_inner(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Spans inside another (the heading's id inside the content) are replaced with it."""
    kept: list[tuple[int, int, str]] = []
    for span in spans:
        if kept and span[0] < kept[-1][1]:
            continue
        kept.append(span)
    return kept


def _ids(content: str) -> set[str]:
    """`set(_ID.findall(content))`, found faster: a search only where `id="` is (the pattern's
    leading `\\b` keeps the regular expression from looking for its literal start)."""
    found = set()
    at = content.find('id="')
    while at >= 0:
        match = _ID.match(content, at)  # `\b` sees the character before `at`
        if match:
            found.add(match.group(1))
            at = content.find('id="', match.end())
        else:
            at = content.find('id="', at + 1)
    return found


@lru_cache(maxsize=4096)
def _heading_name_and_slug(inner: str) -> tuple[str, str]:
    """A heading's text (tags stripped) and its slug; the same headings recur on every page."""
    name = strip_tags(inner)
    return name, slugify(html.unescape(name), "-")


def with_heading_ids(content: str) -> tuple[str, list[Any]]:
    """The content with an id on every heading, as mkdocs' toc extension gives them (its slugify,
    `_1` for a repeat), and the headings as the extension's nested toc tokens."""
    used = _ids(content)
    counters: dict[str, int] = {}
    tokens: list[Any] = []  # markdown.extensions.toc's token dicts

    def with_id(found: re.Match[str]) -> str:
        level, inner = found.group(1), found.group(2).strip()
        name, slug = _heading_name_and_slug(inner)
        anchor = unique(slug, used, counters)
        tokens.append({"level": int(level), "id": anchor, "name": name, "html": inner, "data-toc-label": ""})
        return f'<h{level} id="{anchor}">{found.group(2)}</h{level}>'

    return _HEADING_TAG.sub(with_id, content), nest_toc_tokens(tokens)


def toc_renderer(config: MkDocsConfig) -> TocRenderer:
    """The table of contents as the theme renders it (its `partials/toc.html`, in its language).
    Pages of a kind have the same few tables of contents, so each is rendered once; the theme
    leaves a page's h1 out of it, which the renderer checks (`_h1_left_out`) before it lets pages
    that differ only in their h1 share one."""
    template = config.theme.get_env().from_string(_TOC_TEMPLATE)

    def rendered(tokens: list[Any]) -> str:
        return template.render(config=config, page=_TocPage(get_toc(tokens)))

    ignore_h1 = _h1_left_out(rendered)
    done: dict[Hashable, str] = {}

    def render(tokens: list[Any]) -> str:
        key = _toc_key(tokens, ignore_h1)
        found = done.get(key)
        if found is None:
            found = rendered(tokens)
            if len(done) < _TOC_KEPT:
                done[key] = found
        return found

    return render


_TOC_KEPT = 4096  # tables of contents kept per renderer, at most


def _token_key(token: dict[str, Any]) -> Hashable:
    """What of a token `get_toc` reads: its name, id, level and children."""
    return token["level"], token["id"], token["name"], tuple(map(_token_key, token["children"]))


def _toc_key(tokens: list[Any], ignore_h1: bool) -> Hashable:
    """What a table of contents is rendered from: the tokens, or, when the theme leaves the h1
    out, the first h1's children and the tokens after it."""
    if ignore_h1 and tokens and tokens[0]["level"] == 1:
        return ("h1", tuple(map(_token_key, tokens[0]["children"])), tuple(map(_token_key, tokens[1:])))
    return ("all", tuple(map(_token_key, tokens)))


def _h1_left_out(rendered: Callable[[list[Any]], str]) -> bool:
    """Whether two pages whose headings differ only in their h1 get the same table of contents."""

    def probe(name: str) -> list[Any]:
        _, tokens = with_heading_ids(f"<h1>{name}</h1><h2>{HEADING}</h2><h3>{TITLE}</h3><h2>{CHANGED}</h2>")
        return tokens

    return rendered(probe("a")) == rendered(probe("b"))


@dataclass(frozen=True)
class _TocPage:
    toc: Any
