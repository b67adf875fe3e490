"""Step 3, model: the validated catalogue as frozen dataclasses, with every date-dependent
fact (prices in force, sanctions in force, the framework's status) decided for one `as_of` day.

Templates receive only these types. Nothing here names a particular framework.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from urval.catalog.rules import RuleContext

Unit = Literal["day", "hour"]
SupplierStatus = Literal["available", "stopped", "terminated"]
# A supplier whose file has not changed for longer than this is marked as possibly out of date.
OUTDATED_AFTER = dt.timedelta(days=365)
FrameworkStatus = Literal["not_started", "in_force", "ended"]


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _text(value: Any) -> str:
    """Folded YAML text ends in a newline; pages want it trimmed."""
    return str(value).strip() if value is not None else ""


@dataclass(frozen=True)
class Mode:
    code: str
    name: str


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    short_name: str
    unit: Unit
    modes: tuple[Mode, ...] = ()

    @property
    def slug(self) -> str:
        return self.code.lower()


@dataclass(frozen=True)
class Addon:
    code: str
    name: str
    description: str
    unit: Unit
    example: bool


@dataclass(frozen=True)
class Region:
    slug: str
    name: str
    scb_code: str
    letter_code: str


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    national_minority: bool


@dataclass(frozen=True)
class Term:
    """An entry of a controlled vocabulary (target group, method)."""

    slug: str
    name: str
    description: str


@dataclass(frozen=True)
class Feature:
    """A yes/no property a supplier states (accessibility, certification)."""

    key: str
    slug: str
    name: str
    description: str


@dataclass(frozen=True)
class Framework:
    name: str
    organisation: str
    description: str
    call_off_rule: str
    website: str
    start: dt.date
    end: dt.date
    price_change_dates: tuple[dt.date, ...]
    areas: tuple[Area, ...]
    addons: tuple[Addon, ...]

    def status(self, as_of: dt.date) -> FrameworkStatus:
        if as_of < self.start:
            return "not_started"
        return "in_force" if as_of <= self.end else "ended"


@dataclass(frozen=True)
class AreaPrice:
    """A supplier's price in one area of one price list: one amount, or one per mode."""

    area: Area
    amount: int | None = None
    by_mode: tuple[tuple[Mode, int], ...] = ()

    @property
    def sort_key(self) -> tuple[int, ...]:
        """Cheapest first: the amount, or the amounts in the framework's order of modes."""
        return (self.amount,) if self.amount is not None else tuple(amount for _mode, amount in self.by_mode)


@dataclass(frozen=True)
class AddonPrice:
    addon: Addon
    amount: int


@dataclass(frozen=True)
class PriceList:
    valid_from: dt.date
    areas: tuple[AreaPrice, ...]
    addons: tuple[AddonPrice, ...]

    def for_area(self, code: str) -> AreaPrice | None:
        return next((price for price in self.areas if price.area.code == code), None)

    def for_addon(self, code: str) -> AddonPrice | None:
        return next((price for price in self.addons if price.addon.code == code), None)


@dataclass(frozen=True)
class Sanction:
    id: str
    supplier_id: str
    date: dt.date
    kind: str
    until: dt.date | None
    reason: str

    def in_force(self, as_of: dt.date) -> bool:
        if self.kind == "termination":
            return self.date <= as_of
        return self.date <= as_of and (self.until is None or as_of <= self.until)

    def blocks_call_off(self, as_of: dt.date) -> bool:
        return self.kind in ("call_off_stop", "termination") and self.in_force(as_of)


@dataclass(frozen=True)
class FollowUp:
    id: str
    supplier_id: str
    date: dt.date
    kind: str
    outcome: str
    summary: str
    report: str | None


@dataclass(frozen=True)
class NewsItem:
    """A news post: written by Adda (`docs/nyheter/posts/`) or generated from a sanction."""

    slug: str
    date: dt.date
    title: str
    category: str
    summary: str
    source: str  # the post's Markdown file name in the news folder
    sanction: Sanction | None = None


@dataclass(frozen=True)
class Staff:
    consultants: int | None
    families_per_consultant: int | None
    phone_support_24h: bool | None


@dataclass(frozen=True)
class Permit:
    reference: str
    granted: dt.date


