"""Step 4, render: the model into pages through the Jinja2 templates in `site_templates/`.

`*.md.j2` templates make Markdown pages for mkdocs; `*.html.j2` templates make the supplier,
area, filter and listing pages straight to HTML, for their page shells (`urval.site.shell` says
which kinds go which way and why). Every value that came from a catalogue file is escaped by
default: for Markdown by `urval.site.escape.markdown_escape`, for HTML by Jinja2's autoescaping.
What a page shows is computed once in `urval.site.views`; each page kind's template receives a
typed context from there.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache, partial
from pathlib import Path
from typing import Any

import yaml
from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined
from jinja2.bccache import Bucket
from markupsafe import Markup

from urval.catalog.check import ALL_RULES
from urval.messages import catalogue as catalogue_of_messages
from urval.messages import message_keys
from urval.model.build import NewsWords
from urval.model.types import Catalogue, Supplier
from urval.site.escape import html_escape, markdown_escape, meta_text, paragraphs
from urval.site.fieldref import field_reference
from urval.site.repository import Repository
from urval.site.views import (
    AreaListing,
    AreaPage,
    AreasPage,
    CodesPage,
    Dimension,
    DimensionPage,
    FieldReferencePage,
    FilterPage,
    FilterValue,
    FollowUpsPage,
    MessageGroup,
    MessagesPage,
    NoContext,
    PageContext,
    RuleRow,
    SanctionPostPage,
    SanctionsPage,
    StartPage,
    SupplierPage,
    as_dict,
    code_lists,
    dimension_paths,
    dimensions,
    follow_up_overview,
    listings,
    supplier_view,
)
from urval.text import thousands

TEMPLATES = Path(__file__).resolve().parents[2] / "site_templates"

# Every value in a page rendered straight to HTML is HTML-escaped (a module setting, so that a
# test can switch the defence off and see the build refuse the page).
HTML_AUTOESCAPE = True

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{[a-z_]*\}")


def _as_read(template: str) -> str:
    """A message as the guide lists it: each value shown as …, and `{{`/`}}` as the brace it prints."""
    return _PLACEHOLDER.sub(lambda found: found[0][0] if found[0] in ("{{", "}}") else "…", template)


@dataclass(frozen=True)
class Page:
    path: str  # Markdown path under the docs folder, e.g. `utforare/solbacken.md`
    text: str


@dataclass(frozen=True)
class HtmlPage:
    """A page rendered straight to HTML: what goes into its shell (`urval.site.shell`)."""

    path: str  # as its Markdown page would be named, e.g. `utforare/solbacken.html`
    title: str  # HTML, for `<title>` and the header
    changed: str  # HTML, when the page's data last changed; empty when not known
    content: str  # HTML of the article

    @property
    def site_path(self) -> str:
        return site_path(self.path)

    @property
    def folder(self) -> str:
        return self.path.rpartition("/")[0]

    @property
    def slug(self) -> str:
        return self.path.rpartition("/")[2].removesuffix(".html")

    @property
    def is_index(self) -> bool:
        return self.path.endswith("index.html")

    @property
    def text(self) -> str:
        """The page as one text (its golden file)."""
        return f"<title>{self.title}</title>\n<p>{self.changed}</p>\n{self.content}"


@dataclass(frozen=True)
class PageSpec:
    """A page to render: its template, its path, and how to get what the template receives
    (worked out when the page is rendered: a build in shares, or `serve` after an edit, renders
    only some of the pages)."""

    template: str
    path: str
    make_context: Callable[[], PageContext]
    shows: frozenset[str] | None = None  # the suppliers (ids) the page shows; None: it draws on all of them

    @classmethod
    def of(cls, template: str, path: str, context: PageContext, shows: frozenset[str] | None = None) -> PageSpec:
        """A page whose context is already at hand."""
        return cls(template, path, lambda: context, shows)

    @property
    def context(self) -> PageContext:
        return self.make_context()


@lru_cache
def site_words(templates: Path = TEMPLATES) -> dict[str, Any]:
    """The site's Swedish words for the contract's fixed values (`site_templates/site.yaml`), read once."""
    words: dict[str, Any] = yaml.safe_load((templates / "site.yaml").read_text(encoding="utf-8"))
    return words


def news_words(words: dict[str, Any] | None = None) -> NewsWords:
    """How the model words the news item each sanction becomes."""
    site = words or site_words()
    return NewsWords(site["sanction_news_category"], site["sanction_news_title"], site["sanction_kinds"])


def long_date(day: dt.date, words: dict[str, Any] | None = None) -> str:
    """'1 december 2024'."""
    months = (words or site_words())["months"]
    return f"{day.day} {months[day.month - 1]} {day.year}"


def site_path(path: str) -> str:
    """Where a page rendered straight to HTML is in the built site: `utforare/solbacken.html` is
    at `utforare/solbacken/index.html`, `utforare/index.html` where it is."""
    return path if path.endswith("index.html") else path.removesuffix(".html") + "/index.html"


def is_html(spec: PageSpec) -> bool:
    return spec.template.endswith(".html.j2")


def _roots(path: str) -> dict[str, str]:
    """`md_root`: from the page's file to the docs folder; `url_root`: from its URL to the site root."""
    depth = path.count("/")
    url_depth = depth if path.rpartition("/")[2].startswith("index.") else depth + 1
    return {"md_root": "../" * depth, "url_root": "../" * url_depth}


