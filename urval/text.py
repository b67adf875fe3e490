"""Small text helpers: Swedish number forms, Markdown escaping for reports, printable paths."""

from __future__ import annotations

import math
import re

_MARKDOWN_SIGNIFICANT = re.compile(r"([\\`*_\[\]<>|~#!@])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


NO_BREAK_SPACE = "\u00a0"


def thousands(amount: float, separator: str = NO_BREAK_SPACE) -> str:
    """An amount grouped by thousands, as Swedish writes it: 12 345, or 12 345,5 for an amount
    written with decimals (a no-break space on pages, so an amount never breaks across lines)."""
    if isinstance(amount, float) and not math.isfinite(amount):
        return str(amount)
    if isinstance(amount, float) and amount.is_integer():
        amount = int(amount)
    return f"{amount:,}".replace(",", separator).replace(".", ",")


def kronor(amount: float) -> str:
    """An amount for a report (terminal or GitHub Markdown), grouped with a plain space: 12 345."""
    return thousands(amount, " ")


def percent(old: float, new: float) -> str:
    """The change from `old` to `new` in per cent, signed, one decimal, decimal comma: +3,6 %."""
    if not (math.isfinite(old) and math.isfinite(new)) or old <= 0:
        return "–"
    change = (new - old) / old * 100
    text = f"{change:+.1f}".replace(".", ",").replace("-", "\u2212")
    return f"{text} %"


def printable(text: str) -> str:
    """Text with control characters (e.g. in a hostile file name) replaced, safe for a terminal."""
    return _CONTROL.sub("\ufffd", text)


def markdown(text: str) -> str:
    """Text for a Markdown table cell: one line, every character Markdown gives meaning escaped."""
    one_line = printable(" ".join(text.split()))
    return _MARKDOWN_SIGNIFICANT.sub(r"\\\1", one_line)


def code(text: str) -> str:
    """Text as a Markdown code span that is safe in a table cell."""
    one_line = printable(" ".join(text.split())).replace("|", "\\|")
    fence = "``" if "`" in one_line else "`"
    padding = " " if fence == "``" else ""
    return f"{fence}{padding}{one_line}{padding}{fence}"
