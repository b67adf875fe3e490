"""What the commands share: the catalogue argument, the exit codes and the `--as-of` date."""

from __future__ import annotations

import argparse
import datetime as dt
import re
from pathlib import Path

from urval.catalog import layout
from urval.messages import say

EXIT_OK, EXIT_PROBLEMS, EXIT_MISUSE = 0, 1, 2
DEFAULT_CATALOG = Path("catalog")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def catalog_dir(value: str) -> Path:
    """argparse type for `--catalog`: a folder holding a catalogue (it has `schema/`)."""
    path = Path(value)
    if not (path / layout.SCHEMA_DIR).is_dir():
        raise argparse.ArgumentTypeError(say("cli_not_a_catalog", path=value))
    return path


def add_catalog_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--catalog", type=catalog_dir, default=DEFAULT_CATALOG, help="catalogue folder")


def as_of_date(value: str) -> dt.date:
    """argparse type for `--as-of`: a real calendar date written YYYY-MM-DD (and nothing else
    `date.fromisoformat` would take, such as 20250601)."""
    try:
        if _ISO_DATE.match(value):
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(say("cli_bad_date", value=value))
