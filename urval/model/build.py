"""Step 3, model: build the frozen types of `urval.model.types` from a validated catalogue, for
one `as_of` day. Every decision that depends on the date is made here, once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from urval.catalog.declaration import Declaration, Fact, read_declaration
from urval.catalog.valid import Data, ValidCatalogue
from urval.model.types import (
    OUTDATED_AFTER,
    Addon,
    AddonPrice,
    Area,
    AreaPrice,
    Catalogue,
    CriterionValues,
    Entry,
    FollowUp,
    Framework,
    Mode,
    NewsItem,
    Permit,
    PriceList,
    Region,
    Sanction,
    Stated,
    Supplier,
    SupplierStatus,
    price_list_on,
)


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _text(value: Any) -> str:
    """Folded YAML text ends in a newline; pages want it trimmed."""
    return str(value).strip() if value is not None else ""


@dataclass(frozen=True)
class History:
    """What git knows about the catalogue: when each supplier's file and any file last changed,
    and which version is built. Empty outside a checkout (and in tests, for stable pages)."""

    supplier_changed: Mapping[str, dt.date] | None = None
    catalogue_changed: dt.date | None = None
    version: str = ""
    repository_path: str = ""  # the catalogue folder's path inside its git repository


@dataclass(frozen=True)
class NewsWords:
    """The site's words for the news item each sanction becomes (`site_templates/site.yaml`)."""

    category: str
    title: str  # a `str.format` template with {kind} and {supplier}
    kinds: Mapping[str, str]  # a sanction's kind -> its name


def build_model(
    catalogue: ValidCatalogue, as_of: dt.date, history: History | None = None, *, news_words: NewsWords
) -> Catalogue:
    """The catalogue as of `as_of`. Sanctions become news items worded by `news_words`."""
    history = history or History()
    framework = _framework(catalogue.framework)
    words = _vocabulary(catalogue.reference, framework, read_declaration(catalogue.framework))
    sanctions = _sanctions(catalogue.sanctions, as_of)
    follow_ups = _follow_ups(catalogue.follow_ups, as_of)
    suppliers = _suppliers(catalogue.suppliers, words, framework, (sanctions, follow_ups), history=history, as_of=as_of)
    return Catalogue(
        as_of=as_of,
        framework=framework,
        framework_status=framework.status(as_of),
        regions=tuple(words.regions.values()),
        declaration=words.declaration,
        vocabularies=words.listed,
        criteria=tuple(
            CriterionValues(fact, criterion, words.listed.get(fact.vocabulary, ()))
            for fact, criterion in words.declaration.criteria
        ),
        suppliers=suppliers,
        sanctions=sanctions,
        follow_ups=follow_ups,
        news=_news(catalogue.news, sanctions, {s.id: s.name for s in suppliers}, news_words, as_of),
        last_changed=history.catalogue_changed,
        version=history.version,
        repository_path=history.repository_path,
        supplier_by_id={s.id: s for s in suppliers},
    )


# --- the framework and its vocabularies -------------------------------------------------------


def _framework(data: Data) -> Framework:
    modes = {m["code"]: Mode(m["code"], m["name"]) for m in data.get("price_modes", [])}
    areas = tuple(
        Area(
            code=a["code"],
            name=a["name"],
            short_name=a.get("short_name", a["name"]),
            unit=a["unit"],
            modes=tuple(modes[m] for m in a.get("modes", [])),
        )
        for a in data["areas"]
    )
    addons = tuple(
        Addon(a["code"], a["name"], _text(a.get("description")), a["unit"], bool(a.get("example")))
        for a in data["addons"]
    )
    return Framework(
        name=data["name"],
        organisation=data["organisation"],
        description=_text(data.get("description")),
        call_off_rule=_text(data.get("call_off_rule")),
        website=data.get("website", ""),
        start=_date(data["period"]["start"]),
        end=_date(data["period"]["end"]),
        price_change_dates=tuple(_date(d) for d in data["price_change_dates"]),
        areas=areas,
        addons=addons,
    )


@dataclass(frozen=True)
class _Vocabulary:
    declaration: Declaration
    areas: dict[str, Area]
    regions: dict[str, Region]
    entries: dict[str, dict[str, Entry]]  # vocabulary -> code -> entry, in the file's order
    listed: dict[str, tuple[Entry, ...]]  # vocabulary -> entries in the order pages list them


