"""Regenerate `keys.py` from the message files: `python -m urval.messages`."""

from urval.messages import KEYS_MODULE, keys_module

KEYS_MODULE.write_text(keys_module(), encoding="utf-8")