def shown_date(value: object) -> object:
    """A page's `changed` as the theme shows it: a date the long way, anything else (a date
    already written out) as it is."""
    return long_date(value) if isinstance(value, dt.date) else value


class _CompiledTemplates(BytecodeCache):
    """Compiled templates kept for the life of the process, so that every `Renderer` (one per
    build, per forked share, per `serve` update) compiles each template once. Jinja checks each
    entry against the template's source, so an edited template is compiled again."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


@lru_cache
def compiled_templates(options: tuple[object, ...]) -> _CompiledTemplates:
    """One store per set of the environment options that shape compiled code: the same template
    compiled with other options is other code."""
    return _CompiledTemplates()


class Renderer:
    def __init__(
        self, catalogue: Catalogue, templates: Path = TEMPLATES, schema_dir: Path | None = None, site_url: str = ""
    ) -> None:
        self.catalogue = catalogue
        self.schema_dir = schema_dir or TEMPLATES.parent / "catalog" / "schema"
        self.site = site_words(templates)
        self.env = Environment(
            loader=FileSystemLoader(templates),
            bytecode_cache=compiled_templates(("markdown", templates)),
            undefined=StrictUndefined,
            finalize=markdown_escape,
            autoescape=True,  # with `finalize`, this makes macro output Markup, so it is not escaped twice
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        # The pages rendered straight to HTML: plain HTML autoescaping of every value. A renderer
        # lives for one build (or one `serve` update), so its templates are not looked at on
        # disk again for every page (`auto_reload`: a `stat` per template and page).
        self.html_env = Environment(
            loader=FileSystemLoader(templates),
            bytecode_cache=compiled_templates(("html", templates, HTML_AUTOESCAPE)),
            auto_reload=False,
            undefined=StrictUndefined,
            autoescape=HTML_AUTOESCAPE,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        shared_filters = {"paragraphs": paragraphs, "kr": thousands, "datum": self.long_date}
        self.env.filters.update(html=html_escape, meta_text=meta_text, **shared_filters)
        self.html_env.filters.update(shared_filters)
        for env in (self.env, self.html_env):
            env.globals.update(
                site=self.site,
                catalogue=catalogue,
                framework=catalogue.framework,
                words=catalogue.declaration.words,
                repository=Repository.of(self.site, catalogue.repository_path),
                site_url=site_url if not site_url or site_url.endswith("/") else site_url + "/",
            )

    def long_date(self, day: dt.date) -> str:
        return long_date(day, self.site)

    def render(self, template: str, path: str, context: PageContext) -> Page:
        """Render one Markdown page. Templates get `md_root` (from this Markdown file to the docs
        folder, for Markdown links that mkdocs checks) and `url_root` (from the page's URL to the
        site root, for links in raw HTML)."""
        text = self.env.get_template(template).render(**_roots(path), page_path=path, **as_dict(context))
        return Page(path, text)

    def render_html(self, spec: PageSpec) -> HtmlPage:
        """Render one page straight to HTML; its template sets `title` and `changed` and writes the content."""
        module = self.html_env.get_template(spec.template).make_module(
            {**_roots(spec.path), "page_path": spec.path, **as_dict(spec.context)}
        )
        exported = module.__dict__  # the template's `{% set title %}` and `{% set changed %}`
        return HtmlPage(spec.path, str(exported["title"]).strip(), str(exported["changed"]).strip(), str(module))

    def pages(self) -> Iterator[Page]:
        """The Markdown pages, for mkdocs."""
        for spec in self.specs():
            if not is_html(spec):
                yield self.render(spec.template, spec.path, spec.context)

    def html_pages(self, share: int = 0, shares: int = 1) -> Iterator[HtmlPage]:
        """The pages rendered straight to HTML; with `shares` > 1, only every `shares`-th one from
        `share` on, so that several processes can render them between them."""
        for number, spec in enumerate(spec for spec in self.specs() if is_html(spec)):
            if number % shares == share:
                yield self.render_html(spec)

    def html_folders(self) -> list[str]:
        """The folders of the pages rendered straight to HTML: each has an index page and value pages."""
        paths = dimension_paths(self.catalogue, self.site["dimensions"]["region"])
        return ["utforare", self.site["dimensions"]["area"]["path"], *paths]

    def specs(self) -> Iterator[PageSpec]:
        """Every page of the site, not yet rendered; listed once per renderer (the build's Markdown
        pages and its pages straight to HTML, in every forked worker, share the list)."""
        return iter(self._specs)

    @cached_property
    def _specs(self) -> tuple[PageSpec, ...]:
        return tuple(self._listed_specs())

    def _listed_specs(self) -> Iterator[PageSpec]:
        catalogue = self.catalogue
        area_listings = listings(catalogue, catalogue.suppliers)
        yield PageSpec.of("pages/index.md.j2", "index.md", StartPage(listings=area_listings))
        yield PageSpec.of("pages/suppliers.html.j2", "utforare/index.html", NoContext())
        yield from map(self.supplier_spec, catalogue.suppliers)
        yield from self.area_specs(self.site["dimensions"]["area"]["path"], area_listings)
        for dimension in dimensions(catalogue, self.site["dimensions"]["region"]):
            base = dimension.path
            yield PageSpec.of("pages/dimension.html.j2", f"{base}/index.html", DimensionPage(dimension=dimension))
            for value in dimension.values:
                filtered = partial(self.filter_page, dimension, value)
                shows = frozenset(supplier.id for supplier in value.suppliers)
                yield PageSpec("pages/filter.html.j2", f"{base}/{value.slug}.html", filtered, shows)
        yield PageSpec.of("pages/search.md.j2", "sok.md", NoContext())
        yield PageSpec.of("pages/avrop.md.j2", "avrop.md", NoContext())
        yield PageSpec.of("pages/avrop_links.md.j2", "oppna-data/avrop-lankar.md", NoContext())
        yield from self.news_specs()

    def supplier_spec(self, supplier: Supplier) -> PageSpec:
        page = partial(self.supplier_page, supplier)
        return PageSpec("pages/supplier.html.j2", f"utforare/{supplier.id}.html", page, frozenset([supplier.id]))

    def supplier_page(self, supplier: Supplier) -> SupplierPage:
        return SupplierPage(supplier=supplier, view=supplier_view(self.catalogue, supplier))

    def filter_page(self, dimension: Dimension, value: FilterValue) -> FilterPage:
        shown = [found for found in listings(self.catalogue, value.suppliers) if not found.empty]
        return FilterPage(dimension=dimension, value=value, listings=shown)

    def area_specs(self, base: str, area_listings: list[AreaListing]) -> Iterator[PageSpec]:
        yield PageSpec.of("pages/areas.html.j2", f"{base}/index.html", AreasPage(listings=area_listings))
        for found in area_listings:
            context = AreaPage(area=found.area, listing=found)
            shows = frozenset(entry.item.id for entry in found.ranked) | {s.id for s in found.unpriced + found.blocked}
            yield PageSpec.of("pages/area.html.j2", f"{base}/{found.area.slug}.html", context, shows)

    def news_specs(self) -> Iterator[PageSpec]:
        catalogue = self.catalogue
        register = SanctionsPage(kind=None, kind_label=None, sanctions=catalogue.sanctions)
        yield PageSpec.of("pages/sanctions.md.j2", "sanktioner/index.md", register)
        for kind, slug in self.site["sanction_slugs"].items():
            chosen = tuple(s for s in catalogue.sanctions if s.kind == kind)
            context = SanctionsPage(kind=kind, kind_label=self.site["sanction_kinds"][kind], sanctions=chosen)
            yield PageSpec.of("pages/sanctions.md.j2", f"sanktioner/{slug}.md", context)
        for item in catalogue.news:
            if item.sanction is not None:
                supplier = catalogue.supplier_by_id[item.sanction.supplier_id]
                post = SanctionPostPage(item=item, sanction=item.sanction, supplier=supplier)
                yield PageSpec.of("pages/sanction_post.md.j2", f"nyheter/posts/{item.source}", post)
        overview = FollowUpsPage(overview=follow_up_overview(catalogue))
        yield PageSpec.of("pages/follow_ups.md.j2", "uppfoljning/index.md", overview)
        yield from self.guide_specs()

    def guide_specs(self) -> Iterator[PageSpec]:
        """The supplier guide's generated parts: the field reference, the codes and every validator message."""
        sections = [Markup(field_reference(self.schema_dir, name)) for name in self.site["guide"]["schemas"]]
        yield PageSpec.of("pages/field_reference.md.j2", "guide/faltreferens.md", FieldReferencePage(sections=sections))
        codes = CodesPage(lists=code_lists(self.catalogue, self.site["codes"]))
        yield PageSpec.of("pages/codes.md.j2", "guide/koder.md", codes)
        messages = catalogue_of_messages()
        groups: list[MessageGroup] = [
            {
                "title": group["title"],
                "messages": [
                    {"text": _as_read(messages[key]["text"]), "help": messages[key]["help"]}
                    for key in sorted(messages)
                    if messages[key]["help"] and key in message_keys(group["file"])
                ],
            }
            for group in self.site["guide"]["message_groups"]
        ]
        rules: list[RuleRow] = [
            {"id": rule.id, "text": messages[f"rule_{rule.id.replace('-', '_')}"]["text"]} for rule in ALL_RULES
        ]
        yield PageSpec.of("pages/messages.md.j2", "guide/felmeddelanden.md", MessagesPage(rules=rules, groups=groups))