def _entries(entries: Iterable[Data], code: str) -> dict[str, Entry]:
    return {
        str(e[code]): Entry(str(e[code]), str(e.get("slug", e[code])), e["name"], _text(e.get("description")))
        for e in entries
    }


def _vocabulary(reference: Mapping[str, Iterable[Data]], framework: Framework, declaration: Declaration) -> _Vocabulary:
    entries = {v.name: _entries(reference[v.name], v.code) for v in declaration.vocabularies}
    listed = {
        v.name: tuple(sorted(entries[v.name].values(), key=lambda e: e.name))
        if v.sort_by_name
        else tuple(entries[v.name].values())
        for v in declaration.vocabularies
    }
    return _Vocabulary(
        declaration=declaration,
        areas={a.code: a for a in framework.areas},
        regions={
            r["slug"]: Region(r["slug"], r["name"], r["short_name"], r["scb_code"], r["letter_code"])
            for r in reference["regions"]
        },
        entries=entries,
        listed=listed,
    )


def _stated(fact: Fact, data: Any, words: _Vocabulary) -> Stated:
    """One fact's typed value from the supplier's data (None when the key is absent)."""
    known = words.entries.get(fact.vocabulary, {})
    if fact.kind == "codes":
        chosen = set(data or [])
        return Stated(fact, entries=tuple(entry for code, entry in known.items() if code in chosen))
    if fact.kind == "flags":
        return Stated(fact, flags=tuple((entry, bool((data or {}).get(code))) for code, entry in known.items()))
    if fact.kind == "group":
        return Stated(fact, parts=tuple(_stated(part, (data or {}).get(part.key), words) for part in fact.parts))
    if fact.kind == "permit":
        return Stated(fact, Permit(data["reference"], _date(data["granted"])) if data else None)
    if fact.kind == "text":
        return Stated(fact, _text(data) or None)
    return Stated(fact, data)


# --- Adda's notices: sanctions, follow-ups, news --------------------------------------------------


def _sanction(name: str, data: Data, as_of: dt.date) -> Sanction:
    date, until = _date(data["date"]), _date(data["until"]) if data.get("until") else None
    in_force = date <= as_of and (until is None or as_of <= until)
    return Sanction(name, data["supplier"], date, data["kind"], until, _text(data["reason"]), in_force)


def _sanctions(files: Mapping[str, Data], as_of: dt.date) -> tuple[Sanction, ...]:
    """Newest first; a decision dated after `as_of` is not yet on record."""
    sanctions = (_sanction(name, data, as_of) for name, data in files.items() if _date(data["date"]) <= as_of)
    return tuple(sorted(sanctions, key=lambda s: (s.date, s.id), reverse=True))


def _follow_ups(files: Mapping[str, Data], as_of: dt.date) -> tuple[FollowUp, ...]:
    """Newest first; nothing dated after `as_of`."""
    follow_ups = (
        FollowUp(name, d["supplier"], _date(d["date"]), d["kind"], d["outcome"], _text(d["summary"]), d.get("report"))
        for name, d in files.items()
        if _date(d["date"]) <= as_of
    )
    return tuple(sorted(follow_ups, key=lambda f: (f.date, f.id), reverse=True))


def _sanction_news(sanction: Sanction, supplier_name: str, words: NewsWords) -> NewsItem:
    title = words.title.format(kind=words.kinds[sanction.kind], supplier=supplier_name)
    source = f"sanktion-{sanction.id}.md"
    return NewsItem(
        f"sanktion-{sanction.id}", sanction.date, title, words.category, sanction.reason, source, sanction=sanction
    )


def _news(
    posts: Mapping[str, Data],
    sanctions: Iterable[Sanction],
    supplier_names: Mapping[str, str],
    words: NewsWords,
    as_of: dt.date,
) -> tuple[NewsItem, ...]:
    """Adda's posts and one item per sanction, newest first; nothing dated after `as_of`."""
    written = [
        NewsItem(d["slug"], _date(d["date"]), d["title"], d["categories"][0], _text(d["summary"]), f"{stem}.md")
        for stem, d in posts.items()
    ]
    generated = [_sanction_news(s, supplier_names[s.supplier_id], words) for s in sanctions]
    published = [item for item in (*written, *generated) if item.date <= as_of]
    return tuple(sorted(published, key=lambda n: (n.date, n.slug), reverse=True))


