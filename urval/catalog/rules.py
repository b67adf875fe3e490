"""Cross-file rules, run after the schema: one registry, each rule a generator of problems.

Rules see only documents that passed their schema, so they may rely on its shape. Everything
framework-specific (areas, add-ons, dates, vocabularies, price limits) comes from the catalogue.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from urval.catalog.problems import Problem
from urval.catalog.yamlload import Document, Path_
from urval.messages import say


@dataclass(frozen=True)
class RuleContext:
    framework: Document | None
    reference: dict[str, Document]
    suppliers: dict[str, Document]
    follow_ups: dict[str, Document]
    sanctions: dict[str, Document]
    news: dict[str, Document]
    supplier_files: frozenset[str]
    docs_dir: Path
    today: str

    def codes(self, list_name: str, key: str) -> set[str] | None:
        """The codes a reference list defines, or None when the list itself is broken or missing."""
        document = self.reference.get(list_name)
        return {str(entry[key]) for entry in document.data} if document else None


Rule = Callable[[RuleContext], Iterator[Problem]]
# Rules about the framework and reference lists run first: entries are judged against them only
# when they are sound, so one broken framework file does not bury every supplier in echoes.
FOUNDATION_RULES: list[Rule] = []
RULES: list[Rule] = []


def rule(function: Rule) -> Rule:
    RULES.append(function)
    return function


def foundation_rule(function: Rule) -> Rule:
    FOUNDATION_RULES.append(function)
    return function


def at_value(document: Document, path: Path_, rule_name: str, message_key: str, **values: Any) -> Problem:
    where = document.at(path)
    return Problem(document.display, where.line, where.column, say(message_key, **values), rule_name)


def at_key(document: Document, path: Path_, rule_name: str, message_key: str, **values: Any) -> Problem:
    where = document.key_at(path)
    return Problem(document.display, where.line, where.column, say(message_key, **values), rule_name)


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


# --- the framework and reference lists -------------------------------------------------------


def _duplicates(document: Document, items: list[dict[str, Any]], key: str, base: Path_) -> Iterator[Problem]:
    seen: set[Any] = set()
    for index, item in enumerate(items):
        if item[key] in seen:
            yield at_value(document, (*base, index, key), "unique-code", "duplicate_code", code=item[key])
        seen.add(item[key])


@foundation_rule
def framework_is_consistent(context: RuleContext) -> Iterator[Problem]:
    doc = context.framework
    if doc is None:
        return
    data = doc.data
    yield from _duplicates(doc, data["areas"], "code", ("areas",))
    yield from _duplicates(doc, data["addons"], "code", ("addons",))
    if data["period"]["end"] < data["period"]["start"]:
        yield at_value(doc, ("period", "end"), "date-order", "period_reversed")
    dates = data["price_change_dates"]
    if dates != sorted(dates):
        yield at_value(doc, ("price_change_dates",), "date-order", "price_change_dates_unsorted")
    for index, date in enumerate(dates):
        if date <= data["period"]["start"]:
            yield at_value(doc, ("price_change_dates", index), "date-order", "price_change_before_start", date=date)
    modes = {mode["code"] for mode in data.get("price_modes", [])}
    for index, area in enumerate(data["areas"]):
        if "modes" in area and area["unit"] != "hour":
            yield at_key(doc, ("areas", index, "modes"), "area-modes", "modes_on_daily_area", code=area["code"])
        for position, mode in enumerate(area.get("modes", [])):
            if mode not in modes:
                yield at_value(
                    doc,
                    ("areas", index, "modes", position),
                    "known-code",
                    "unknown_mode",
                    mode=mode,
                    known=", ".join(sorted(modes)) or "–",
                )


# The fields that must be unique within each reference list.
UNIQUE_REFERENCE_FIELDS = {
    "regions": ("slug", "scb_code", "letter_code"),
    "languages": ("code",),
    "target_groups": ("slug",),
    "methods": ("slug",),
    "accessibility": ("key", "slug"),
    "certifications": ("key", "slug"),
}


@foundation_rule
def reference_lists_are_unique(context: RuleContext) -> Iterator[Problem]:
    for name, document in context.reference.items():
        for key in UNIQUE_REFERENCE_FIELDS.get(name, ()):
            yield from _duplicates(document, document.data, key, ())


# --- suppliers ------------------------------------------------------------------------------


@rule
def supplier_id_is_file_name(context: RuleContext) -> Iterator[Problem]:
    for stem, doc in context.suppliers.items():
        if doc.data["id"] != stem:
            yield at_value(doc, ("id",), "id-file-name", "id_not_file_name", id=doc.data["id"], stem=stem)


@rule
def org_numbers_are_valid_and_unique(context: RuleContext) -> Iterator[Problem]:
    first_seen: dict[str, str] = {}
    for stem, doc in sorted(context.suppliers.items()):
        number = doc.data["org_number"]
        if not luhn_ok(number.replace("-", "")):
            yield at_value(doc, ("org_number",), "org-number-luhn", "org_number_luhn", number=number)
        if number in first_seen:
            yield at_value(
                doc,
                ("org_number",),
                "org-number-unique",
                "org_number_duplicate",
                number=number,
                other=first_seen[number],
            )
        else:
            first_seen[number] = stem


SUPPLIER_LISTS = {
    "regions": ("regions", "slug", "unknown_region"),
    "languages": ("languages", "code", "unknown_language"),
    "target_groups": ("target_groups", "slug", "unknown_target_group"),
    "methods": ("methods", "slug", "unknown_method"),
}


@rule
def supplier_codes_exist(context: RuleContext) -> Iterator[Problem]:
    known = {field: context.codes(list_name, key) for field, (list_name, key, _) in SUPPLIER_LISTS.items()}
    areas = {a["code"] for a in context.framework.data["areas"]} if context.framework else None
    for doc in context.suppliers.values():
        if areas is not None:
            for index, code in enumerate(doc.data["areas"]):
                if code not in areas:
                    yield at_value(
                        doc, ("areas", index), "known-code", "unknown_area", code=code, known=", ".join(sorted(areas))
                    )
        for field, (list_name, _key, message) in SUPPLIER_LISTS.items():
            codes = known[field]
            if codes is None:
                continue
            for index, code in enumerate(doc.data.get(field, [])):
                if code not in codes:
                    yield at_value(doc, (field, index), "known-code", message, code=code, file=list_name)


@dataclass(frozen=True)
class PriceTerms:
    """What the framework says a price list may contain."""

    areas: dict[str, dict[str, Any]]
    addons: dict[str, dict[str, Any]]
    limits: dict[str, int]

    @classmethod
    def of(cls, framework: dict[str, Any]) -> PriceTerms:
        return cls(
            areas={a["code"]: a for a in framework["areas"]},
            addons={a["code"]: a for a in framework["addons"]},
            limits=framework["price_limits"],
        )

    def bound(self, doc: Document, path: Path_, value: int, unit: str) -> Iterator[Problem]:
        if value > self.limits[unit]:
            yield at_value(doc, path, "price-bound", f"price_too_high_{unit}", value=value, limit=self.limits[unit])

    def area_problems(self, doc: Document, base: Path_, prices: dict[str, Any]) -> Iterator[Problem]:
        admitted = doc.data["areas"]
        for code in admitted:
            if code not in prices and code in self.areas:
                yield at_key(doc, base, "price-coverage", "price_missing_area", code=code)
        for code, price in prices.items():
            area = self.areas.get(code)
            if area is None:
                yield at_key(
                    doc, (*base, code), "known-code", "unknown_area", code=code, known=", ".join(sorted(self.areas))
                )
                continue
            if code not in admitted:
                yield at_key(doc, (*base, code), "price-coverage", "price_for_area_not_admitted", code=code)
            yield from self.mode_problems(doc, (*base, code), area, price)

    def mode_problems(self, doc: Document, path: Path_, area: dict[str, Any], price: Any) -> Iterator[Problem]:
        code, modes = area["code"], area.get("modes")
        if modes and not isinstance(price, dict):
            yield at_value(doc, path, "price-modes", "price_needs_modes", code=code, modes=", ".join(modes))
        elif not modes and isinstance(price, dict):
            yield at_value(doc, path, "price-modes", "price_without_modes", code=code)
        elif not modes:
            yield from self.bound(doc, path, price, area["unit"])
        else:
            for mode in modes:
                if mode not in price:
                    yield at_key(doc, path, "price-coverage", "price_missing_mode", code=code, mode=mode)
            for mode, value in price.items():
                if mode in modes:
                    yield from self.bound(doc, (*path, mode), value, area["unit"])
                else:
                    yield at_key(doc, (*path, mode), "known-code", "unknown_mode", mode=mode, known=", ".join(modes))

    def addon_problems(self, doc: Document, base: Path_, prices: dict[str, int]) -> Iterator[Problem]:
        for code, value in prices.items():
            addon = self.addons.get(code)
            if addon is None:
                yield at_key(
                    doc, (*base, code), "known-code", "unknown_addon", code=code, known=", ".join(sorted(self.addons))
                )
            else:
                yield from self.bound(doc, (*base, code), value, addon["unit"])


@rule
def supplier_prices_are_complete(context: RuleContext) -> Iterator[Problem]:
    if context.framework is None:
        return
    terms = PriceTerms.of(context.framework.data)
    for doc in context.suppliers.values():
        for index, price_list in enumerate(doc.data["prices"]):
            yield from terms.area_problems(doc, ("prices", index, "areas"), price_list["areas"])
            yield from terms.addon_problems(doc, ("prices", index, "addons"), price_list.get("addons", {}))


@rule
def supplier_price_dates(context: RuleContext) -> Iterator[Problem]:
    if context.framework is None:
        return
    framework = context.framework.data
    change_dates = framework["price_change_dates"]
    start, end = framework["period"]["start"], framework["period"]["end"]
    for doc in context.suppliers.values():
        previous = None
        for index, price_list in enumerate(doc.data["prices"]):
            valid_from = price_list["valid_from"]
            path: Path_ = ("prices", index, "valid_from")
            if previous is not None and valid_from <= previous:
                yield at_value(doc, path, "price-order", "price_lists_out_of_order", date=valid_from, previous=previous)
            elif index == 0 and not start <= valid_from <= end:
                yield at_value(
                    doc, path, "price-date", "first_price_outside_period", date=valid_from, start=start, end=end
                )
            elif index > 0 and valid_from not in change_dates:
                yield at_value(
                    doc,
                    path,
                    "price-date",
                    "price_date_not_change_date",
                    date=valid_from,
                    dates=", ".join(change_dates),
                )
            previous = valid_from


@rule
def supplier_dates_are_past(context: RuleContext) -> Iterator[Problem]:
    for doc in context.suppliers.values():
        granted = doc.data.get("ivo_permit", {}).get("granted")
        if granted and granted > context.today:
            yield at_value(doc, ("ivo_permit", "granted"), "date-future", "date_in_future", date=granted)


# --- follow-ups and sanctions ---------------------------------------------------------------


def _names_supplier(context: RuleContext, doc: Document) -> Iterator[Problem]:
    supplier = doc.data["supplier"]
    if supplier not in context.supplier_files:
        yield at_value(doc, ("supplier",), "known-supplier", "unknown_supplier", supplier=supplier)


@rule
def follow_ups_are_sound(context: RuleContext) -> Iterator[Problem]:
    for doc in context.follow_ups.values():
        yield from _names_supplier(context, doc)
        date = doc.data["date"]
        if date > context.today:
            yield at_value(doc, ("date",), "date-future", "date_in_future", date=date)
        report = doc.data.get("report")
        if report and not (context.docs_dir / report).is_file():
            yield at_value(doc, ("report",), "report-file", "report_missing", report=report)


@rule
def sanctions_are_sound(context: RuleContext) -> Iterator[Problem]:
    for doc in context.sanctions.values():
        yield from _names_supplier(context, doc)
        until = doc.data.get("until")
        if until and until < doc.data["date"]:
            yield at_value(
                doc, ("until",), "date-order", "sanction_ends_before_start", until=until, date=doc.data["date"]
            )
        if until and doc.data["kind"] == "termination":
            yield at_key(doc, ("until",), "sanction-until", "termination_has_until")


@rule
def news_are_sound(context: RuleContext) -> Iterator[Problem]:
    first_seen: dict[str, str] = {}
    for name, doc in sorted(context.news.items()):
        slug, date = doc.data["slug"], doc.data["date"]
        if slug in first_seen:
            yield at_value(doc, ("slug",), "unique-code", "news_slug_duplicate", slug=slug, other=first_seen[slug])
        first_seen.setdefault(slug, name)
        if date > context.today:
            yield at_value(doc, ("date",), "date-future", "date_in_future", date=date)
