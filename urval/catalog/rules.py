"""Cross-file rules, run after the schema: an explicit registry of `Rule(id, doc, check)`.

Rules see only documents that passed their schema, so they may rely on its shape. Each rule's
check yields `Finding`s (where, which message, with what values); the runner turns them into
problems carrying the rule's id, so an id is written once, with its rule. Everything
framework-specific (areas, add-ons, dates, vocabularies, price limits) comes from the catalogue.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from urval.catalog.declaration import read_declaration
from urval.catalog.identity import name_key
from urval.catalog.invisible import escape_invisible
from urval.catalog.problems import Problem
from urval.catalog.suggest import forms, list_forms, meant
from urval.catalog.yamlload import Document, Path_
from urval.messages import say
from urval.messages.keys import MessageKey


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

    def did_you_mean(self, list_key: str, written: object) -> str:
        """' Menade du ”stockholm”?' for a code not in the list a supplier field (or `addons`)
        takes its codes from, when the written value is another form of one; else ''."""
        if self.framework is None:
            return ""
        reference = {name: doc.data for name, doc in self.reference.items()}
        declaration = read_declaration(self.framework.data)
        code = meant(written, list_forms(self.framework.data, declaration, reference).get(list_key, {}))
        return say("did_you_mean", key=code) if code else ""

    def codes(self, list_name: str, key: str) -> set[str] | None:
        """The codes a reference list defines, or None when the list itself is broken or missing."""
        document = self.reference.get(list_name)
        return {str(entry[key]) for entry in document.data} if document else None


@dataclass(frozen=True)
class Finding:
    """A problem a rule found, before it is tagged with the rule's id: the document, the path of
    the value (or, with `at_key`, of its key), the message and the message's values."""

    document: Document
    path: Path_
    message: MessageKey
    values: Mapping[str, Any]
    at_key: bool = False

    def problem(self, rule_id: str) -> Problem:
        where = self.document.key_at(self.path) if self.at_key else self.document.at(self.path)
        return Problem(self.document.display, where.line, where.column, say(self.message, **self.values), rule_id)


def at_value(document: Document, path: Path_, message: MessageKey, **values: Any) -> Finding:
    return Finding(document, path, message, values)


def at_key(document: Document, path: Path_, message: MessageKey, **values: Any) -> Finding:
    return Finding(document, path, message, values, at_key=True)


@dataclass(frozen=True)
class Rule:
    id: str  # stable: the `rule` of every problem it reports (json and github formats)
    doc: str  # what it checks, for developers; each message's help text explains it to suppliers
    check: Callable[[RuleContext], Iterator[Finding]]

    def __call__(self, context: RuleContext) -> Iterator[Problem]:
        for finding in self.check(context):
            yield finding.problem(self.id)


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


# --- the framework and reference lists -------------------------------------------------------


def _duplicates(document: Document, items: list[dict[str, Any]], key: str, base: Path_) -> Iterator[Finding]:
    seen: set[Any] = set()
    for index, item in enumerate(items):
        if item[key] in seen:
            yield at_value(document, (*base, index, key), "duplicate_code", code=item[key])
        seen.add(item[key])


# The fields that must be unique within any reference list that has them.
UNIQUE_REFERENCE_FIELDS = ("code", "key", "slug", "scb_code", "letter_code")


def _codes_are_unique(context: RuleContext) -> Iterator[Finding]:
    if context.framework is not None:
        data = context.framework.data
        yield from _duplicates(context.framework, data["areas"], "code", ("areas",))
        yield from _duplicates(context.framework, data["addons"], "code", ("addons",))
    for document in context.reference.values():
        for key in UNIQUE_REFERENCE_FIELDS:
            if all(key in entry for entry in document.data):
                yield from _duplicates(document, document.data, key, ())


