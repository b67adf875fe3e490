"""Synthetic catalogues of any size for benchmarks and scale tests: seeded, deterministic, valid.

The framework and reference lists are copied from a template catalogue, so the suppliers use
whatever areas, add-ons and vocabularies that catalogue defines.

    python -m urval.catalog.synth --count 10000 --out /tmp/catalog-10k [--seed 1] [--template catalog]
"""

from __future__ import annotations

import argparse
import random
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from urval.catalog import layout
from urval.catalog.declaration import Fact, read_declaration

NAME_FIRST = ["Björk", "Ek", "Lind", "Sol", "Ljung", "Fjäll", "Sjö", "Äng", "Ros", "Gran", "Asp", "Berg", "Dal", "Å"]
NAME_SECOND = ["backen", "dalen", "gården", "viken", "udden", "lunden", "hagen", "vägen", "torpet", "stranden"]
NAME_KIND = ["Familjevård", "Konsulentstöd", "Familjehem", "Omsorg", "Stöd & Handledning"]
CITIES = ["Uppsala", "Örebro", "Luleå", "Malmö", "Göteborg", "Växjö", "Umeå", "Karlstad", "Gävle", "Visby"]


def luhn_digit(digits: str) -> int:
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return (10 - total % 10) % 10


def org_number(index: int) -> str:
    body = f"55{index:07d}"
    return f"{body[:6]}-{body[6:]}{luhn_digit(body)}"


def _codes(catalog: Path, list_name: str, key: str) -> list[str]:
    path = catalog / layout.REFERENCE_DIR / f"{list_name}{layout.YAML_SUFFIX}"
    return [str(item[key]) for item in yaml.safe_load(path.read_text(encoding="utf-8"))]


