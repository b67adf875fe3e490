"""Characters no catalogue value may hold, judged after parsing (so YAML escapes like "\\x01",
"\\u202e" or "\\u200b" are caught as surely as the raw bytes the loader refuses).

Refused in every string value and every mapping key: C0 and C1 control characters, DEL,
bidirectional controls, zero-width characters and the invisible line and paragraph separators.
A line break or tab is allowed only in prose: fields whose schema says `"x-prose": true`
(descriptions, summaries, reasons).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

from urval.catalog.invisible import INVISIBLE_ONLY, NEVER, OUTSIDE_PROSE, escape_invisible
from urval.catalog.problems import Problem
from urval.catalog.yamlload import Document, Path_
from urval.messages import say
from urval.messages.keys import MessageKey

RULE = "character"


def code_point(char: str) -> str:
    """`U+202E RIGHT-TO-LEFT OVERRIDE`: how a message names a character that cannot be shown."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}".rstrip()


def _strings(data: Any) -> Iterator[tuple[Path_, str, bool]]:
    """Every string in `data` with its path and whether it is a mapping key; without recursion."""
    pending: list[tuple[Path_, Any]] = [((), data)]
    while pending:
        path, value = pending.pop()
        if isinstance(value, str):
            yield path, value, False
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str):
                    yield (*path, key), key, True
                pending.append(((*path, key), item))
        elif isinstance(value, list):
            pending.extend(((*path, index), item) for index, item in enumerate(value))


def _message(char: str, is_key: bool) -> MessageKey:
    if INVISIBLE_ONLY.match(char):
        return "key_invisible_character" if is_key else "value_invisible_character"
    if is_key:
        return "key_control_character"
    return "value_line_break" if char in "\t\n" else "value_control_character"


def character_problems(
    document: Document, is_prose: Callable[[Path_], bool], label: Callable[[Path_], str]
) -> list[Problem]:
    """Problems for every string (value or key) of `document` holding a refused character.

    `is_prose(path)` says whether the value at `path` may hold line breaks and tabs;
    `label(path)` names the field in Swedish."""
    problems = []
    for path, text, is_key in _strings(document.data):
        found = NEVER.search(text)
        if found is None and not is_key and "\t" not in text and "\n" not in text:
            continue
        if found is None:
            found = OUTSIDE_PROSE.search(text) if is_key or not is_prose(path) else None
            if found is None:
                continue
        char = found.group()
        where = document.key_at(path) if is_key else document.at(path)
        message = say(_message(char, is_key), title=label(path), value=show_escaped(text), code=code_point(char))
        problems.append(Problem(document.display, where.line, where.column, message, RULE))
    return problems


def show_escaped(text: str, limit: int = 60) -> str:
    """`text` with every refused character written as a visible escape, shortened."""
    shown = escape_invisible(text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"
