"""A strict YAML loader for hostile input that remembers where every value came from.

It reads the event stream (libyaml when present) and builds plain Python values itself,
without recursion, so that it can refuse what a catalogue never needs: anchors and aliases
(YAML bombs), explicit tags, duplicate keys, several documents, deep nesting, oversized or
non-UTF-8 files, and invisible bidirectional control characters. Scalars are resolved by the
YAML 1.2 core rules (`no` stays the language code, dates stay strings for the schema to judge).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from urval.catalog.yamlerrors import TYPOGRAPHIC_QUOTES, explain_syntax_error
from urval.messages import say
from urval.messages.keys import MessageKey

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 16
MAX_NODES = 20_000

Path_ = tuple[str | int, ...]

_BIDI_AND_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - pure-Python PyYAML build
    _Loader = yaml.SafeLoader


class Position(NamedTuple):
    line: int
    column: int


@dataclass
class Positions:
    """Where every value and every mapping key of a document is written."""

    values: dict[Path_, Position] = field(default_factory=dict)
    keys: dict[Path_, Position] = field(default_factory=dict)


@dataclass
class Document:
    """One loaded file: its data, its text, and (worked out when first asked) where each value is.

    Positions are needed only to report a problem, which is rare, so they are not recorded while
    loading: that halves the cost of loading a large catalogue and keeps documents cheap to send
    between processes.
    """

    path: Path
    display: str
    text: str
    data: Any = None
    _positions: Positions | None = field(default=None, repr=False, compare=False)

    @property
    def positions(self) -> Positions:
        if self._positions is None:
            self._positions = Positions()
            _build(self.text, self._positions)
        return self._positions

    def at(self, path: Path_) -> Position:
        """Where the value at `path` is written, or its nearest written ancestor."""
        values = self.positions.values
        while path not in values and path:
            path = path[:-1]
        return values.get(path, Position(1, 1))

    def key_at(self, path: Path_) -> Position:
        """Where the key of `path` is written (the value's position for list items)."""
        return self.positions.keys.get(path) or self.at(path)


class LoadError(Exception):
    """The file cannot be read as catalogue YAML; carries a Swedish message and a position."""

    def __init__(self, message: str, line: int = 1, column: int = 1, rule: str = "yaml") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.rule = rule


_MAYBE_NOT_TEXT = frozenset("0123456789+-.~nNtTfF")


def resolve_plain_scalar(text: str) -> Any:
    if text and text[0] not in _MAYBE_NOT_TEXT:
        return text
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text) and any(c.isdigit() for c in text):
        return float(text)
    return text


