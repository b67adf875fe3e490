"""The characters a catalogue value may not hold, and how to show them when they must be shown."""

from __future__ import annotations

import re

# Bidirectional controls (they reorder what is shown) and zero-width characters (they hide text).
INVISIBLE = "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
# Control characters other than tab and line feed, and the Unicode line and paragraph separators.
CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029"

NEVER = re.compile(f"[{CONTROL}{INVISIBLE}]")
OUTSIDE_PROSE = re.compile(f"[\t\n{CONTROL}{INVISIBLE}]")
INVISIBLE_ONLY = re.compile(f"[{INVISIBLE}]")


def escape_invisible(text: str) -> str:
    """`text` with every control, bidi or zero-width character, tab and line break written as a
    visible escape (`\\u202e`, `\\x01`, `\\n`), so output never carries one raw."""
    return OUTSIDE_PROSE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