Notice = TypeVar("Notice", Sanction, FollowUp)


def _by_supplier(notices: Iterable[Notice]) -> dict[str, tuple[Notice, ...]]:
    """Notices grouped by supplier, keeping their order (newest first)."""
    grouped: dict[str, list[Notice]] = {}
    for notice in notices:
        grouped.setdefault(notice.supplier_id, []).append(notice)
    return {supplier_id: tuple(found) for supplier_id, found in grouped.items()}


# --- suppliers ----------------------------------------------------------------------------------


def _suppliers(
    files: Mapping[str, Data],
    words: _Vocabulary,
    framework: Framework,
    notices: tuple[tuple[Sanction, ...], tuple[FollowUp, ...]],
    *,
    history: History,
    as_of: dt.date,
) -> tuple[Supplier, ...]:
    """By name."""
    sanctions_of, follow_ups_of = _by_supplier(notices[0]), _by_supplier(notices[1])
    changed = history.supplier_changed or {}
    suppliers = (
        _supplier(
            data,
            words,
            framework,
            (sanctions_of.get(supplier_id, ()), follow_ups_of.get(supplier_id, ()), changed.get(supplier_id)),
            as_of,
        )
        for supplier_id, data in files.items()
    )
    return tuple(sorted(suppliers, key=lambda s: (s.name.casefold(), s.id)))


def _price_list(data: Data, framework: Framework) -> PriceList:
    areas = []
    for area in framework.areas:
        value = data["areas"].get(area.code)
        if value is None:
            continue
        if isinstance(value, dict):
            areas.append(AreaPrice(area, by_mode=tuple((mode, value[mode.code]) for mode in area.modes)))
        else:
            areas.append(AreaPrice(area, amount=value))
    addons = tuple(
        AddonPrice(addon, data.get("addons", {})[addon.code])
        for addon in framework.addons
        if addon.code in data.get("addons", {})
    )
    return PriceList(_date(data["valid_from"]), tuple(areas), addons)


def _next_prices(lists: tuple[PriceList, ...], as_of: dt.date) -> PriceList | None:
    return next((price_list for price_list in lists if price_list.valid_from > as_of), None)


def _status(sanctions: tuple[Sanction, ...], as_of: dt.date) -> tuple[SupplierStatus, Sanction | None]:
    """Terminated by a termination in force; stopped by a decision that blocks a call-off today."""
    for sanction in sanctions:  # newest first
        if sanction.kind == "termination" and sanction.in_force:
            return "terminated", sanction
    for sanction in sanctions:
        if sanction.in_force and sanction.blocks_call_off_on(as_of):
            return "stopped", sanction
    return "available", None


def _supplier(
    data: Data,
    words: _Vocabulary,
    framework: Framework,
    extras: tuple[tuple[Sanction, ...], tuple[FollowUp, ...], dt.date | None],
    as_of: dt.date,
) -> Supplier:
    sanctions, follow_ups, last_changed = extras
    lists = tuple(_price_list(p, framework) for p in data["prices"])
    status, blocking = _status(sanctions, as_of)
    contact = data["contact"]
    return Supplier(
        id=data["id"],
        name=data["name"],
        org_number=data["org_number"],
        website=data.get("website", ""),
        email=contact["email"],
        phone=contact["phone"],
        city=contact.get("city", ""),
        maintainers=tuple(data["maintainers"]),
        description=_text(data.get("description")),
        areas=tuple(area for code, area in words.areas.items() if code in data["areas"]),
        regions=tuple(region for slug, region in words.regions.items() if slug in data["regions"]),
        municipalities=tuple(sorted(data.get("municipalities", []))),
        facts=tuple(_stated(fact, data.get(fact.key), words) for fact in words.declaration.facts),
        price_lists=lists,
        sanctions=sanctions,
        follow_ups=follow_ups,
        last_changed=last_changed,
        possibly_outdated=last_changed is not None and as_of - last_changed > OUTDATED_AFTER,
        status=status,
        blocking_sanction=blocking,
        other_sanctions_in_force=tuple(s for s in sanctions if s.in_force and s is not blocking),
        current_prices=price_list_on(lists, as_of),
        next_prices=_next_prices(lists, as_of),
    )
