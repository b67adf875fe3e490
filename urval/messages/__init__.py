"""Every sentence the tools say to a supplier or to Adda, in Swedish, kept as data (`sv/*.yaml`).

Each entry has `text` (a `str.format` template) and `help` (what it means and how to fix it),
so the supplier guide can list every message from the same source. Each command keeps its
messages in a file of its own; keys are unique across all of them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, TypedDict

import yaml

MESSAGES_DIR = Path(__file__).with_name("sv")


class Message(TypedDict):
    text: str
    help: str


@cache
def catalogue() -> dict[str, Message]:
    merged: dict[str, Message] = {}
    for path in sorted(MESSAGES_DIR.glob("*.yaml")):
        loaded: dict[str, Message] = yaml.safe_load(path.read_text(encoding="utf-8"))
        duplicated = merged.keys() & loaded.keys()
        if duplicated:
            raise ValueError(f"message keys defined twice ({path.name}): {sorted(duplicated)}")
        merged.update(loaded)
    return merged


def say(message_key: str, /, **values: Any) -> str:
    return catalogue()[message_key]["text"].format(**values)


@cache
def message_keys(file_stem: str) -> frozenset[str]:
    """The keys one message file (`sv/<file_stem>.yaml`) defines."""
    loaded: dict[str, Message] = yaml.safe_load((MESSAGES_DIR / f"{file_stem}.yaml").read_text(encoding="utf-8"))
    return frozenset(loaded)
