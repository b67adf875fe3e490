"""Step 4, render: the model into Markdown pages through the Jinja2 templates in `site_templates/`.

Every value that came from a catalogue file is escaped by default (see `markdown_escape`), so a
supplier's text can neither inject HTML nor Markdown structure. Templates that place a value
inside raw HTML use the `|html` filter instead.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from urval.messages import catalogue as catalogue_of_messages
from urval.messages import message_keys
from urval.model.ranking import Ranked, rank
from urval.model.types import Area, Catalogue, Feature, Language, Region, Supplier
from urval.site.fieldref import field_reference

TEMPLATES = Path(__file__).resolve().parents[2] / "site_templates"

# Inline Markdown punctuation; `<`, `>` and `&` are already HTML-escaped.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|~^])")
# What would start a block (list, setext heading, quote, definition, ordered list) at a line's start.
_BLOCK_MARK = re.compile(r"^( ?)([-+=:>])")
_ORDERED_LIST_MARK = re.compile(r"^( ?[0-9]+)([.)])")
_WHITESPACE = re.compile(r"\s+")
_PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def markdown_escape(value: Any) -> Markup:
    """Text safe anywhere in a Markdown line: HTML-escaped, Markdown punctuation backslash-escaped,
    and folded onto one line so it cannot start a heading, list or table row.

    The environment applies this to every `{{ expression }}`; what templates and macros produce
    themselves is already Markup and passes unchanged."""
    if isinstance(value, Markup):
        return value
    return Markup(_escaped_text(str(value)))


@lru_cache(maxsize=1 << 16)
def _escaped_text(text: str) -> str:
    # Pages repeat the same names, codes and units thousands of times: a cache pays at 10,000 suppliers.
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(_WHITESPACE.sub(" ", text), quote=False))
    return _ORDERED_LIST_MARK.sub(r"\1\\\2", _BLOCK_MARK.sub(r"\1\\\2", text))


def html_escape(value: Any) -> Markup:
    """Text for raw HTML blocks, where Markdown is not processed."""
    return Markup(_html_text(str(value)))


@lru_cache(maxsize=1 << 16)
def _html_text(text: str) -> str:
    return html.escape(_WHITESPACE.sub(" ", text).strip(), quote=True)


def meta_text(value: Any) -> Markup:
    """Text for a page's front matter (its title): mkdocs and the theme put it into the HTML
    unescaped, so it is HTML-escaped here and quoted as a YAML (JSON) string."""
    return Markup(json.dumps(str(html_escape(value)), ensure_ascii=False))


def paragraphs(value: str) -> list[str]:
    return [part for part in re.split(r"\n\s*\n", value.strip()) if part.strip()]


def thousands(amount: int) -> str:
    """1850 -> '1 850' with a no-break space, as Swedish writes amounts."""
    return f"{amount:,}".replace(",", "\u00a0")


@dataclass(frozen=True)
class Page:
    path: str  # Markdown path under the docs folder, e.g. `utforare/solbacken.md`
    text: str


@dataclass(frozen=True)
class PageSpec:
    """A page to render: its template, its Markdown path and what the template receives."""

    template: str
    path: str
    context: dict[str, Any]


@dataclass(frozen=True)
class AreaListing:
    """The suppliers of one area on a filter page: callable ones ranked by price, the rest apart."""

    area: Area
    ranked: list[Ranked[Supplier]]
    unpriced: list[Supplier]  # callable but without a price list in force
    blocked: list[Supplier]  # stopped or terminated


@dataclass(frozen=True)
class FilterValue:
    slug: str
    name: str
    description: str
    suppliers: tuple[Supplier, ...]

    @property
    def callable_count(self) -> int:
        return sum(1 for s in self.suppliers if s.callable)


@dataclass(frozen=True)
class Dimension:
    key: str
    values: tuple[FilterValue, ...]


@dataclass(frozen=True)
class FollowUpOverview:
    """Adda's follow-up obligation at a glance, for the framework period."""

    visited: list[Supplier]
    not_visited: list[Supplier]
    surveys_per_year: list[tuple[int, int]]
    outcomes: list[tuple[str, int]]


VISIT_KINDS = ("visit", "digital_meeting")


