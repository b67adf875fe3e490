"""`serve` checks again after every edit with a cache of each file's outcome: it must reuse what
did not change and never miss what did."""

from __future__ import annotations

import json
from pathlib import Path

from urval.catalog.check import CheckCache, check_catalog

SUPPLIER = "bjorkstigen-familjestod"


def _documents(catalog: Path, cache: CheckCache) -> dict[str, object]:
    result = check_catalog(catalog, cache=cache)
    assert result.ok, result.problems
    return {name: loaded.document for name, loaded in result.catalog.entries["suppliers"].items()}


def test_unchanged_files_are_not_read_again(catalog: Path) -> None:
    cache = CheckCache()
    before = _documents(catalog, cache)
    path = catalog / "suppliers" / f"{SUPPLIER}.yaml"
    path.write_text(path.read_text("utf-8").replace("city: ", "city: Nya ", 1), "utf-8")
    after = _documents(catalog, cache)
    assert after[SUPPLIER] is not before[SUPPLIER]
    assert all(after[name] is before[name] for name in before if name != SUPPLIER)


def test_an_edit_that_breaks_a_file_is_reported(catalog: Path) -> None:
    cache = CheckCache()
    _documents(catalog, cache)
    path = catalog / "suppliers" / f"{SUPPLIER}.yaml"
    path.write_text(path.read_text("utf-8").replace("org_number:", "org_nummer:", 1), "utf-8")
    assert check_catalog(catalog, cache=cache).problems == check_catalog(catalog).problems != []


def test_a_removed_file_is_forgotten(catalog: Path) -> None:
    cache = CheckCache()
    _documents(catalog, cache)
    (catalog / "suppliers" / f"{SUPPLIER}.yaml").unlink()
    result = check_catalog(catalog, cache=cache)
    assert SUPPLIER not in result.catalog.entries["suppliers"]
    assert result.problems == check_catalog(catalog).problems


def test_a_changed_schema_checks_every_file_again(catalog: Path) -> None:
    cache = CheckCache()
    _documents(catalog, cache)
    schema_path = catalog / "schema" / "follow_up.schema.json"
    schema = json.loads(schema_path.read_text("utf-8"))
    schema["required"] = [*schema.get("required", []), "ny_uppgift"]
    schema_path.write_text(json.dumps(schema), "utf-8")
    cached = check_catalog(catalog, cache=cache).problems
    assert cached == check_catalog(catalog).problems
    assert any("ny_uppgift" in problem.message for problem in cached)