def _framework_dates(context: RuleContext) -> Iterator[Finding]:
    doc = context.framework
    if doc is None:
        return
    period, dates = doc.data["period"], doc.data["price_change_dates"]
    if period["end"] < period["start"]:
        yield at_value(doc, ("period", "end"), "period_reversed")
    if dates != sorted(dates):
        yield at_value(doc, ("price_change_dates",), "price_change_dates_unsorted")
    for index, date in enumerate(dates):
        if date <= period["start"]:
            yield at_value(doc, ("price_change_dates", index), "price_change_before_start", date=date)


def _framework_modes(context: RuleContext) -> Iterator[Finding]:
    doc = context.framework
    if doc is None:
        return
    modes = {mode["code"] for mode in doc.data.get("price_modes", [])}
    for index, area in enumerate(doc.data["areas"]):
        if "modes" in area and area["unit"] != "hour":
            yield at_key(doc, ("areas", index, "modes"), "modes_on_daily_area", code=area["code"])
        for position, mode in enumerate(area.get("modes", [])):
            path = ("areas", index, "modes", position)
            if not modes:
                yield at_value(doc, path, "mode_not_declared", mode=mode)
            elif mode not in modes:
                yield at_value(doc, path, "unknown_mode", mode=mode, known=", ".join(sorted(modes)))


# --- suppliers: identity and codes -----------------------------------------------------------


def _id_is_file_name(context: RuleContext) -> Iterator[Finding]:
    for stem, doc in context.suppliers.items():
        if doc.data["id"] != stem:
            yield at_value(doc, ("id",), "id_not_file_name", id=doc.data["id"], stem=stem)


def _org_number_luhn(context: RuleContext) -> Iterator[Finding]:
    for doc in context.suppliers.values():
        number = doc.data["org_number"]
        if not luhn_ok(number.replace("-", "")):
            yield at_value(doc, ("org_number",), "org_number_luhn", number=number)


def _shared(context: RuleContext, key: Callable[[Document], str]) -> Iterator[tuple[Document, list[Document]]]:
    """Each supplier whose `key` another supplier shares, with those others (every one of them is
    reported, so a pull request's own file carries the problem, whichever file came first)."""
    groups: dict[str, list[Document]] = {}
    for _stem, doc in sorted(context.suppliers.items()):
        groups.setdefault(key(doc), []).append(doc)
    for docs in groups.values():
        for doc in docs if len(docs) > 1 else ():
            yield doc, [other for other in docs if other is not doc]


def _files(documents: list[Document]) -> str:
    return ", ".join(doc.display for doc in documents)


def _org_number_unique(context: RuleContext) -> Iterator[Finding]:
    for doc, others in _shared(context, lambda doc: str(doc.data["org_number"])):
        yield at_value(
            doc, ("org_number",), "org_number_duplicate", number=doc.data["org_number"], other=_files(others)
        )


def _name_unique(context: RuleContext) -> Iterator[Finding]:
    for doc, others in _shared(context, lambda doc: name_key(doc.data["name"])):
        names = ", ".join(f"”{escape_invisible(other.data['name'])}”" for other in others)
        yield at_value(doc, ("name",), "name_duplicate", names=names, other=_files(others))


# Core supplier field -> (reference list, its code field, the message for an unknown code).
# The codes of the facts a framework declares are checked by `declaration_rules`.
SUPPLIER_LISTS: dict[str, tuple[str, str, MessageKey]] = {
    "regions": ("regions", "slug", "unknown_region"),
}


def _list_codes_exist(context: RuleContext) -> Iterator[Finding]:
    known = {field: context.codes(list_name, key) for field, (list_name, key, _) in SUPPLIER_LISTS.items()}
    areas = {a["code"] for a in context.framework.data["areas"]} if context.framework else None
    for doc in context.suppliers.values():
        if areas is not None:
            for index, code in enumerate(doc.data["areas"]):
                if code not in areas:
                    known_areas, meant_area = ", ".join(sorted(areas)), context.did_you_mean("areas", code)
                    path: Path_ = ("areas", index)
                    yield at_value(doc, path, "unknown_area", code=code, known=known_areas, suggestion=meant_area)
        for field, (list_name, _key, message) in SUPPLIER_LISTS.items():
            codes = known[field]
            if codes is None:
                continue
            for index, code in enumerate(doc.data.get(field, [])):
                if code not in codes:
                    suggestion = context.did_you_mean(field, code)
                    yield at_value(doc, (field, index), message, code=code, file=list_name, suggestion=suggestion)


