"""The field reference generated from the JSON Schema covers every field and is safe Markdown."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tests.conftest import EXAMPLE_CATALOG
from urval.site.fieldref import field_reference

SCHEMA_DIR = EXAMPLE_CATALOG / "schema"


def _local(schema: dict[str, Any], node: Any) -> Any:
    """Follow same-file `$ref`s (`#/$defs/…`), the only kind the supplier schema uses."""
    while isinstance(node, dict) and "$ref" in node:
        reference = node["$ref"]
        assert reference.startswith("#/"), reference
        target: Any = schema
        for part in reference[2:].split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def paths(schema: dict[str, Any], node: Any, prefix: str = "") -> list[str]:
    """Every field path, written independently of the code under test."""
    node = _local(schema, node)
    if not isinstance(node, dict):
        return []
    found: list[str] = []
    dot = f"{prefix}." if prefix else ""
    for key, child in node.get("properties", {}).items():
        found += [f"{dot}{key}", *paths(schema, child, f"{dot}{key}")]
    if isinstance(node.get("items"), dict):
        found += [f"{prefix}[]", *paths(schema, node["items"], f"{prefix}[]")]
    if isinstance(node.get("additionalProperties"), dict):
        found += [f"{dot}*", *paths(schema, node["additionalProperties"], f"{dot}*")]
    for branch in node.get("oneOf", []) + node.get("anyOf", []):
        found += [path for path in paths(schema, branch, prefix) if path not in found]
    return found


def table_rows(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("| `")]


def cells(row: str) -> list[str]:
    """The cells of a table row, split on the pipes that are not escaped."""
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row)[1:-1]]


def test_every_supplier_field_is_in_the_reference() -> None:
    schema = json.loads((SCHEMA_DIR / "supplier.schema.json").read_text(encoding="utf-8"))
    expected = paths(schema, schema)
    assert {"contact.email", "prices[].areas", "prices[].areas.*", "prices[].areas.*.*", "maintainers[]"} <= set(
        expected
    )

    reference = field_reference(SCHEMA_DIR, "supplier.schema.json")

    listed = [cells(row)[0].strip("`") for row in table_rows(reference)]
    assert listed == expected  # every field, once, in the schema's order


def test_rows_carry_title_required_type_and_description() -> None:
    reference = field_reference(SCHEMA_DIR, "supplier.schema.json")
    rows = {cells(row)[0]: cells(row)[1:] for row in table_rows(reference)}

    assert reference.startswith("## Utförare\n")
    assert rows["`contact.email`"][:3] == ["E-post", "ja", "text, högst 254 tecken"]
    assert rows["`contact.city`"][:2] == ["Ort", "nej"]
    assert rows["`prices[].areas.*`"][:3] == ["–", "–", "heltal eller grupp av fält"]
    assert rows["`maintainers`"][2] == "lista, minst 1 värde, högst 10 värden"
    assert rows["`ivo_permit.granted`"][2] == "text, datum ÅÅÅÅ-MM-DD"
    assert rows["`accessibility.fur_allergy`"][3].startswith("true om utföraren erbjuder familjehem")


def test_every_schema_of_the_catalogue_renders() -> None:
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        assert table_rows(field_reference(SCHEMA_DIR, path.name)), path.name


def test_enumerations_are_listed() -> None:
    reference = field_reference(SCHEMA_DIR, "sanction.schema.json")
    kind = next(cells(row) for row in table_rows(reference) if row.startswith("| `kind`"))
    assert kind[1:4] == ["Typ av beslut", "ja", "ett av `remark`, `penalty`, `call_off_stop`, `termination`"]


def test_markdown_significant_characters_are_escaped(tmp_path: Path) -> None:
    schema = {
        "title": "Prov | <b>fet</b>",
        "description": "Rad ett\nrad två",
        "type": "object",
        "required": ["a|b"],
        "properties": {
            "a|b": {
                "title": "A *eller* B",
                "description": "Välj x | y, skriv `kod` eller [länk](https://example.se) _nu_.",
                "enum": ["x|y", "z"],
            },
        },
    }
    (tmp_path / "prov.schema.json").write_text(json.dumps(schema), encoding="utf-8")

    reference = field_reference(tmp_path, "prov.schema.json")

    assert reference.startswith("## Prov \\| \\<b\\>fet\\</b\\>\n\nRad ett rad två\n")
    [row] = table_rows(reference)
    assert cells(row) == [
        "`a\\|b`",
        "A \\*eller\\* B",
        "ja",
        "ett av `x\\|y`, `z`",
        "Välj x \\| y, skriv \\`kod\\` eller \\[länk\\](https://example.se) \\_nu\\_.",
    ]