def _decode(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise LoadError(say("yaml_not_utf8"), line, column, "encoding") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    match = _BIDI_AND_INVISIBLE.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        raise LoadError(say("yaml_invisible_character", code=f"U+{ord(match.group()):04X}"), line, column, "encoding")
    return text


def _mark(event: yaml.Event) -> Position:
    mark = event.start_mark
    return Position(mark.line + 1, mark.column + 1) if mark is not None else Position(1, 1)


def _refuse_node(event: yaml.Event, depth: int, nodes: int) -> None:
    """Raise for what a catalogue never contains: aliases, anchors, tags, deep or huge trees."""
    where = _mark(event)
    if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
        raise LoadError(say("yaml_anchor"), where.line, where.column, "yaml-anchor")
    tag = getattr(event, "tag", None)
    if tag is not None:
        raise LoadError(say("yaml_tag", tag=tag), where.line, where.column, "yaml-tag")
    if depth >= MAX_DEPTH:
        raise LoadError(say("yaml_too_deep", depth=MAX_DEPTH), where.line, where.column, "yaml-depth")
    if nodes > MAX_NODES:
        raise LoadError(say("yaml_too_many_nodes", limit=MAX_NODES), where.line, where.column, "yaml-size")


class _Duplicate(NamedTuple):
    key: str
    first: Position  # where the key is written first
    second: Position
    first_value: Any


_SHAPES: dict[type, type] = {yaml.MappingStartEvent: dict, yaml.SequenceStartEvent: list}


def _refuse_duplicate(duplicate: _Duplicate, value_kind: type) -> None:
    """A key written twice in one mapping. When the second is indented differently, the first
    has no value, or the two values have different shapes (a list and a group), the second line
    is almost always mis-indented and belongs to the field above it: deleting either would lose
    data, so the message says so."""
    first_shape = type(duplicate.first_value) if isinstance(duplicate.first_value, dict | list) else str
    misindented = (
        duplicate.first.column != duplicate.second.column
        or duplicate.first_value in (None, "", {}, [])
        or _SHAPES.get(value_kind, str) is not first_shape
    )
    key: MessageKey = "yaml_duplicate_key_misindented" if misindented else "yaml_duplicate_key"
    message = say(key, key=duplicate.key, line=duplicate.first.line)
    raise LoadError(message, duplicate.second.line, duplicate.second.column, "duplicate-key")


def _refuse_typographic(event: yaml.ScalarEvent) -> None:
    """A plain value wrapped in ” or “ (it starts with one and ends with a quote): meant as quotes,
    but YAML keeps them in the value. Prose that only starts with a quotation is left alone."""
    if event.value[-1] not in TYPOGRAPHIC_QUOTES + "'\"" or len(event.value) < 2:
        return
    where = _mark(event)
    raise LoadError(say("yaml_typographic_quotes", quote=event.value[0]), where.line, where.column, "yaml-quotes")


def _refuse_comma_decimal(text: str, event: yaml.ScalarEvent) -> None:
    """A key of digits right after `<digits>,` in a flow mapping: `{A: 2400,50}` was meant as a
    number with a decimal comma, but the comma ended the value and `50` became a field."""
    mark = event.start_mark
    index = mark.index if mark is not None else 0
    before = text[:index]
    if not before.endswith(",") or not before[:-1][-1:].isdigit():
        return
    whole = re.search(r"[0-9]+$", before[:-1])
    number = whole.group() if whole else ""
    where = Position(mark.line + 1, mark.column + 1 - len(number) - 1) if mark is not None else Position(1, 1)
    raise LoadError(say("number_decimal_comma", value=f"{number},{event.value}", whole=number), *where, "yaml-number")


class _NeedPositions(Exception):
    """A problem was found whose message needs positions that were not being recorded."""


def _build(text: str, positions: Positions | None = None) -> Any:  # noqa: PLR0915 - one tight loop, kept flat
    """Build values from the event stream with an explicit stack (no recursion), recording
    positions only when asked.

    Each stack frame is [container, its path, the key awaiting its value or None].
    This loop runs once per YAML event of every catalogue file, so it is written flat.
    """
    values = positions.values if positions is not None else None
    keys = positions.keys if positions is not None else None
    stack: list[list[Any]] = []
    result: Any = None
    documents = nodes = 0
    pending: _Duplicate | None = None  # a duplicate key, judged by the value that follows it
    event: Any
    for event in yaml.parse(text, Loader=_Loader):
        kind = type(event)
        if kind is yaml.ScalarEvent or kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            nodes += 1
            if event.anchor is not None or event.tag is not None or len(stack) >= MAX_DEPTH or nodes > MAX_NODES:
                _refuse_node(event, len(stack), nodes)
            if pending is not None:
                _refuse_duplicate(pending, value_kind=kind)
            if kind is yaml.ScalarEvent:
                if event.implicit[0]:
                    value: Any = resolve_plain_scalar(event.value)
                    if event.value and event.value[0] in TYPOGRAPHIC_QUOTES:
                        _refuse_typographic(event)
                else:
                    value = event.value
            else:
                value = {} if kind is yaml.MappingStartEvent else []
            if not stack:
                path: Path_ = ()
                result = value
            else:
                frame = stack[-1]
                container = frame[0]
                if type(container) is list:
                    path = (*frame[1], len(container))
                    container.append(value)
                elif frame[2] is None:  # this node is a key
                    if kind is not yaml.ScalarEvent:
                        where = _mark(event)
                        raise LoadError(say("yaml_complex_key"), where.line, where.column, "yaml-key")
                    key = event.value
                    key_path = (*frame[1], key)
                    if key in container:
                        if keys is None:
                            raise _NeedPositions
                        pending = _Duplicate(key, keys[key_path], _mark(event), container[key])
                        continue
                    if key.isdigit() and event.implicit[0]:
                        _refuse_comma_decimal(text, event)
                    if keys is not None:
                        keys[key_path] = _mark(event)
                    frame[2] = key
                    continue
                else:
                    path = (*frame[1], frame[2])
                    container[frame[2]] = value
                    frame[2] = None
            if values is not None:
                values[path] = _mark(event)
            if kind is not yaml.ScalarEvent:
                stack.append([value, path, None])
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            stack.pop()
        elif kind is yaml.AliasEvent:
            _refuse_node(event, len(stack), nodes)
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                where = _mark(event)
                raise LoadError(say("yaml_many_documents"), where.line, where.column, "yaml-documents")
    return result


def load_text(path: Path, display: str, raw: bytes) -> Document:
    """Parse bytes already read; raises LoadError with a position for anything refused."""
    if len(raw) > MAX_FILE_BYTES:
        raise LoadError(say("yaml_too_large", size=len(raw) // 1024, limit=MAX_FILE_BYTES // 1024), rule="yaml-size")
    text = _decode(raw)
    document = Document(path=path, display=display, text=text)
    try:
        try:
            document.data = _build(text)
        except _NeedPositions:
            document.data = _build(text, document.positions)
    except yaml.MarkedYAMLError as error:
        located = explain_syntax_error(error, text)
        raise LoadError(located.message, located.line, located.column, "yaml-syntax") from None
    except yaml.YAMLError:
        raise LoadError(say("yaml_syntax"), rule="yaml-syntax") from None
    if document.data is None:
        raise LoadError(say("yaml_empty"), rule="yaml-empty")
    return document


def read_limited(path: Path) -> bytes:
    """A regular file's bytes, refusing an oversized file before reading it.

    The file is opened without following a symbolic link and without blocking on a pipe, and
    judged by what was opened, so a link or pipe swapped in after the folder was walked is
    refused too, never read."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise LoadError(say("path_symlink", name=path.name), rule="file-kind") from None
        raise LoadError(say("file_unreadable", detail=error.strerror or str(error)), rule="file") from None
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise LoadError(say("path_not_regular", name=path.name), rule="file-kind")
        if status.st_size > MAX_FILE_BYTES:
            size = status.st_size // 1024
            raise LoadError(say("yaml_too_large", size=size, limit=MAX_FILE_BYTES // 1024), rule="yaml-size")
        try:
            raw = handle.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            raise LoadError(say("file_unreadable", detail=error.strerror or str(error)), rule="file") from None
    if len(raw) > MAX_FILE_BYTES:
        raise LoadError(say("yaml_too_large", size=len(raw) // 1024, limit=MAX_FILE_BYTES // 1024), rule="yaml-size")
    return raw


def load_file(path: Path, display: str) -> Document:
    """Read and parse one file, refusing oversized files before reading them."""
    return load_text(path, display, read_limited(path))