def follow_up_overview(catalogue: Catalogue) -> FollowUpOverview:
    framework = catalogue.framework
    in_period = [f for f in catalogue.follow_ups if framework.start <= f.date <= framework.end]
    visited_ids = {f.supplier_id for f in in_period if f.kind in VISIT_KINDS}
    last_year = min(framework.end, catalogue.as_of).year
    years = range(framework.start.year, max(last_year, framework.start.year) + 1)
    outcomes = Counter(f.outcome for f in catalogue.follow_ups)
    return FollowUpOverview(
        visited=[s for s in catalogue.suppliers if s.id in visited_ids],
        not_visited=[s for s in catalogue.suppliers if s.id not in visited_ids and s.status != "terminated"],
        surveys_per_year=[(y, sum(1 for f in in_period if f.kind == "survey" and f.date.year == y)) for y in years],
        outcomes=[(outcome, outcomes[outcome]) for outcome in ("no_remarks", "remarks", "deficiencies")],
    )


def listing(area: Area, suppliers: tuple[Supplier, ...]) -> AreaListing:
    offering = [s for s in suppliers if s.offers(area)]
    priced = [s for s in offering if s.callable and s.price_in(area) is not None]
    return AreaListing(
        area=area,
        ranked=rank(priced, key=lambda s: _price_key(s, area), name=lambda s: s.name),
        unpriced=[s for s in offering if s.callable and s.price_in(area) is None],
        blocked=[s for s in offering if not s.callable],
    )


def _price_key(supplier: Supplier, area: Area) -> tuple[int, ...]:
    price = supplier.price_in(area)
    return price.sort_key if price else ()


def _values(
    catalogue: Catalogue, entries: Iterable[tuple[str, str, str, Callable[[Supplier], bool]]]
) -> tuple[FilterValue, ...]:
    return tuple(
        FilterValue(slug, name, description, tuple(s for s in catalogue.suppliers if matches(s)))
        for slug, name, description, matches in entries
    )


def _in_region(region: Region) -> Callable[[Supplier], bool]:
    return lambda supplier: region in supplier.regions


def _speaks(language: Language) -> Callable[[Supplier], bool]:
    return lambda supplier: language in supplier.languages


def _has(feature: Feature) -> Callable[[Supplier], bool]:
    return lambda supplier: supplier.has_feature(feature.key)


def dimensions(catalogue: Catalogue) -> list[Dimension]:
    """The browsing dimensions besides areas: every value, with the suppliers that match it."""
    return [
        Dimension("region", _values(catalogue, ((r.slug, r.name, "", _in_region(r)) for r in catalogue.regions))),
        Dimension(
            "language", _values(catalogue, ((lang.code, lang.name, "", _speaks(lang)) for lang in catalogue.languages))
        ),
        Dimension(
            "accessibility",
            _values(catalogue, ((f.slug, f.name, f.description, _has(f)) for f in catalogue.accessibility)),
        ),
    ]


@lru_cache
def site_words(templates: Path = TEMPLATES) -> dict[str, Any]:
    """The site's Swedish words for the contract's fixed values (`site_templates/site.yaml`), read once."""
    words: dict[str, Any] = yaml.safe_load((templates / "site.yaml").read_text(encoding="utf-8"))
    return words


def long_date(day: dt.date, words: dict[str, Any] | None = None) -> str:
    """'1 december 2024'."""
    months = (words or site_words())["months"]
    return f"{day.day} {months[day.month - 1]} {day.year}"