@dataclass(frozen=True)
class Supplier:
    id: str
    name: str
    org_number: str
    website: str
    email: str
    phone: str
    city: str
    maintainers: tuple[str, ...]
    description: str
    orientation: str
    areas: tuple[Area, ...]
    regions: tuple[Region, ...]
    municipalities: tuple[str, ...]
    languages: tuple[Language, ...]
    target_groups: tuple[Term, ...]
    methods: tuple[Term, ...]
    accessibility: tuple[tuple[Feature, bool], ...]
    certifications: tuple[tuple[Feature, bool], ...]
    collective_agreement: bool | None
    ivo_permit: Permit | None
    staff: Staff
    staff_survey: bool | None
    appraisal_talks: bool | None
    price_lists: tuple[PriceList, ...]
    sanctions: tuple[Sanction, ...]  # newest first
    follow_ups: tuple[FollowUp, ...]  # newest first
    last_changed: dt.date | None
    # Decided for the build's as-of day:
    possibly_outdated: bool
    status: SupplierStatus
    blocking_sanction: Sanction | None
    current_prices: PriceList | None
    next_prices: PriceList | None

    @property
    def callable(self) -> bool:
        return self.status == "available"

    def has_feature(self, key: str) -> bool:
        return any(feature.key == key and on for feature, on in (*self.accessibility, *self.certifications))

    def offers(self, area: Area) -> bool:
        return area in self.areas

    def price_in(self, area: Area) -> AreaPrice | None:
        return self.current_prices.for_area(area.code) if self.current_prices else None


@dataclass(frozen=True)
class Catalogue:
    """Everything a build publishes, as of one day."""

    as_of: dt.date
    framework: Framework
    framework_status: FrameworkStatus
    regions: tuple[Region, ...]
    languages: tuple[Language, ...]
    target_groups: tuple[Term, ...]
    methods: tuple[Term, ...]
    accessibility: tuple[Feature, ...]
    certifications: tuple[Feature, ...]
    suppliers: tuple[Supplier, ...]  # by name
    sanctions: tuple[Sanction, ...]  # newest first
    follow_ups: tuple[FollowUp, ...]  # newest first
    news: tuple[NewsItem, ...] = ()  # newest first; Adda's posts and one per sanction
    last_changed: dt.date | None = None  # of any catalogue file
    version: str = ""
    supplier_by_id: Mapping[str, Supplier] = field(default_factory=dict, compare=False, repr=False)


# --- building the model from validated documents ------------------------------------------


def _framework(data: dict[str, Any]) -> Framework:
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


def _price_list(data: dict[str, Any], framework: Framework) -> PriceList:
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


def _prices_around(lists: tuple[PriceList, ...], as_of: dt.date) -> tuple[PriceList | None, PriceList | None]:
    current = next_ = None
    for price_list in lists:
        if price_list.valid_from <= as_of:
            current = price_list
        elif next_ is None:
            next_ = price_list
    return current, next_


def _status(sanctions: tuple[Sanction, ...], as_of: dt.date) -> tuple[SupplierStatus, Sanction | None]:
    for sanction in sanctions:  # newest first
        if sanction.kind == "termination" and sanction.in_force(as_of):
            return "terminated", sanction
    for sanction in sanctions:
        if sanction.blocks_call_off(as_of):
            return "stopped", sanction
    return "available", None


@dataclass(frozen=True)
class _Vocabulary:
    areas: dict[str, Area]
    regions: dict[str, Region]
    languages: dict[str, Language]
    target_groups: dict[str, Term]
    methods: dict[str, Term]
    accessibility: tuple[Feature, ...]
    certifications: tuple[Feature, ...]


def _supplier(
    data: dict[str, Any],
    words: _Vocabulary,
    framework: Framework,
    extras: tuple[tuple[Sanction, ...], tuple[FollowUp, ...], dt.date | None],
    as_of: dt.date,
) -> Supplier:
    sanctions, follow_ups, last_changed = extras
    lists = tuple(_price_list(p, framework) for p in data["prices"])
    current, next_ = _prices_around(lists, as_of)
    status, blocking = _status(sanctions, as_of)
    contact, staff, work = data["contact"], data.get("staff", {}), data.get("work_environment", {})
    permit = data.get("ivo_permit")
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
        orientation=_text(data.get("orientation")),
        areas=tuple(area for code, area in words.areas.items() if code in data["areas"]),
        regions=tuple(region for slug, region in words.regions.items() if slug in data["regions"]),
        municipalities=tuple(sorted(data.get("municipalities", []))),
        languages=tuple(lang for code, lang in words.languages.items() if code in data["languages"]),
        target_groups=tuple(t for slug, t in words.target_groups.items() if slug in data.get("target_groups", [])),
        methods=tuple(t for slug, t in words.methods.items() if slug in data.get("methods", [])),
        accessibility=tuple((f, bool(data["accessibility"].get(f.key))) for f in words.accessibility),
        certifications=tuple((f, bool(data["certifications"].get(f.key))) for f in words.certifications),
        collective_agreement=data.get("collective_agreement"),
        ivo_permit=Permit(permit["reference"], _date(permit["granted"])) if permit else None,
        staff=Staff(staff.get("consultants"), staff.get("families_per_consultant"), staff.get("phone_support_24h")),
        staff_survey=work.get("staff_survey"),
        appraisal_talks=work.get("appraisal_talks"),
        price_lists=lists,
        sanctions=sanctions,
        follow_ups=follow_ups,
        last_changed=last_changed,
        possibly_outdated=last_changed is not None and as_of - last_changed > OUTDATED_AFTER,
        status=status,
        blocking_sanction=blocking,
        current_prices=current,
        next_prices=next_,
    )


