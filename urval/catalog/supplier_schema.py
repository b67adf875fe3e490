"""The supplier JSON Schema of a catalogue: the core every framework shares plus the facts its
framework declares, with Swedish titles and descriptions.

`check` validates suppliers against this generated schema and reports a committed
`schema/supplier.schema.json` that differs from it; this module's command rewrites that file
(for editors and the published /schema/):

    python -m urval.catalog.supplier_schema --catalog catalog
"""

from __future__ import annotations

import argparse
import copy
import json
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from urval.catalog import layout
from urval.catalog.declaration import Declaration, Fact, read_declaration
from urval.catalog.yamlload import LoadError, load_file

CORE_SCHEMA = Path(__file__).with_name("core") / "supplier.core.json"
FACTS_BEFORE = "x-facts-before"  # the core property the declared facts are placed before
REGENERATE = "python -m urval.catalog.supplier_schema --catalog {catalog}"
# A permit's reference number: letters, digits and the separators registrars use.
PERMIT_REFERENCE = {"type": "string", "minLength": 3, "maxLength": 40, "pattern": "^[0-9A-Za-z][0-9A-Za-z.:/ -]*$"}

Schema = dict[str, Any]
Entries = Mapping[str, Sequence[Mapping[str, Any]]]


@cache
def _core() -> Schema:
    loaded: Schema = json.loads(CORE_SCHEMA.read_text(encoding="utf-8"))
    return loaded


def _titled(fact: Fact) -> Schema:
    return {"title": fact.title, "description": fact.description}


def _bounded(schema: Schema, names: Mapping[str, int | None]) -> Schema:
    return {**schema, **{name: value for name, value in names.items() if value is not None}}


def _codes(fact: Fact) -> Schema:
    items: Schema = {"$ref": "#/$defs/slug"}
    if fact.item_pattern:
        items = {"type": "string", "pattern": fact.item_pattern}
        if fact.item_hint:
            items["x-hint"] = fact.item_hint
    schema = _bounded({**_titled(fact), "type": "array"}, {"minItems": fact.min_items})
    return {**schema, "uniqueItems": True, "items": items}


def _object(fact: Fact, properties: Schema, required: list[str]) -> Schema:
    schema: Schema = {**_titled(fact), "type": "object", "additionalProperties": False}
    if required:
        schema["required"] = required
    schema["properties"] = properties
    return schema


def _flags(fact: Fact, entries: Sequence[Mapping[str, Any]], code: str) -> Schema:
    properties = {
        str(e[code]): {
            "title": str(e.get("title") or e["name"]),
            "description": str(e.get("help") or e.get("description", "")).strip(),
            "type": "boolean",
        }
        for e in entries
    }
    return _object(fact, properties, [str(e[code]) for e in entries if e.get("required")])


def _permit(fact: Fact) -> Schema:
    reference, granted = fact.reference, fact.granted
    assert reference is not None and granted is not None  # required by framework.schema.json
    properties = {
        "reference": {"title": reference.title, "description": reference.description, **PERMIT_REFERENCE},
        "granted": {"title": granted.title, "description": granted.description, "$ref": "#/$defs/date"},
    }
    return _object(fact, properties, ["reference", "granted"])


def fact_schema(fact: Fact, declaration: Declaration, reference: Entries) -> Schema:
    """The JSON Schema of one declared fact."""
    if fact.kind == "yes_no":
        return {**_titled(fact), "type": "boolean"}
    if fact.kind == "number":
        return _bounded({**_titled(fact), "type": "integer"}, {"minimum": fact.minimum, "maximum": fact.maximum})
    if fact.kind == "text":
        lengths = {"minLength": fact.min_length, "maxLength": fact.max_length}
        # Text may be written folded (`>`), which ends in a line break: prose, for the value checks.
        return _bounded({**_titled(fact), "type": "string", "x-prose": True}, lengths)
    if fact.kind == "codes":
        return _codes(fact)
    if fact.kind == "flags":
        vocabulary = declaration.vocabulary(fact.vocabulary)
        assert vocabulary is not None  # checked by the declaration's rules before
        return _flags(fact, reference.get(fact.vocabulary, ()), vocabulary.code)
    if fact.kind == "permit":
        return _permit(fact)
    parts = {part.key: fact_schema(part, declaration, reference) for part in fact.parts}
    return _object(fact, parts, [part.key for part in fact.parts if part.required])


def supplier_schema(declaration: Declaration, reference: Entries) -> Schema:
    """The core schema with the declared facts placed before the core's marked property and
    the required ones added to `required`; `{word}` in core texts filled from `words:`."""
    core = copy.deepcopy(_core())
    before = core.pop(FACTS_BEFORE)
    facts = {fact.key: fact_schema(fact, declaration, reference) for fact in declaration.facts}
    properties: Schema = {}
    for key, value in core["properties"].items():
        if key == before:
            properties.update(facts)
        properties[key] = value
    core["properties"] = properties
    required: list[str] = list(core["required"])
    at = required.index(before) if before in required else len(required)
    required[at:at] = [fact.key for fact in declaration.facts if fact.required]
    core["required"] = required
    filled: Schema = _filled(core, declaration.words)
    return filled


def _filled(node: Any, words: Mapping[str, str]) -> Any:
    if isinstance(node, dict):
        return {key: _filled(value, words) for key, value in node.items()}
    if isinstance(node, list):
        return [_filled(item, words) for item in node]
    if isinstance(node, str) and "{" in node and "}" in node:
        for word, text in words.items():
            node = node.replace("{" + word + "}", text)
    return node


def as_text(schema: Schema) -> str:
    """The schema as written to `schema/supplier.schema.json`."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def _read(path: Path) -> Any:
    return load_file(path, str(path)).data


def generate_for(catalog: Path) -> Schema:
    """The supplier schema a catalogue folder's framework declares (its files must be readable)."""
    framework = _read(catalog / layout.FRAMEWORK_FILE)
    declaration = read_declaration(framework)
    reference = {
        v.name: _read(catalog / layout.REFERENCE_DIR / f"{v.name}{layout.YAML_SUFFIX}")
        for v in declaration.vocabularies
    }
    return supplier_schema(declaration, reference)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a catalogue's generated supplier schema.")
    parser.add_argument("--catalog", type=Path, default=Path("catalog"))
    args = parser.parse_args(argv)
    try:
        schema = generate_for(args.catalog)
    except LoadError as error:
        print(f"{error.message} ({error.line}:{error.column})")
        return 1
    target = args.catalog / layout.SCHEMA_DIR / layout.SUPPLIER.schema
    target.write_text(as_text(schema), encoding="utf-8")
    print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
