"""Escaping for generated pages: every value that came from a catalogue file passes through here.

`markdown_escape` is the Jinja2 environment's `finalize`, so a supplier's text can inject neither
HTML nor Markdown structure; templates that place a value inside raw HTML use `html_escape`
(the `|html` filter) instead.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from typing import Any

from markupsafe import Markup

# Inline Markdown punctuation; `<`, `>` and `&` are already HTML-escaped.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|~^])")
# What would start a block (list, setext heading, quote, definition, ordered list) at a line's start.
_BLOCK_MARK = re.compile(r"^( ?)([-+=:>])")
_ORDERED_LIST_MARK = re.compile(r"^( ?[0-9]+)([.)])")
_WHITESPACE = re.compile(r"\s+")


def markdown_escape(value: Any) -> Markup:
    """Text safe anywhere in a Markdown line: HTML-escaped, Markdown punctuation backslash-escaped,
    and folded onto one line so it cannot start a heading, list or table row.

    The environment applies this to every `{{ expression }}`; what templates and macros produce
    themselves is already Markup and passes unchanged."""
    if isinstance(value, Markup):
        return value
    return Markup(_escaped_text(str(value)))


@lru_cache(maxsize=1 << 16)
def _escaped_text(text: str) -> str:
    # Pages repeat the same names, codes and units thousands of times: a cache pays at 10,000 suppliers.
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(_WHITESPACE.sub(" ", text), quote=False))
    return _ORDERED_LIST_MARK.sub(r"\1\\\2", _BLOCK_MARK.sub(r"\1\\\2", text))


def html_escape(value: Any) -> Markup:
    """Text for raw HTML blocks, where Markdown is not processed."""
    return Markup(_html_text(str(value)))


@lru_cache(maxsize=1 << 16)
def _html_text(text: str) -> str:
    return html.escape(_WHITESPACE.sub(" ", text).strip(), quote=True)


def meta_text(value: Any) -> Markup:
    """Text for a page's front matter (its title): mkdocs and the theme put it into the HTML
    unescaped, so it is HTML-escaped here and quoted as a YAML (JSON) string."""
    return Markup(json.dumps(str(html_escape(value)), ensure_ascii=False))


def paragraphs(value: str) -> list[str]:
    return [part for part in re.split(r"\n\s*\n", value.strip()) if part.strip()]
