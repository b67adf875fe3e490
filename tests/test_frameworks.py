"""Any framework, no code change: a third framework with facts neither example has, written
here into a temporary folder, is checked and built by the same code."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_CATALOG, EXAMPLE_DOCS
from tests.site_support import build, model_of
from urval.catalog.check import check_catalog
from urval.catalog.supplier_schema import main as write_supplier_schema

FRAMEWORK = """\
name: Stödboende för unga 16–20 år (test)
organisation: Testkommunernas inköpscentral
period: {start: 2024-01-01, end: 2027-12-31}
price_change_dates: [2025-01-01]
price_limits: {day: 20000, hour: 5000}
areas:
  - {code: S, name: Stödboende för unga 16–20 år, short_name: Stödboende, unit: day}
addons:
  - {code: X1, name: Extra stödtimmar, unit: hour}
words: {offers: stödboenden}
vocabularies:
  - {name: support_levels, schema: vocabulary.schema.json, code: slug}
sections:
  - {key: boendet, title: Boendet}
facts:
  - {key: places, kind: number, section: boendet, required: true, title: Antal lägenheter, unit: lägenheter,
     description: Antal lägenheter i stödboendet., minimum: 1, maximum: 80, column: lagenheter}
  - {key: drug_testing, kind: yes_no, section: boendet, required: true, title: Drogtester,
     description: true om boendet gör regelbundna drogtester., column: drogtester}
  - key: support_level
    kind: codes
    vocabulary: support_levels
    section: boendet
    title: Stödnivå
    description: Stödnivåer som boendet erbjuder.
    criterion:
      name: support_level
      param: stod
      filter: Stödnivå
      page: {path: stodniva, title: Stödnivåer, one: Stödnivå}
"""

LEVELS = """\
- {slug: dagtid, name: Stöd dagtid}
- {slug: dygnet-runt, name: Personal dygnet runt}
"""


def supplier(ident: str, org: str, places: int, testing: bool, levels: str) -> str:
    return f"""\
id: {ident}
name: {ident.capitalize()} stödboende AB
org_number: "{org}"
contact: {{email: info@{ident}.example.se, phone: "08-123 45 67"}}
maintainers: [{ident}-it]
description: Ett fiktivt stödboende för unga vuxna.
areas: [S]
regions: [stockholm]
places: {places}
drug_testing: {str(testing).lower()}
support_level: [{levels}]
prices:
  - valid_from: 2024-01-01
    areas: {{S: 1900}}
    addons: {{X1: 450}}
"""


@pytest.fixture
def third(workdir: Path) -> Path:
    catalog = workdir / "catalog"
    (catalog / "reference").mkdir(parents=True)
    (catalog / "suppliers").mkdir()
    shutil.copytree(EXAMPLE_CATALOG / "schema", catalog / "schema")
    (catalog / "schema" / "supplier.schema.json").unlink()
    shutil.copy(EXAMPLE_CATALOG / "reference" / "regions.yaml", catalog / "reference")
    (catalog / "reference" / "support_levels.yaml").write_text(LEVELS, encoding="utf-8")
    (catalog / "ramavtal.yaml").write_text(FRAMEWORK, encoding="utf-8")
    (catalog / "suppliers" / "alfa.yaml").write_text(supplier("alfa", "556677-8899", 12, True, "dygnet-runt"), "utf-8")
    (catalog / "suppliers" / "beta.yaml").write_text(supplier("beta", "556036-0793", 4, False, "dagtid"), "utf-8")
    shutil.copytree(EXAMPLE_DOCS, workdir / "docs")
    for post in (workdir / "docs" / "nyheter" / "posts").glob("*.md"):
        post.unlink()
    return catalog


def test_a_missing_supplier_schema_is_a_located_problem_until_generated(third: Path) -> None:
    result = check_catalog(third)
    assert [(p.file, p.rule) for p in result.problems] == [("catalog/schema/supplier.schema.json", "supplier-schema")]
    assert "python -m urval.catalog.supplier_schema --catalog catalog" in result.problems[0].message
    assert write_supplier_schema(["--catalog", str(third)]) == 0
    assert check_catalog(third).problems == []
    schema = json.loads((third / "schema" / "supplier.schema.json").read_text("utf-8"))
    assert schema["properties"]["drug_testing"] == {
        "title": "Drogtester",
        "description": "true om boendet gör regelbundna drogtester.",
        "type": "boolean",
    }
    assert "stödboenden" in schema["properties"]["regions"]["description"]


def test_a_third_framework_checks_and_builds(third: Path, workdir: Path) -> None:
    write_supplier_schema(["--catalog", str(third)])
    (third / "suppliers" / "beta.yaml").write_text(
        supplier("beta", "556036-0793", 4, False, "dagtid").replace("drug_testing: false", "drug_testing: nej"), "utf-8"
    )
    (third / "suppliers" / "alfa.yaml").write_text(supplier("alfa", "556677-8899", 12, True, "okand"), "utf-8")
    messages = [p.message for p in check_catalog(third).problems]
    assert any(m.startswith("Drogtester: ”nej” ska vara true eller false.") for m in messages), messages
    assert "Stödnivå: koden okand finns inte i reference/support_levels.yaml. Välj en kod därifrån." in messages
    (third / "suppliers" / "beta.yaml").write_text(supplier("beta", "556036-0793", 4, False, "dagtid"), "utf-8")
    (third / "suppliers" / "alfa.yaml").write_text(supplier("alfa", "556677-8899", 12, True, "dygnet-runt"), "utf-8")
    catalogue = model_of(third, dt.date(2024, 6, 1))
    alfa = catalogue.supplier_by_id["alfa"]
    assert [(s.fact.key, s.value) for s in alfa.facts[:2]] == [("places", 12), ("drug_testing", True)]
    assert alfa.meets("support_level", "dygnet-runt") and not alfa.meets("support_level", "dagtid")
    assert [(c.name, c.param) for c in catalogue.criteria] == [("support_level", "stod")]
    site = workdir / "site"
    build(third, site, dt.date(2024, 6, 1))
    page = (site / "utforare" / "alfa" / "index.html").read_text("utf-8")
    assert "12 lägenheter" in page and "Drogtester" in page and 'data-pagefind-filter="Stödnivå"' in page
    assert "Utföraren erbjuder stödboenden i 1 av 21 län" in page
    assert (site / "stodniva" / "dygnet-runt" / "index.html").is_file()
    data = json.loads((site / "data" / "utforare.json").read_text("utf-8"))
    assert data["suppliers"][0]["drug_testing"] is True
    assert "lagenheter" in (site / "data" / "utforare.csv").read_text("utf-8").splitlines()[0]
