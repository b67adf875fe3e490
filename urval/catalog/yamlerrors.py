"""The YAML parser's problems, told in Swedish: what went wrong, where, and how to fix it.

PyYAML (and libyaml under it) words its problems in English and for parser writers ("mapping
values are not allowed here"). A supplier needs the mistake that causes it: a tab, a missing
colon, a quote that never closes, a wrong indentation. The parser's problem string is its own
vocabulary, matched here by kind; whatever is not recognised gets a general Swedish message
that still points at the line and column.
"""

from __future__ import annotations

from typing import NamedTuple

import yaml

from urval.messages import say
from urval.messages.keys import MessageKey

# Quotation marks a word processor or a Swedish keyboard writes; YAML knows only ' and ".
TYPOGRAPHIC_QUOTES = "”“„‟’‘‚«»"


class Located(NamedTuple):
    message: str
    line: int
    column: int


# (what the parser's problem says, what its context says or "", message, point at the context?)
# Both libyaml's wording and pure-Python PyYAML's are listed: either may be the parser.
_KINDS: tuple[tuple[str, str, MessageKey, bool], ...] = (
    ("end of stream", "quoted scalar", "yaml_unclosed_quote", True),
    ("mapping values are not allowed", "", "yaml_colon_in_value", False),
    ("could not find expected ':'", "", "yaml_missing_colon", True),
    ("found a tab character", "", "yaml_tab", False),
    ("found character '\\t'", "", "yaml_tab", False),
    ("cannot start any token", "", "yaml_bad_start", False),
    ("expected ',' or ']'", "", "yaml_unclosed_list", True),
    ("expected ',' or '}'", "", "yaml_unclosed_group", True),
    ("unknown escape character", "", "yaml_escape", False),
    ("block sequence entries are not allowed", "", "yaml_indentation", False),
    ("expected '-' indicator", "", "yaml_indentation", False),
    ("expected <block end>", "", "yaml_indentation", False),
    ("did not find expected key", "", "yaml_indentation", False),
    ("expected node content", "", "yaml_missing_value", False),
)


def _line_of(text: str, line: int) -> str:
    lines = text.split("\n")
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _typographic(text: str, lines: tuple[int, ...]) -> Located | None:
    """A typographic quote on a line the parser stopped at is nearly always the cause."""
    for line in lines:
        written = _line_of(text, line)
        for column, char in enumerate(written, start=1):
            if char in TYPOGRAPHIC_QUOTES:
                return Located(say("yaml_typographic_quotes", quote=char), line, column)
    return None


def _position(mark: yaml.Mark | None) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def explain_syntax_error(error: yaml.MarkedYAMLError, text: str) -> Located:
    """The Swedish message and position for a parser error in `text`."""
    problem, context = error.problem or "", error.context or ""
    line, column = _position(error.problem_mark or error.context_mark)
    context_line, context_column = _position(error.context_mark) if error.context_mark else (line, column)
    typographic = _typographic(text, tuple(dict.fromkeys((context_line, line))))
    if typographic is not None:
        return typographic
    for problem_says, context_says, kind, at_context in _KINDS:
        if problem_says in problem and context_says in context:
            where_line, where_column = (context_line, context_column) if at_context else (line, column)
            char = _line_of(text, where_line)[where_column - 1 : where_column]
            key: MessageKey = "yaml_tab" if kind == "yaml_bad_start" and char == "\t" else kind
            message = say(key, char=char or "?", line=context_line)
            return Located(message, where_line, where_column)
    return Located(say("yaml_syntax"), line, column)
