"""The seam between validation and the model: a catalogue whose every document passed `check`.

The model builds from this value alone; it never sees the validator's context, positions or
problems. Each mapping holds the parsed data of one file kind, keyed by file stem (an entry's
id) or, for reference lists, by list name. Dates are ISO strings, as the schemas require.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Data = Mapping[str, Any]


@dataclass(frozen=True)
class ValidCatalogue:
    framework: Data
    reference: Mapping[str, Sequence[Data]]
    suppliers: Mapping[str, Data]
    follow_ups: Mapping[str, Data]
    sanctions: Mapping[str, Data]
    news: Mapping[str, Data]  # by the post's file stem