# --- suppliers: prices -------------------------------------------------------------------------


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


@dataclass(frozen=True)
class AreaPriceAt:
    """One area's price in one price list, with the framework's terms for the area (None when
    the framework has no such area)."""

    doc: Document
    path: Path_
    code: str
    price: Any
    area: dict[str, Any] | None

    @property
    def modes(self) -> list[str]:
        return self.area.get("modes", []) if self.area else []

    @property
    def shape_ok(self) -> bool:
        """Priced per mode exactly when the area has modes."""
        return self.area is not None and bool(self.modes) == isinstance(self.price, dict)


def _area_prices(doc: Document, terms: PriceTerms) -> Iterator[AreaPriceAt]:
    for index, price_list in enumerate(doc.data["prices"]):
        for code, price in price_list["areas"].items():
            yield AreaPriceAt(doc, ("prices", index, "areas", code), code, price, terms.areas.get(code))


def _addon_prices(doc: Document) -> Iterator[tuple[Path_, str, int]]:
    for index, price_list in enumerate(doc.data["prices"]):
        for code, value in price_list.get("addons", {}).items():
            yield ("prices", index, "addons", code), code, value


def _with_terms(
    check: Callable[[Document, PriceTerms], Iterator[Finding]],
) -> Callable[[RuleContext], Iterator[Finding]]:
    """A price check for every supplier, when the framework (whose terms it needs) is sound."""

    def run(context: RuleContext) -> Iterator[Finding]:
        if context.framework is None:
            return
        terms = PriceTerms.of(context.framework.data)
        for doc in context.suppliers.values():
            yield from check(doc, terms)

    return run


def _meant_code(written: str, known: dict[str, dict[str, Any]]) -> str:
    code = meant(written, forms((code, str(entry.get("name", ""))) for code, entry in known.items()))
    return say("did_you_mean", key=code) if code else ""


def _price_codes_exist(doc: Document, terms: PriceTerms) -> Iterator[Finding]:
    for at in _area_prices(doc, terms):
        if at.area is None:
            suggestion = _meant_code(at.code, terms.areas)
            known = ", ".join(sorted(terms.areas))
            yield at_key(doc, at.path, "unknown_area", code=at.code, known=known, suggestion=suggestion)
        elif at.shape_ok and at.modes:
            for mode in at.price:
                if mode not in at.modes:
                    yield at_key(doc, (*at.path, mode), "unknown_mode", mode=mode, known=", ".join(at.modes))
    for path, code, _value in _addon_prices(doc):
        if code not in terms.addons:
            suggestion = _meant_code(code, terms.addons)
            known = ", ".join(sorted(terms.addons))
            yield at_key(doc, path, "unknown_addon", code=code, known=known, suggestion=suggestion)


def _price_coverage(doc: Document, terms: PriceTerms) -> Iterator[Finding]:
    admitted = doc.data["areas"]
    for index, price_list in enumerate(doc.data["prices"]):
        for code in admitted:
            if code not in price_list["areas"] and code in terms.areas:
                yield at_key(doc, ("prices", index, "areas"), "price_missing_area", code=code)
    for at in _area_prices(doc, terms):
        if at.area is None:
            continue
        if at.code not in admitted:
            yield at_key(doc, at.path, "price_for_area_not_admitted", code=at.code)
        if at.shape_ok and at.modes:
            for mode in at.modes:
                if mode not in at.price:
                    yield at_key(doc, at.path, "price_missing_mode", code=at.code, mode=mode)


