"""Rules that follow from a framework's declaration of supplier facts.

`declaration_findings` judges the declaration itself (run before the supplier schema is
generated from it); `DECLARED_RULES` judge the suppliers by it: the codes of declared
vocabularies exist, and a permit was not granted in the future.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache

from urval.catalog.declaration import Declaration, Fact, read_declaration
from urval.catalog.rules import Finding, Rule, RuleContext, at_key, at_value
from urval.catalog.supplier_schema import CORE_SCHEMA
from urval.catalog.yamlload import Document, Path_
from urval.messages.keys import MessageKey

# What each kind of fact needs besides the common fields (checked here: the framework schema
# cannot say "this field when that kind").
NEEDS: dict[str, tuple[str, ...]] = {
    "codes": ("vocabulary",),
    "flags": ("vocabulary",),
    "permit": ("reference", "granted"),
    "group": ("parts",),
}
CRITERION_KINDS = ("codes", "flags")


@cache
def core_keys() -> frozenset[str]:
    return frozenset(json.loads(CORE_SCHEMA.read_text(encoding="utf-8"))["properties"])


def _fact_path(index: int, *rest: str | int) -> Path_:
    return ("facts", index, *rest)


def _shape(doc: Document, index: int, data: dict[str, object], declaration: Declaration) -> Iterator[Finding]:
    kind = str(data["kind"])
    for field in NEEDS.get(kind, ()):
        if field not in data:
            yield at_key(doc, _fact_path(index, "kind"), "declared_kind_needs", kind=kind, field=field)
    if "criterion" in data and kind not in CRITERION_KINDS:
        yield at_key(doc, _fact_path(index, "criterion"), "declared_criterion_kind", kind=kind)
    sections = [s.key for s in declaration.sections]
    if data["section"] not in sections:
        path = _fact_path(index, "section")
        yield at_value(doc, path, "declared_section_unknown", section=data["section"], known=", ".join(sections) or "–")
    vocabularies = [v.name for v in declaration.vocabularies]
    if "vocabulary" in data and data["vocabulary"] not in vocabularies:
        path = _fact_path(index, "vocabulary")
        known = ", ".join(vocabularies) or "–"
        yield at_value(doc, path, "declared_vocabulary_unknown", vocabulary=data["vocabulary"], known=known)


def _keys(doc: Document, facts: list[dict[str, object]]) -> Iterator[Finding]:
    seen: dict[str, str] = {}
    for index, data in enumerate(facts):
        key = str(data["key"])
        where = "kärnan" if key in core_keys() else seen.get(key)
        if where:
            yield at_value(doc, _fact_path(index, "key"), "declared_key_taken", key=key, where=where)
        seen.setdefault(key, f"facts[{index}]")


def _criteria(doc: Document, facts: list[dict[str, object]]) -> Iterator[Finding]:
    seen: dict[tuple[str, str], str] = {}
    for index, data in enumerate(facts):
        criterion = data.get("criterion")
        if not isinstance(criterion, dict):
            continue
        page = criterion.get("page") or {}
        values = {"name": criterion["name"], "param": criterion["param"], "filter": criterion["filter"]}
        if page:
            values["page"] = page["path"]
        for field, value in values.items():
            other = seen.setdefault((field, str(value)), str(data["key"]))
            if other != data["key"]:
                path = _fact_path(index, "criterion", *(("page", "path") if field == "page" else (field,)))
                yield at_value(doc, path, "declared_criterion_duplicate", value=value, other=other)


def declaration_findings(doc: Document) -> list[Finding]:
    """What is wrong with the framework's declaration (its schema has passed)."""
    declaration = read_declaration(doc.data)
    facts: list[dict[str, object]] = doc.data.get("facts", [])
    found = [finding for index, data in enumerate(facts) for finding in _shape(doc, index, data, declaration)]
    return [*found, *_keys(doc, facts), *_criteria(doc, facts)]


# --- suppliers, judged by the declaration ------------------------------------------------------


def _unknown(doc: Document, fact: Fact, index: int, code: str, suggestion: str) -> Finding:
    path = (fact.key, index)
    file = fact.vocabulary
    if fact.unknown is None:
        title = fact.title
        message: MessageKey = "unknown_vocabulary_code_plain"
        return at_value(doc, path, message, title=title, code=code, file=file, suggestion=suggestion)
    hint = f" {fact.unknown.hint}" if fact.unknown.hint else ""
    what = fact.unknown.what
    return at_value(
        doc, path, "unknown_vocabulary_code", what=what, code=code, file=file, hint=hint, suggestion=suggestion
    )


def _declared_codes_exist(context: RuleContext) -> Iterator[Finding]:
    if context.framework is None:
        return
    declaration = read_declaration(context.framework.data)
    for fact in declaration.facts:
        vocabulary = declaration.vocabulary(fact.vocabulary)
        if fact.kind != "codes" or vocabulary is None:
            continue
        codes = context.codes(vocabulary.name, vocabulary.code)
        if codes is None:
            continue
        for doc in context.suppliers.values():
            for index, code in enumerate(doc.data.get(fact.key, [])):
                if code not in codes:
                    yield _unknown(doc, fact, index, code, context.did_you_mean(fact.key, code))


def _permits_are_past(context: RuleContext) -> Iterator[Finding]:
    if context.framework is None:
        return
    permits = [fact.key for fact in read_declaration(context.framework.data).facts if fact.kind == "permit"]
    for doc in context.suppliers.values():
        for key in permits:
            granted = doc.data.get(key, {}).get("granted")
            if granted and granted > context.today:
                yield at_value(doc, (key, "granted"), "date_in_future", date=granted)


DECLARED_RULES: tuple[Rule, ...] = (
    Rule("declared-code", "every code a supplier uses is in the vocabulary its fact declares", _declared_codes_exist),
    Rule("permit-date", "a permit a supplier states was not granted in the future", _permits_are_past),
)
DECLARATION_RULE_ID = "declaration"  # the rule id of `declaration_findings`