def _vocabulary(context: RuleContext, framework: Framework) -> _Vocabulary:
    ref = {name: doc.data for name, doc in context.reference.items()}
    return _Vocabulary(
        areas={a.code: a for a in framework.areas},
        regions={r["slug"]: Region(r["slug"], r["name"], r["scb_code"], r["letter_code"]) for r in ref["regions"]},
        languages={
            lang["code"]: Language(lang["code"], lang["name"], bool(lang.get("national_minority")))
            for lang in ref["languages"]
        },
        target_groups={
            t["slug"]: Term(t["slug"], t["name"], _text(t.get("description"))) for t in ref["target_groups"]
        },
        methods={t["slug"]: Term(t["slug"], t["name"], _text(t.get("description"))) for t in ref["methods"]},
        accessibility=tuple(
            Feature(f["key"], f["slug"], f["name"], _text(f.get("description"))) for f in ref["accessibility"]
        ),
        certifications=tuple(
            Feature(f["key"], f["slug"], f["name"], _text(f.get("description"))) for f in ref["certifications"]
        ),
    )


def _news(
    context: RuleContext, sanctions: list[Sanction], sanction_category: str, as_of: dt.date
) -> tuple[NewsItem, ...]:
    """Adda's posts and one item per sanction, newest first; nothing dated after `as_of`."""
    written = [
        NewsItem(d["slug"], _date(d["date"]), d["title"], d["categories"][0], _text(d["summary"]), f"{stem}.md")
        for stem, d in ((stem, doc.data) for stem, doc in context.news.items())
    ]
    generated = [
        NewsItem(f"sanktion-{s.id}", s.date, "", sanction_category, s.reason, f"sanktion-{s.id}.md", sanction=s)
        for s in sanctions
    ]
    published = [item for item in (*written, *generated) if item.date <= as_of]
    return tuple(sorted(published, key=lambda n: (n.date, n.slug), reverse=True))


Notice = TypeVar("Notice", Sanction, FollowUp)


def _by_supplier(notices: list[Notice]) -> dict[str, list[Notice]]:
    """Notices grouped by supplier, keeping their order (newest first)."""
    grouped: dict[str, list[Notice]] = {}
    for notice in notices:
        grouped.setdefault(notice.supplier_id, []).append(notice)
    return grouped


def build_model(
    context: RuleContext,
    as_of: dt.date,
    last_changed: Mapping[str, dt.date] | None = None,
    *,
    version: str = "",
    catalogue_changed: dt.date | None = None,
    sanction_category: str = "Sanktioner",
) -> Catalogue:
    """The catalogue as of `as_of`, from a context whose documents all passed `check`.

    `last_changed` maps a supplier id to the day its file last changed; `catalogue_changed` is
    the last change of any catalogue file. Sanctions become news items in `sanction_category`.
    """
    if context.framework is None:
        raise ValueError("build_model needs a catalogue that passed check")
    framework = _framework(context.framework.data)
    words = _vocabulary(context, framework)
    sanctions = sorted(
        (
            Sanction(
                name,
                d["supplier"],
                _date(d["date"]),
                d["kind"],
                _date(d["until"]) if d.get("until") else None,
                _text(d["reason"]),
            )
            for name, d in ((n, doc.data) for n, doc in context.sanctions.items())
        ),
        key=lambda s: (s.date, s.id),
        reverse=True,
    )
    follow_ups = sorted(
        (
            FollowUp(
                name, d["supplier"], _date(d["date"]), d["kind"], d["outcome"], _text(d["summary"]), d.get("report")
            )
            for name, d in ((n, doc.data) for n, doc in context.follow_ups.items())
        ),
        key=lambda f: (f.date, f.id),
        reverse=True,
    )
    changed = last_changed or {}
    sanctions_of, follow_ups_of = _by_supplier(sanctions), _by_supplier(follow_ups)
    suppliers = sorted(
        (
            _supplier(
                doc.data,
                words,
                framework,
                (
                    tuple(sanctions_of.get(supplier_id, ())),
                    tuple(follow_ups_of.get(supplier_id, ())),
                    changed.get(supplier_id),
                ),
                as_of,
            )
            for supplier_id, doc in context.suppliers.items()
        ),
        key=lambda s: (s.name.casefold(), s.id),
    )
    return Catalogue(
        as_of=as_of,
        framework=framework,
        framework_status=framework.status(as_of),
        regions=tuple(words.regions.values()),
        languages=tuple(sorted(words.languages.values(), key=lambda lang: lang.name)),
        target_groups=tuple(words.target_groups.values()),
        methods=tuple(words.methods.values()),
        accessibility=words.accessibility,
        certifications=words.certifications,
        suppliers=tuple(suppliers),
        sanctions=tuple(sanctions),
        follow_ups=tuple(follow_ups),
        news=_news(context, sanctions, sanction_category, as_of),
        last_changed=catalogue_changed,
        version=version,
        supplier_by_id={s.id: s for s in suppliers},
    )
