"""The Markdown body of a news post: no raw markup that runs code, no invisible characters.

Markdown passes raw HTML through to the page, so a news post could carry a script. `check`
refuses, at their line: `<script>`, `<iframe>`, `<object>` and `<embed>` tags, `on…=` event
handler attributes, `javascript:` (and `vbscript:`) links, however they are spelt (entities,
case, tabs or line breaks inside the word), and control, bidi or zero-width characters. (The
front matter is YAML and judged like every other catalogue file.)
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from urval.catalog.characters import code_point
from urval.catalog.invisible import NEVER
from urval.catalog.load import front_matter
from urval.catalog.problems import Problem
from urval.catalog.yamlload import LoadError, read_limited
from urval.messages import say

RULE = "news-markup"

_TAG = re.compile(r"<\s*(script|iframe|object|embed|frame|frameset|applet)\b", re.I)
_HANDLER = re.compile(r"<[a-z][^>]*?[\s/\"'](on[a-z]+)\s*=", re.I | re.S)
# After entities are decoded and whitespace removed: a link target or attribute value that is code.
_CODE_URL = re.compile(r"(?:\]\(|\]:|<|=[\"']?)(?:javascript|vbscript):")
_WHITESPACE = re.compile(r"[\x00-\x20]+")


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _body_start(text: str) -> int:
    """Where the body starts: after the front matter's closing `---` line (0 when there is none)."""
    header = front_matter(text.encode("utf-8"))
    if header is None:
        return 0
    lines = header.decode("utf-8").count("\n") + 1  # the header and its closing line
    offset = 0
    for _ in range(lines):
        offset = text.find("\n", offset) + 1
        if offset == 0:
            return len(text)
    return offset


def body_problems(text: str, display: str) -> list[Problem]:
    """Every refused construct in the body of a news post's text."""
    start = _body_start(text)
    body = text[start:]
    found: list[tuple[int, str]] = []
    for match in _TAG.finditer(body):
        found.append((match.start(), say("news_raw_html", tag=match.group(1).lower())))
    for match in _HANDLER.finditer(body):
        found.append((match.start(1), say("news_event_handler", attribute=match.group(1).lower())))
    offset = 0
    for text_line in body.split("\n"):
        if _CODE_URL.search(_WHITESPACE.sub("", html.unescape(text_line)).lower()):
            found.append((offset, say("news_code_link")))
        offset += len(text_line) + 1
    for match in NEVER.finditer(body):
        if match.group() == "\r" and body[match.end() : match.end() + 1] == "\n":
            continue  # Windows line endings
        found.append((match.start(), say("news_invisible_character", code=code_point(match.group()))))
    problems = []
    for at, message in found:
        line, column = _position(text, start + at)
        problems.append(Problem(display, line, column, message, RULE))
    return problems


def news_file_problems(path: Path, display: str) -> list[Problem]:
    """The body problems of the news post at `path` (read as every catalogue file is)."""
    try:
        text = read_limited(path).decode("utf-8")
    except (LoadError, UnicodeDecodeError):
        return []  # reported when the front matter was read
    return body_problems(text, display)
