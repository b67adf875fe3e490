"""Every sentence the tools say to a supplier or to Adda, in Swedish, kept as data (`sv/*.yaml`).

Each entry has `text` (a `str.format` template) and `help` (what it means and how to fix it),
so the supplier guide can list every message from the same source. Each command keeps its
messages in a file of its own; keys are unique across all of them.

`MessageKey` (in `keys.py`, generated from the files by `python -m urval.messages`) lists every
key, so the type checker refuses a key that has no message.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, TypedDict

import yaml

from urval.messages.keys import MessageKey

MESSAGES_DIR = Path(__file__).with_name("sv")
KEYS_MODULE = Path(__file__).with_name("keys.py")


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


def say(message_key: MessageKey, /, **values: Any) -> str:
    return catalogue()[message_key]["text"].format(**values)


def say_count(one: MessageKey, many: MessageKey, count: int, /) -> str:
    """A number with its noun in the right form: `count_files_one` for 1 ("1 fil"), else `many`."""
    return say(one if count == 1 else many, count=count)


@cache
def message_keys(file_stem: str) -> frozenset[str]:
    """The keys one message file (`sv/<file_stem>.yaml`) defines."""
    loaded: dict[str, Message] = yaml.safe_load((MESSAGES_DIR / f"{file_stem}.yaml").read_text(encoding="utf-8"))
    return frozenset(loaded)


def keys_module() -> str:
    """The source of `keys.py` for the message files as they are now."""
    lines = [
        '"""Every message key, generated from `sv/*.yaml` by `python -m urval.messages`. Do not edit."""',
        "",
        "from typing import Literal",
        "",
        "MessageKey = Literal[",
        *(f'    "{key}",' for key in sorted(catalogue())),
        "]",
        "",
    ]
    return "\n".join(lines)
