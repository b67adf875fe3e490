"""Defaults a schema documents (its `default` keyword), filled into a valid document's data, so
that a file written to the published contract may leave out what has a sane default."""

from __future__ import annotations

import copy
from typing import Any


def with_defaults(data: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """`data` with every top-level property the schema gives a `default` for and the file leaves out."""
    missing = {
        key: copy.deepcopy(spec["default"])
        for key, spec in schema.get("properties", {}).items()
        if isinstance(spec, dict) and "default" in spec and key not in data
    }
    return {**data, **missing} if missing else data