def _price_modes(doc: Document, terms: PriceTerms) -> Iterator[Finding]:
    for at in _area_prices(doc, terms):
        if at.area is None or at.shape_ok:
            continue
        if at.modes:
            yield at_value(doc, at.path, "price_needs_modes", code=at.code, modes=", ".join(at.modes))
        else:
            yield at_value(doc, at.path, "price_without_modes", code=at.code)


TOO_HIGH: dict[str, MessageKey] = {"day": "price_too_high_day", "hour": "price_too_high_hour"}


def _bound(doc: Document, path: Path_, value: int, unit: str, terms: PriceTerms) -> Iterator[Finding]:
    if value > terms.limits[unit]:
        yield at_value(doc, path, TOO_HIGH[unit], value=value, limit=terms.limits[unit])


def _price_bound(doc: Document, terms: PriceTerms) -> Iterator[Finding]:
    for at in _area_prices(doc, terms):
        if at.area is None or not at.shape_ok:
            continue
        unit = at.area["unit"]
        if not at.modes:
            yield from _bound(doc, at.path, at.price, unit, terms)
            continue
        for mode, value in at.price.items():
            if mode in at.modes:
                yield from _bound(doc, (*at.path, mode), value, unit, terms)
    for path, code, value in _addon_prices(doc):
        if code in terms.addons:
            yield from _bound(doc, path, value, terms.addons[code]["unit"], terms)


def _price_dates(doc: Document) -> Iterator[tuple[int, str, str | None]]:
    """Each price list's index and start date, with the start date of the one before it."""
    previous = None
    for index, price_list in enumerate(doc.data["prices"]):
        yield index, price_list["valid_from"], previous
        previous = price_list["valid_from"]


def _price_order(context: RuleContext) -> Iterator[Finding]:
    for doc in context.suppliers.values():
        for index, date, previous in _price_dates(doc):
            if previous is not None and date <= previous:
                path = ("prices", index, "valid_from")
                yield at_value(doc, path, "price_lists_out_of_order", date=date, previous=previous)


def _price_date_allowed(context: RuleContext) -> Iterator[Finding]:
    """A list out of order is reported by `price-order` alone."""
    if context.framework is None:
        return
    framework = context.framework.data
    change_dates = framework["price_change_dates"]
    start, end = framework["period"]["start"], framework["period"]["end"]
    for doc in context.suppliers.values():
        for index, date, previous in _price_dates(doc):
            path: Path_ = ("prices", index, "valid_from")
            if previous is not None and date <= previous:
                continue
            if index == 0 and not start <= date <= end:
                yield at_value(doc, path, "first_price_outside_period", date=date, start=start, end=end)
            elif index > 0 and date not in change_dates:
                yield at_value(doc, path, "price_date_not_change_date", date=date, dates=", ".join(change_dates))


def _addons_kept(context: RuleContext) -> Iterator[Finding]:
    """A list not yet in force without `addons:` after one with add-ons: most likely forgotten
    (it would withdraw every add-on). `addons: {}` says it is meant. A list in force is history
    that may not be edited, so it is not judged."""
    for doc in context.suppliers.values():
        lists = doc.data["prices"]
        for index in range(1, len(lists)):
            current, previous = lists[index], lists[index - 1]
            offered = previous.get("addons") or {}
            if "addons" in current or not offered or current["valid_from"] <= context.today:
                continue
            addons = ", ".join(str(code) for code in offered)
            yield at_value(
                doc,
                ("prices", index),
                "price_addons_missing",
                date=current["valid_from"],
                previous=previous["valid_from"],
                addons=addons,
            )


def _codes_exist(context: RuleContext) -> Iterator[Finding]:
    yield from _list_codes_exist(context)
    yield from _with_terms(_price_codes_exist)(context)


# --- dates, follow-ups, sanctions and news ------------------------------------------------------


def _dates_are_past(context: RuleContext) -> Iterator[Finding]:
    """What has already happened (a follow-up, a news post) is not dated later than today; a
    declared permit's date is checked by `declaration_rules`."""
    for doc in (*context.follow_ups.values(), *context.news.values()):
        if doc.data["date"] > context.today:
            yield at_value(doc, ("date",), "date_in_future", date=doc.data["date"])


