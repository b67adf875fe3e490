"""Every message the code can say exists in Swedish, with help text for the guide."""

from __future__ import annotations

import re
import string
from pathlib import Path

from urval.messages import catalogue

PACKAGE = Path(__file__).resolve().parent.parent / "urval"
SAY = re.compile(r'say\(\s*"([a-z0-9_]+)"')
# Rules name the rule (hyphenated) and then the message key; an f-string key is a pattern.
RULE_MESSAGE = re.compile(r'"[a-z]+-[a-z-]+",\s*f?"([a-z0-9_{}]+)"')


def keys_used_in_code() -> set[str]:
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text("utf-8")
        found |= set(SAY.findall(text)) | set(RULE_MESSAGE.findall(text))
    return found


def test_every_key_used_in_code_has_a_message() -> None:
    keys = catalogue().keys()
    used = keys_used_in_code()
    assert len(used) > 40
    missing = [
        key for key in used if not any(re.fullmatch(re.sub(r"\{[a-z_]+\}", "[a-z]+", key), known) for known in keys)
    ]
    assert missing == []


def test_every_message_has_text_and_help_and_a_valid_template() -> None:
    for key, message in catalogue().items():
        assert set(message) == {"text", "help"}, key
        assert isinstance(message["text"], str) and isinstance(message["help"], str), key
        list(string.Formatter().parse(message["text"]))  # raises on a broken template