class Renderer:
    def __init__(self, catalogue: Catalogue, templates: Path = TEMPLATES, schema_dir: Path | None = None) -> None:
        self.catalogue = catalogue
        self.schema_dir = schema_dir or TEMPLATES.parent / "catalog" / "schema"
        self.site = site_words(templates)
        self.env = Environment(
            loader=FileSystemLoader(templates),
            undefined=StrictUndefined,
            finalize=markdown_escape,
            autoescape=True,  # with `finalize`, this makes macro output Markup, so it is not escaped twice
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(
            html=html_escape,
            meta_text=meta_text,
            paragraphs=paragraphs,
            kr=thousands,
            datum=self.long_date,
            listing=lambda area, suppliers: listing(area, tuple(suppliers)),
        )
        self.env.globals.update(site=self.site, catalogue=catalogue, framework=catalogue.framework)

    def long_date(self, day: dt.date) -> str:
        return long_date(day, self.site)

    def render(self, template: str, path: str, **context: Any) -> Page:
        """Render one page. Templates get `md_root` (from this Markdown file to the docs folder,
        for Markdown links that mkdocs checks) and `url_root` (from the page's URL to the site
        root, for links in raw HTML)."""
        depth = path.count("/")
        url_depth = depth if path.endswith("index.md") else depth + 1
        text = self.env.get_template(template).render(
            md_root="../" * depth, url_root="../" * url_depth, page_path=path, **context
        )
        return Page(path, text)

    def _page(self, template: str, path: str, **context: Any) -> PageSpec:
        return PageSpec(template, path, context)

    def pages(self, share: int = 0, shares: int = 1) -> Iterator[Page]:
        """The rendered pages; with `shares` > 1, only every `shares`-th one from `share` on, so
        that several processes can render one site between them."""
        for number, spec in enumerate(self.specs()):
            if number % shares == share:
                yield self.render(spec.template, spec.path, **spec.context)

    def specs(self) -> Iterator[PageSpec]:
        """Every page of the site, not yet rendered."""
        catalogue = self.catalogue
        paths = {key: value.get("path") for key, value in self.site["dimensions"].items()}
        area_listings = [listing(area, catalogue.suppliers) for area in catalogue.framework.areas]
        yield self._page("pages/index.md.j2", "index.md", listings=area_listings)
        yield self._page("pages/suppliers.md.j2", "utforare/index.md")
        for supplier in catalogue.suppliers:
            yield self._page("pages/supplier.md.j2", f"utforare/{supplier.id}.md", supplier=supplier)
        area_path = paths["area"]
        yield self._page("pages/areas.md.j2", f"{area_path}/index.md")
        for area_listing in area_listings:
            area = area_listing.area
            yield self._page("pages/area.md.j2", f"{area_path}/{area.slug}.md", area=area, listing=area_listing)
        for dimension in dimensions(catalogue):
            base = paths[dimension.key]
            yield self._page("pages/dimension.md.j2", f"{base}/index.md", dimension=dimension)
            for value in dimension.values:
                yield self._page(
                    "pages/filter.md.j2",
                    f"{base}/{value.slug}.md",
                    dimension=dimension,
                    value=value,
                    listings=[listing(area, value.suppliers) for area in catalogue.framework.areas],
                )
        yield self._page("pages/search.md.j2", "sok.md")
        yield self._page("pages/avrop.md.j2", "avrop.md")
        yield from self.news_specs()

    def news_specs(self) -> Iterator[PageSpec]:
        catalogue = self.catalogue
        yield self._page(
            "pages/sanctions.md.j2", "sanktioner/index.md", sanctions=catalogue.sanctions, kind=None, kind_label=None
        )
        for kind, slug in self.site["sanction_slugs"].items():
            yield self._page(
                "pages/sanctions.md.j2",
                f"sanktioner/{slug}.md",
                kind=kind,
                kind_label=self.site["sanction_kinds"][kind],
                sanctions=tuple(s for s in catalogue.sanctions if s.kind == kind),
            )
        for item in catalogue.news:
            if item.sanction is not None:
                yield self._page("pages/sanction_post.md.j2", f"nyheter/posts/{item.source}", item=item)
        yield self._page("pages/follow_ups.md.j2", "uppfoljning/index.md", overview=follow_up_overview(catalogue))
        yield from self.guide_specs()

    def guide_specs(self) -> Iterator[PageSpec]:
        """The supplier guide's generated parts: the field reference and every validator message."""
        schema_dir = self.schema_dir
        sections = [Markup(field_reference(schema_dir, name)) for name in self.site["guide"]["schemas"]]
        yield self._page("pages/field_reference.md.j2", "guide/faltreferens.md", sections=sections)
        messages = catalogue_of_messages()
        groups = [
            {
                "title": group["title"],
                "messages": [
                    {"text": _PLACEHOLDER.sub("…", messages[key]["text"]), "help": messages[key]["help"]}
                    for key in sorted(messages)
                    if messages[key]["help"] and key in message_keys(group["file"])
                ],
            }
            for group in self.site["guide"]["message_groups"]
        ]
        yield self._page("pages/messages.md.j2", "guide/felmeddelanden.md", groups=groups)