def _supplier_exists(context: RuleContext) -> Iterator[Finding]:
    for doc in (*context.follow_ups.values(), *context.sanctions.values()):
        supplier = doc.data["supplier"]
        if supplier not in context.supplier_files:
            yield at_value(doc, ("supplier",), "unknown_supplier", supplier=supplier)


def _report_exists(context: RuleContext) -> Iterator[Finding]:
    """Judged without following a link; a report that is there but is a link (or a pipe …) is
    reported by the walk of docs/, at its own path."""
    for doc in context.follow_ups.values():
        report = doc.data.get("report")
        if report and not os.path.lexists(context.docs_dir / report):
            yield at_value(doc, ("report",), "report_missing", report=report)


def _sanction_period(context: RuleContext) -> Iterator[Finding]:
    for doc in context.sanctions.values():
        until, date = doc.data.get("until"), doc.data["date"]
        if until and until < date:
            yield at_value(doc, ("until",), "sanction_ends_before_start", until=until, date=date)


def _termination_is_final(context: RuleContext) -> Iterator[Finding]:
    for doc in context.sanctions.values():
        if doc.data.get("until") and doc.data["kind"] == "termination":
            yield at_key(doc, ("until",), "termination_has_until")


def _news_slugs_unique(context: RuleContext) -> Iterator[Finding]:
    first_seen: dict[str, str] = {}
    for name, doc in sorted(context.news.items()):
        slug = doc.data["slug"]
        if slug in first_seen:
            yield at_value(doc, ("slug",), "news_slug_duplicate", slug=slug, other=first_seen[slug])
        first_seen.setdefault(slug, name)


# --- the registry ------------------------------------------------------------------------------

# Rules about the framework and reference lists run first: entries are judged against them only
# when they are sound, so one broken framework file does not bury every supplier in echoes.
FOUNDATION_RULES: tuple[Rule, ...] = (
    Rule("unique-code", "codes of areas, add-ons and reference lists are unique", _codes_are_unique),
    Rule("framework-dates", "the framework's period and price-change dates are in order", _framework_dates),
    Rule("framework-modes", "only hourly areas have price modes, and only declared ones", _framework_modes),
)

RULES: tuple[Rule, ...] = (
    Rule("id-file-name", "a supplier's id is its file name", _id_is_file_name),
    Rule("org-number-luhn", "an organisation number has a valid check digit", _org_number_luhn),
    Rule("org-number-unique", "no two suppliers share an organisation number", _org_number_unique),
    Rule("name-unique", "no two suppliers' names read the same (case, spaces, look-alike letters)", _name_unique),
    Rule("known-code", "every code a supplier uses or prices is defined in the catalogue", _codes_exist),
    Rule("price-coverage", "every admitted area (and mode) is priced, and only those", _with_terms(_price_coverage)),
    Rule("price-modes", "an area with modes is priced per mode, others with one amount", _with_terms(_price_modes)),
    Rule("price-bound", "no price is above the framework's limit for its unit", _with_terms(_price_bound)),
    Rule("price-order", "price lists stand oldest first", _price_order),
    Rule("price-date", "the first list starts in the period, later ones on a price-change date", _price_date_allowed),
    Rule("price-addons", "a list not yet in force keeps `addons:` when the list before it has some", _addons_kept),
    Rule("date-future", "nothing that has happened is dated in the future", _dates_are_past),
    Rule("known-supplier", "follow-ups and sanctions name an existing supplier", _supplier_exists),
    Rule("report-file", "a follow-up's report file exists under docs/", _report_exists),
    Rule("date-order", "a sanction ends after it starts", _sanction_period),
    Rule("sanction-until", "a termination has no end date", _termination_is_final),
    Rule("unique-slug", "every news post has its own slug", _news_slugs_unique),
)
