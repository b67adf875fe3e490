"""The published JSON Schemas: well-formed, fully documented, and they agree with an independent validator."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from tests.conftest import EXAMPLE_CATALOG
from urval.catalog import layout
from urval.catalog.declaration import read_declaration

SCHEMA_DIR = EXAMPLE_CATALOG / "schema"
FRAMEWORK = EXAMPLE_CATALOG / layout.FRAMEWORK_FILE
SCHEMAS = sorted(SCHEMA_DIR.glob("*.json"))


def schema_for(path: Path) -> str:
    relative = path.relative_to(EXAMPLE_CATALOG)
    if relative.as_posix() == layout.FRAMEWORK_FILE:
        return layout.FRAMEWORK.schema
    if relative.as_posix() == layout.ACCOUNTS_FILE:
        return layout.ACCOUNTS.schema
    if relative.parts[0] == layout.REFERENCE_DIR:
        declared = {
            v.name: v.schema for v in read_declaration(yaml.safe_load(FRAMEWORK.read_text("utf-8"))).vocabularies
        }
        return declared.get(path.stem) or layout.REFERENCE_KINDS[path.stem].schema
    return layout.ENTRY_FOLDERS[relative.parts[0]].schema


def example_files() -> list[Path]:
    return sorted(p for p in EXAMPLE_CATALOG.rglob("*.yaml"))


def properties(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield f"{where}.{name}", sub
        for key, value in node.items():
            if key != "properties":
                yield from properties(value, f"{where}/{key}")
        for name, sub in node.get("properties", {}).items():
            yield from properties(sub, f"{where}.{name}")
    elif isinstance(node, list):
        for item in node:
            yield from properties(item, where)


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schema_is_valid_draft_2020_12(path: Path) -> None:
    Draft202012Validator.check_schema(json.loads(path.read_text("utf-8")))


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_every_field_has_a_swedish_title_and_description(path: Path) -> None:
    schema = json.loads(path.read_text("utf-8"))
    assert schema.get("title") and schema.get("description")
    undocumented = [
        name
        for name, sub in properties(schema)
        if "$ref" not in sub and not (sub.get("title") and sub.get("description"))
    ]
    referenced = [
        name for name, sub in properties(schema) if "$ref" in sub and not (sub.get("title") and sub.get("description"))
    ]
    assert undocumented == [] and referenced == []


def test_every_supplier_file_starts_with_the_editor_schema_comment() -> None:
    for path in sorted((EXAMPLE_CATALOG / "suppliers").glob("*.yaml")):
        assert path.read_text("utf-8").startswith("# yaml-language-server: $schema=../schema/supplier.schema.json\n")


def test_examples_validate_with_check_jsonschema() -> None:
    """An independent validator (its own YAML parser) accepts every example file."""
    tool = Path(sys.executable).with_name("check-jsonschema")
    assert tool.exists() or shutil.which("check-jsonschema")
    by_schema: dict[str, list[str]] = {}
    for path in example_files():
        by_schema.setdefault(schema_for(path), []).append(str(path))
    for schema, files in sorted(by_schema.items()):
        result = subprocess.run(
            [str(tool), "--schemafile", str(SCHEMA_DIR / schema), *files], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr
