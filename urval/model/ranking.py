"""Ordering suppliers by price with honest ties: equal keys share a rank (1, 1, 3 …).

Used by the static filter pages; the call-off ranking (need, then price) builds on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import groupby
from typing import Generic, TypeVar

T = TypeVar("T")
Key = tuple[int, ...]


@dataclass(frozen=True)
class Ranked(Generic[T]):
    rank: int
    item: T
    tied: bool  # another item has the same key, hence the same rank


def rank(items: Iterable[T], key: Callable[[T], Key], name: Callable[[T], str]) -> list[Ranked[T]]:
    """Sort by `key` (lowest first). Items with equal keys share a rank and are listed by name:
    the name orders the listing, it does not break the tie."""
    ordered = sorted(items, key=lambda item: (key(item), name(item).casefold()))
    ranked: list[Ranked[T]] = []
    for _key, group in groupby(ordered, key=key):
        members = list(group)
        position = len(ranked) + 1
        ranked += [Ranked(position, item, len(members) > 1) for item in members]
    return ranked