class SupplierFactory:
    def __init__(self, template: Path, seed: int) -> None:
        self.random = random.Random(seed)
        self.framework: dict[str, Any] = yaml.safe_load((template / layout.FRAMEWORK_FILE).read_text("utf-8"))
        self.regions = _codes(template, "regions", "slug")
        self.declaration = read_declaration(self.framework)
        self.codes = {v.name: _codes(template, v.name, v.code) for v in self.declaration.vocabularies}

    def fact(self, fact: Fact) -> Any:
        """A random value of a declared fact's kind, within its bounds; every fact is stated."""
        rnd = self.random
        if fact.kind == "yes_no":
            return rnd.random() < 0.6
        if fact.kind == "number":
            low = fact.minimum if fact.minimum is not None else 0
            return rnd.randint(low, min(fact.maximum if fact.maximum is not None else low + 40, low + 40))
        if fact.kind == "text":
            return "Syntetisk uppgift"[: fact.max_length or None]
        if fact.kind == "codes":
            codes = self.codes[fact.vocabulary]
            return self._some(codes, max(1, fact.min_items or 0), 4)
        if fact.kind == "flags":
            return {code: rnd.random() < 0.4 for code in self.codes[fact.vocabulary]}
        if fact.kind == "permit":
            return {"reference": f"8.1-{rnd.randint(1000, 99999)}/2020", "granted": "2020-01-15"}
        return {part.key: self.fact(part) for part in fact.parts}

    def _some(self, values: Sequence[str], low: int, high: int) -> list[str]:
        return sorted(self.random.sample(list(values), self.random.randint(low, min(high, len(values)))))

    def _base_price(self, unit: str) -> int:
        return self.random.randrange(1500, 3500, 10) if unit == "day" else self.random.randrange(600, 1300, 10)

    def _price_lists(self, areas: list[dict[str, Any]], addons: list[dict[str, Any]]) -> list[dict[str, Any]]:
        start = str(self.framework["period"]["start"])
        changes = [str(d) for d in self.framework["price_change_dates"]]
        dates = [start, *sorted(self.random.sample(changes, self.random.randint(0, len(changes))))]
        base_areas = {a["code"]: self._base_price(a["unit"]) for a in areas}
        base_addons = {a["code"]: self._base_price(a["unit"]) // 3 for a in addons}
        lists = []
        for step, valid_from in enumerate(dates):
            factor = 1 + 0.04 * step
            area_prices: dict[str, Any] = {}
            for area in areas:
                price = round(base_areas[area["code"]] * factor)
                modes = area.get("modes")
                area_prices[area["code"]] = {m: price - 100 * i for i, m in enumerate(modes)} if modes else price
            lists.append(
                {
                    "valid_from": valid_from,
                    "areas": area_prices,
                    "addons": {code: round(price * factor) for code, price in base_addons.items()},
                }
            )
        return lists

    def supplier(self, index: int) -> dict[str, Any]:
        rnd = self.random
        name = f"{rnd.choice(NAME_FIRST)}{rnd.choice(NAME_SECOND)}s {rnd.choice(NAME_KIND)} {index} (syntetisk)"
        ident = f"syntetisk-{index:06d}"
        areas = rnd.sample(self.framework["areas"], rnd.randint(1, len(self.framework["areas"])))
        areas.sort(key=lambda a: a["code"])
        addons = rnd.sample(self.framework["addons"], rnd.randint(0, len(self.framework["addons"])))
        addons.sort(key=lambda a: a["code"])
        return {
            "id": ident,
            "name": name,
            "org_number": org_number(index),
            "website": f"https://{ident}.example.se",
            "contact": {
                "email": f"avrop@{ident}.example.se",
                "phone": f"+46 8 {index:06d}"[:16],
                "city": rnd.choice(CITIES),
            },
            "maintainers": [f"{ident}-it"],
            "description": "Syntetisk utförare för prestandamätningar. Uppgifterna är slumpade och fiktiva.",
            "areas": [a["code"] for a in areas],
            "regions": self._some(self.regions, 1, 6),
            **{fact.key: self.fact(fact) for fact in self.declaration.facts},
            "prices": self._price_lists(areas, addons),
        }


def _dump(path: Path, data: Any, schema: str | None = None) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    header = f"# yaml-language-server: $schema=../schema/{schema}\n" if schema else ""
    path.write_text(header + text, encoding="utf-8")


def write_catalog(out: Path, count: int, seed: int = 1, template: Path = Path("catalog")) -> Path:
    """Write a complete catalogue with `count` synthetic suppliers into `out` (replacing it)."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copytree(template / layout.SCHEMA_DIR, out / layout.SCHEMA_DIR)
    shutil.copytree(template / layout.REFERENCE_DIR, out / layout.REFERENCE_DIR)
    shutil.copy2(template / layout.FRAMEWORK_FILE, out / layout.FRAMEWORK_FILE)
    factory = SupplierFactory(template, seed)
    for folder in layout.ENTRY_FOLDERS:
        (out / folder).mkdir()
    period_start = str(factory.framework["period"]["start"])
    for index in range(1, count + 1):
        supplier = factory.supplier(index)
        _dump(out / "suppliers" / f"{supplier['id']}.yaml", supplier, layout.SUPPLIER.schema)
        if index % 10 == 0:
            follow_up = {
                "supplier": supplier["id"],
                "date": period_start,
                "kind": "survey",
                "outcome": "no_remarks",
                "summary": "Årlig enkät utan anmärkningar (syntetisk).",
            }
            _dump(out / "follow_ups" / f"enkat-{supplier['id']}.yaml", follow_up)
        if index % 97 == 0:
            sanction = {
                "supplier": supplier["id"],
                "date": period_start,
                "kind": "call_off_stop",
                "reason": "Syntetiskt avropsstopp för prestandamätningar.",
            }
            _dump(out / "sanctions" / f"stopp-{supplier['id']}.yaml", sanction)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic catalogue.")
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--template", type=Path, default=Path("catalog"))
    args = parser.parse_args(argv)
    write_catalog(args.out, args.count, args.seed, args.template)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
