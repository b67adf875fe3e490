"""A field reference in Markdown, generated from a catalogue JSON Schema (the one source).

Every field at every depth gets a row: its YAML path (`contact.email`, `prices[].areas`, `*` for
a key of the writer's choosing), title, whether it is required, type and allowed values, and
description. The words around the data come from `site_templates/fieldref.md.j2`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from urval.catalog.schema import SchemaSet
from urval.text import code, markdown

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "site_templates"
TEMPLATE = "fieldref.md.j2"
ANY_KEY = "*"
ITEM = "[]"
MAX_DEPTH = 16  # the catalogue's schemas are not recursive; this only guards against a mistake
_BOUNDS = ("minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems")


@dataclass(frozen=True)
class FieldRow:
    """One field as the reference shows it; `required` is None for list items and free keys."""

    path: str
    title: str
    description: str
    hint: str
    required: bool | None
    types: tuple[str, ...]
    enum: tuple[str, ...]
    format: str
    bounds: dict[str, int] = field(default_factory=dict)


def _types(schemas: SchemaSet, schema_name: str, node: dict[str, Any]) -> tuple[str, ...]:
    """The JSON types a value may have, gathered from `oneOf`/`anyOf` alternatives if need be."""
    declared = node.get("type")
    if isinstance(declared, str):
        return (declared,)
    if isinstance(declared, list):
        return tuple(str(t) for t in declared)
    found: list[str] = []
    for branch in [*node.get("oneOf", []), *node.get("anyOf", [])]:
        found += [t for t in _types(schemas, *schemas.resolve(schema_name, branch)) if t not in found]
    return tuple(found)


def _row(schemas: SchemaSet, schema_name: str, node: dict[str, Any], path: str, required: bool | None) -> FieldRow:
    return FieldRow(
        path=path,
        title=str(node.get("title", "")),
        description=str(node.get("description", "")),
        hint=str(node.get("x-hint", "")),
        required=required,
        types=_types(schemas, schema_name, node),
        enum=tuple(str(value) for value in node.get("enum", [])),
        format=str(node.get("format", "")),
        bounds={key: node[key] for key in _BOUNDS if isinstance(node.get(key), int)},
    )


Child = tuple[str, Any, str, bool | None]  # schema name, subschema, path, required


def _children(schema_name: str, node: dict[str, Any], path: str) -> list[Child]:
    """The subschemas a node's values are described by: properties, items, free keys."""
    prefix = f"{path}." if path else ""
    required = set(node.get("required", []))
    children: list[Child] = [
        (schema_name, child, f"{prefix}{key}", key in required) for key, child in node.get("properties", {}).items()
    ]
    if isinstance(node.get("items"), dict):
        children.append((schema_name, node["items"], f"{path}{ITEM}", None))
    if isinstance(node.get("additionalProperties"), dict):
        children.append((schema_name, node["additionalProperties"], f"{prefix}{ANY_KEY}", None))
    return children


def _all_children(schemas: SchemaSet, schema_name: str, node: dict[str, Any], path: str) -> list[Child]:
    """A node's children and those of its `oneOf`/`anyOf` alternatives (which share its path)."""
    children = _children(schema_name, node, path)
    for branch in [*node.get("oneOf", []), *node.get("anyOf", [])]:
        if isinstance(branch, dict):
            children += _children(*schemas.resolve(schema_name, branch), path)
    return children


def field_rows(schemas: SchemaSet, schema_name: str) -> list[FieldRow]:
    """Every field of a schema, depth first in the schema's order, following `$ref`s."""
    rows: dict[str, FieldRow] = {}
    stack: list[tuple[Child, int]] = [((schema_name, schemas.schemas[schema_name], "", None), 0)]
    while stack:
        (name, node, path, required), depth = stack.pop()
        if not isinstance(node, dict) or depth > MAX_DEPTH:
            continue
        name, node = schemas.resolve(name, node)
        if path and path not in rows:
            rows[path] = _row(schemas, name, node, path, required)
        stack += [(child, depth + 1) for child in reversed(_all_children(schemas, name, node, path))]
    return list(rows.values())


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """One environment for the process: it holds no catalogue, and keeps the template compiled."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=False,  # Markdown, escaped cell by cell with the `md` and `code` filters
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["md"] = markdown
    environment.filters["code"] = code
    return environment


def field_reference(schema_dir: Path, schema_name: str) -> str:
    """The Markdown field reference of one schema of a catalogue's `schema/` folder."""
    schemas = SchemaSet.from_dir(schema_dir)
    root = schemas.resolve(schema_name, schemas.schemas[schema_name])[1]
    template = _environment().get_template(TEMPLATE)
    return template.render(
        title=str(root.get("title", schema_name)),
        description=str(root.get("description", "")),
        schema_name=schema_name,
        rows=field_rows(schemas, schema_name),
    )
