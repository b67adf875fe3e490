"""The call-off page /avrop/ in real Chromium against the served example site.

The shared table of cases (`tests/cases/ranking/*.yaml`, also run against `urval/calloff.py` by
`tests/test_calloff.py`) is opened by its URL and the rendered ranks, names, totals, wishes and
reasons are read back. Then the page is driven by keyboard alone and by mouse: needs exclude,
wishes reorder, price breaks ties, ties show as shared places, a stopped supplier is left out
with its reason, a later start date uses the new prices, the URL reproduces the ranking,
back/forward restore it, the printed record holds everything, and the CSV is the record.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser, Page, Route, ViewportSize, expect

from tests.browser.conftest import CATALOG, TIMEOUT_MS
from tests.test_calloff import SCHEME, Placed, RankingCase, case_named, case_names, example
from urval.model.calloff import Criterion, Request, Scheme, call_off, vocabulary

pytestmark = pytest.mark.browser

ROOT = "#avrop"
DATA = "**/data/avrop.json"  # the page's own data (urval/site/avrop_data.py), not the open-data file
ROWS = "#avrop-ranking tbody tr"
LEFT_OUT_ROWS = "#avrop-left-out tbody tr"
_PROFILE = re.compile(r"/utforare/(?P<id>[a-z0-9-]+)/$")
_DIGITS = re.compile(r"[0-9]+")


def canonical(query: str) -> str:
    """The address the page writes for a query: the scheme's order of dimensions (the declared
    criteria's order), as the Python rule writes it."""
    return Request.from_query(query, SCHEME).to_query(SCHEME)


@cache
def supplier_files() -> dict[str, dict[str, Any]]:
    return {p.stem: yaml.safe_load(p.read_text("utf-8")) for p in sorted((CATALOG / "suppliers").glob("*.yaml"))}


@cache
def sanction_reason(supplier_id: str) -> str:
    for path in sorted((CATALOG / "sanctions").glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        if data["supplier"] == supplier_id and data["kind"] == "call_off_stop":
            return " ".join(str(data["reason"]).split())
    raise AssertionError(f"no call-off stop for {supplier_id}")


# --- reading the page ------------------------------------------------------------------------


def open_page(page: Page, base: str, query: str = "") -> None:
    page.goto(f"{base}/avrop/{'?' + query if query else ''}")
    page.wait_for_selector(f"{ROOT}[data-ready]", state="attached")


def updates(page: Page) -> int:
    return int(page.get_attribute(ROOT, "data-updates") or "0")


def after_update(page: Page, before: int) -> None:
    page.wait_for_function(
        "n => Number(document.getElementById('avrop').dataset.updates) > n", arg=before, timeout=TIMEOUT_MS
    )


def act(page: Page, action: Callable[[], object]) -> None:
    """Do something that changes the criteria and wait until the ranking has been redrawn."""
    before = updates(page)
    action()
    after_update(page, before)


def rendered(page: Page) -> tuple[Placed, ...]:
    """The ranking as a reader sees it: the place (and "delad plats"), and the profile link."""
    placed = []
    for row in page.locator(ROWS).all():
        place = row.locator("td").first.inner_text()
        href = row.locator("th a").get_attribute("href") or ""
        match = _PROFILE.search(href)
        assert match, href
        placed.append(Placed(int(_DIGITS.findall(place)[0]), "delad plats" in place, match["id"]))
    return tuple(placed)


def rendered_names(page: Page) -> list[str]:
    return [row.locator("th a").inner_text() for row in page.locator(ROWS).all()]


def totals(page: Page) -> dict[str, int]:
    found = {}
    for row in page.locator(ROWS).all():
        text = row.locator("td.avrop-price strong").inner_text()
        found[row.get_attribute("data-id") or ""] = int("".join(_DIGITS.findall(text.split("kr")[0])))
    return found


def wishes(page: Page) -> dict[str, int]:
    found = {}
    for row in page.locator(ROWS).all():
        text = row.locator("td").nth(1).inner_text()
        numbers = _DIGITS.findall(text.split("\n")[0])
        found[row.get_attribute("data-id") or ""] = int(numbers[0]) if numbers else 0
    return found


def left_out(page: Page) -> dict[str, list[str]]:
    return {
        row.get_attribute("data-id") or "": (row.get_attribute("data-reasons") or "").split()
        for row in page.locator(LEFT_OUT_ROWS).all()
    }


def assert_case(page: Page, case: RankingCase) -> None:
    assert rendered(page) == case.ranked
    assert rendered_names(page) == [supplier_files()[p.id]["name"] for p in case.ranked]
    reasons = left_out(page)
    assert set(reasons) | {p.id for p in case.ranked} == set(supplier_files())
    assert {key: reasons.get(key) for key in case.left_out} == case.left_out
    shown = totals(page)
    assert {key: shown[key] for key in case.totals} == case.totals
    met = wishes(page)
    assert {key: met[key] for key in case.wishes} == case.wishes


# --- the shared cases ------------------------------------------------------------------------


@pytest.mark.parametrize("name", case_names())
def test_shared_case_in_chromium(page: Page, site_url: str, name: str) -> None:
    case = case_named(name)
    open_page(page, site_url, case.query)
    assert_case(page, case)
    count = page.locator("#avrop-result [aria-live=polite]")
    expect(count).to_contain_text(f"{len(case.ranked)} utförare")
    tied = [p for p in case.ranked if p.tied]
    expect(page.locator("#avrop-tie-note")).to_be_visible() if tied else expect(
        page.locator("#avrop-tie-note")
    ).to_be_hidden()


# --- keyboard alone --------------------------------------------------------------------------


def tab_to(page: Page, selector: str, backwards: bool = False, limit: int = 600) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches `selector`."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{selector} not reached with {key}")


PICKER = "#avrop-picker"
LISTBOX = "#avrop-picker-list"


def kind_select(dimension: str, code: str) -> str:
    """The select of a chosen item: need or wish."""
    return f"#avrop-kind-{dimension}-{code}"


def active_option(page: Page) -> str:
    """The accessible name of the picker's active option (aria-activedescendant), or ""."""
    found: str = page.evaluate(
        """() => { const id = document.getElementById('avrop-picker').getAttribute('aria-activedescendant');
                   const option = id && document.getElementById(id);
                   return option ? option.getAttribute('aria-label') : ''; }"""
    )
    return found


def pick_by_keyboard(page: Page, query: str, label: str) -> None:
    """In the focused picker: type, check that the first match is `label`, choose it with Enter."""
    page.keyboard.type(query)
    assert active_option(page) == label
    act(page, lambda: page.keyboard.press("Enter"))
    assert page.evaluate("document.activeElement.id") == "avrop-picker"


def make_wish_by_keyboard(page: Page, dimension: str, code: str) -> None:
    """From the picker, back to the chosen item's select, one step down to wish, back to the picker."""
    tab_to(page, kind_select(dimension, code), backwards=True)
    act(page, lambda: page.keyboard.press("ArrowDown"))
    assert page.input_value(kind_select(dimension, code)) == "wish"
    tab_to(page, PICKER)


def mark(page: Page, dimension: str, code: str, kind: str) -> None:
    """By mouse: open the whole list, click the value (a need), and make it a wish when asked."""
    page.locator(PICKER).click()
    page.keyboard.press("ArrowDown")
    act(page, page.locator(f"{LISTBOX} [data-dimension='{dimension}'][data-value='{code}']").click)
    if kind == "wish":
        act(page, lambda: page.locator(kind_select(dimension, code)).select_option("wish"))
    assert page.input_value(kind_select(dimension, code)) == kind


def test_keyboard_alone_needs_exclude_and_wishes_reorder(page: Page, site_url: str) -> None:
    open_page(page, site_url, "start=2025-06-01")
    expect(page.locator("#avrop-count")).to_contain_text("Välj ett avtalsområde")
    page.locator("body").focus()
    tab_to(page, "input[name=omrade]")  # the first area, A
    act(page, lambda: page.keyboard.press("Space"))
    assert rendered(page) == case_named("tied").ranked
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), "keyboard focus must be visible"
    tab_to(page, PICKER)
    pick_by_keyboard(page, "arab", "Språk: arabiska")
    pick_by_keyboard(page, "päls", "Tillgänglighet: Pälsallergi")
    assert_case(page, case_named("needs-exclude"))


def test_keyboard_alone_wishes_reorder(page: Page, site_url: str) -> None:
    open_page(page, site_url, case_named("price-only").query)
    assert_case(page, case_named("price-only"))
    page.locator("body").focus()
    tab_to(page, PICKER)
    for query, label, dimension, code in (
        ("hbtq-c", "Certifiering: HBTQ-certifierad", "certification", "hbtq"),
        ("syskon", "Målgrupp: Syskonplaceringar", "target_group", "syskon"),
        ("npf", "Målgrupp: Neuropsykiatriska funktionsnedsättningar (NPF)", "target_group", "npf"),
    ):
        pick_by_keyboard(page, query, label)
        make_wish_by_keyboard(page, dimension, code)
    assert_case(page, case_named("wishes-reorder"))
    assert page.url.endswith(canonical(case_named("wishes-reorder").query))


def test_keyboard_alone_later_start_date_uses_new_prices(page: Page, site_url: str) -> None:
    old = case_named("old-prices")
    open_page(page, site_url, old.query.replace("start=2025-11-30", "start=2025-11-01"))
    assert rendered(page) == old.ranked
    page.locator("body").focus()
    tab_to(page, "#avrop-start")  # focus is on the date's first part: month, day or year by locale
    act(page, lambda: page.keyboard.press("ArrowUp"))
    if page.input_value("#avrop-start") != "2025-12-01":  # the first part was not the month
        act(page, lambda: page.keyboard.press("ArrowDown"))
        page.keyboard.press("Tab")  # day-month-year and year-month-day both put the month second
        act(page, lambda: page.keyboard.press("ArrowUp"))
    assert page.input_value("#avrop-start") == "2025-12-01"
    assert_case(page, case_named("new-prices"))
    expect(page.locator("#avrop-warning")).to_be_visible()  # after the framework's end date


def test_keyboard_opens_left_out_and_compares(page: Page, site_url: str) -> None:
    open_page(page, site_url, case_named("stopped").query)
    page.locator("body").focus()
    tab_to(page, "#avrop-left-out > summary")
    page.keyboard.press("Enter")
    row = page.locator(f"{LEFT_OUT_ROWS}[data-id=sjobodarnas-familjeomsorg]")
    expect(row).to_be_visible()
    expect(row).to_contain_text("Avropsstopp")
    expect(row).to_contain_text(sanction_reason("sjobodarnas-familjeomsorg"))
    for supplier_id in ("angsklockans-konsulentstod", "kastanjeallen-konsulentstod"):
        tab_to(page, f"#avrop-compare-{supplier_id}", backwards=True)
        page.keyboard.press("Space")
    table = page.locator("#avrop-compare-table")
    expect(table).to_be_visible()
    expect(table.locator("thead th")).to_have_count(3)
    assert "jamfor=angsklockans-konsulentstod,kastanjeallen-konsulentstod" in page.url


def test_keyboard_submit_moves_focus_to_the_announced_summary(page: Page, site_url: str) -> None:
    case = case_named("needs-exclude")
    open_page(page, site_url, case.query)
    page.locator("body").focus()
    tab_to(page, "#avrop-form button[type=submit]")
    act(page, lambda: page.keyboard.press("Enter"))
    assert page.evaluate("document.activeElement.id") == "avrop-count"
    summary = page.locator("#avrop-count")
    expect(summary).to_have_attribute("tabindex", "-1")
    expect(summary).to_have_attribute("aria-live", "polite")
    expect(summary).to_have_text(re.compile(rf"^{len(case.ranked)} utförare uppfyller alla behov"))
    assert_case(page, case)
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), "the focused summary must show focus"


# --- the picker of needs and wishes ----------------------------------------------------------


def test_picker_is_a_combobox_with_a_grouped_listbox(page: Page, site_url: str) -> None:
    """The WAI-ARIA combobox pattern: typing opens a listbox of matches grouped and named by
    dimension, the first active; arrows move, Escape closes and then clears, Enter chooses."""
    open_page(page, site_url, "omrade=A&start=2025-06-01")
    picker = page.locator(PICKER)
    expect(picker).to_have_attribute("role", "combobox")
    expect(picker).to_have_attribute("aria-controls", "avrop-picker-list")
    expect(picker).to_have_attribute("aria-expanded", "false")
    expect(page.locator(LISTBOX)).to_have_attribute("role", "listbox")
    expect(page.get_by_role("combobox", name="Behov och önskemål", exact=True)).to_have_id("avrop-picker")
    picker.focus()
    page.keyboard.type("svensk")  # Swedish and Swedish sign language
    expect(picker).to_have_attribute("aria-expanded", "true")
    expect(page.locator(LISTBOX)).to_be_visible()
    first = active_option(page)
    assert first == "Språk: svenska"
    group = page.locator(f"{LISTBOX} [role=group]").first
    expect(group).to_have_attribute("aria-label", "Språk")
    expect(page.locator(f"{LISTBOX} [role=option][aria-selected=true]")).to_have_count(1)
    page.keyboard.press("ArrowDown")
    assert active_option(page) not in ("", first)
    page.keyboard.press("ArrowUp")
    assert active_option(page) == first
    page.keyboard.press("Escape")
    expect(picker).to_have_attribute("aria-expanded", "false")
    expect(page.locator(LISTBOX)).to_be_hidden()
    assert picker.get_attribute("aria-activedescendant") is None
    expect(picker).to_have_value("svensk")
    page.keyboard.press("Escape")
    expect(picker).to_have_value("")
    page.keyboard.press("ArrowDown")  # the whole list, every dimension of the data
    names = page.locator(f"{LISTBOX} [role=group]").evaluate_all("gs => gs.map(g => g.getAttribute('aria-label'))")
    assert names == ["Län", "Språk", "Målgrupp", "Metod", "Tillgänglighet", "Certifiering", "Tilläggstjänst"]
    page.keyboard.press("Escape")
    pick_by_keyboard(page, "arab", "Språk: arabiska")
    expect(page.locator("#avrop-picker-status")).to_have_text("Språk: arabiska tillagt som behov.")
    expect(page.locator("#avrop-picker-status")).to_have_attribute("aria-live", "polite")
    assert "sprak=behov:ar" in page.url
    page.keyboard.type("arab")  # a chosen value is not offered again
    expect(picker).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#avrop-picker-status")).to_have_text("Inga träffar för ”arab”.")


def test_a_chosen_item_switches_between_need_and_wish_and_is_removed_by_keyboard(page: Page, site_url: str) -> None:
    open_page(page, site_url, "omrade=A&start=2025-06-01")
    page.locator(PICKER).focus()
    pick_by_keyboard(page, "arab", "Språk: arabiska")
    item = page.locator("#avrop-chosen li")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Språk: arabiska")
    expect(page.get_by_label("Behov eller önskemål: Språk: arabiska")).to_have_value("need")
    make_wish_by_keyboard(page, "language", "ar")
    expect(item).to_have_attribute("data-kind", "wish")
    assert page.url.endswith(canonical("omrade=A&start=2025-06-01&sprak=onskemal:ar"))
    expect(page.locator("[data-record=wishes]")).to_have_text("Språk: arabiska")
    remove = page.get_by_role("button", name="Ta bort arabiska", exact=True)
    expect(remove).to_have_count(1)
    tab_to(page, "#avrop-chosen button[data-remove]", backwards=True)
    act(page, lambda: page.keyboard.press("Enter"))
    expect(item).to_have_count(0)
    assert page.evaluate("document.activeElement.id") == "avrop-picker"
    expect(page.locator("#avrop-picker-status")).to_have_text("Språk: arabiska borttaget.")
    assert page.url.endswith(canonical("omrade=A&start=2025-06-01"))


def test_a_saved_link_shows_its_criteria_as_chosen_items(page: Page, site_url: str) -> None:
    case = case_named("wishes-reorder")
    open_page(page, site_url, case.query)
    request = Request.from_query(case.query, SCHEME)
    shown = page.locator("#avrop-chosen li").evaluate_all(
        "items => items.map(li => [li.dataset.dimension, li.dataset.value, li.dataset.kind])"
    )
    assert sorted(map(tuple, shown)) == sorted(request.marks)
    assert_case(page, case)


class CountedKeys:
    """Every key press, counted: each Tab, arrow, Enter and each typed character."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.count = 0

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.count += 1

    def type(self, text: str) -> None:
        for character in text:
            self.page.keyboard.type(character)
            self.count += 1

    def tab_to(self, selector: str, limit: int = 20) -> None:
        for _ in range(limit):
            if self.page.evaluate("s => document.activeElement.matches(s)", selector):
                return
            self.press("Tab")
        raise AssertionError(f"{selector} not reached in {limit} Tabs")


KEY_BUDGET = 40


def test_a_whole_call_off_by_keyboard_alone_in_at_most_40_key_presses(page: Page, site_url: str) -> None:
    """From a fresh load: an area, a län, a language, an allergy and an add-on, then Visa urval;
    the summary has focus and the ranking is the Python rule's for the same query."""
    page.clock.set_fixed_time(dt.datetime(2025, 6, 1, 12, 0))  # the start date defaults to today
    open_page(page, site_url)
    keys = CountedKeys(page)
    keys.press("Tab")
    assert "md-skip" in page.evaluate("document.activeElement.className")  # "Gå till innehållet"
    keys.press("Enter")
    keys.tab_to("#avrop-form input[name=omrade]")
    keys.press("Space")  # the first area
    keys.tab_to(PICKER)
    for query, label in (
        ("kalm", "Län: Kalmar län"),
        ("arab", "Språk: arabiska"),
        ("päls", "Tillgänglighet: Pälsallergi"),
        ("bered", "Tilläggstjänst: Utökad beredskap"),
    ):
        keys.type(query)
        assert active_option(page) == label
        keys.press("Enter")
    keys.tab_to("#avrop-form button[type=submit]")
    before = updates(page)
    keys.press("Enter")
    after_update(page, before)
    assert page.evaluate("document.activeElement.id") == "avrop-count"
    query = page.url.split("?", 1)[1]
    request = Request.from_query(query, SCHEME)
    expected_marks = {
        ("region", "kalmar", "need"),
        ("language", "ar", "need"),
        ("accessibility", "fur_allergy", "need"),
        ("addon", "T6", "need"),
    }
    assert (request.area, request.start, set(request.marks)) == ("A", dt.date(2025, 6, 1), expected_marks)
    expected = call_off(example(), request, SCHEME)
    assert expected.ranked, "the query must rank someone for the check to mean anything"
    assert rendered(page) == tuple(Placed(e.rank, e.tied, e.item.supplier.id) for e in expected.ranked)
    expect(page.locator("#avrop-count")).to_have_text(re.compile(rf"^{len(expected.ranked)} utförare"))
    print(f"key presses for the whole call-off: {keys.count}")
    assert keys.count <= KEY_BUDGET, keys.count


# --- mouse -----------------------------------------------------------------------------------


def test_mouse_price_breaks_ties_and_shows_shared_places(page: Page, site_url: str) -> None:
    open_page(page, site_url, "start=2025-06-01")
    act(page, lambda: page.get_by_label(re.compile(r"^C: ")).click())
    mark(page, "accessibility", "physical_disability", "wish")
    case = case_named("price-breaks-ties")
    assert_case(page, case)
    shared = page.locator(f"{ROWS}[data-id=fjallsippans-familjestod] td").first
    expect(shared).to_have_text("2 (delad plats)")
    expect(page.locator("#avrop-tie-note")).to_contain_text("bokstavsordning")


def test_mouse_stopped_supplier_left_out_with_its_reason(page: Page, site_url: str) -> None:
    open_page(page, site_url, "start=2025-06-01")
    act(page, lambda: page.get_by_label(re.compile(r"^A: ")).click())
    mark(page, "region", "kalmar", "need")
    mark(page, "region", "blekinge", "need")
    assert_case(page, case_named("stopped"))
    page.locator("#avrop-left-out > summary").click()
    row = page.locator(f"{LEFT_OUT_ROWS}[data-id=sjobodarnas-familjeomsorg]")
    expect(row).to_contain_text(f"Avropsstopp från 1 maj 2025: {sanction_reason('sjobodarnas-familjeomsorg')}")


def test_mouse_compare_two_to_four(page: Page, site_url: str) -> None:
    open_page(page, site_url, case_named("tied").query)
    expect(page.locator("#avrop-compare-table")).to_be_hidden()
    ids = [p.id for p in case_named("tied").ranked[:5]]
    page.locator(f"#avrop-compare-{ids[0]}").click()
    expect(page.locator("#avrop-compare-table")).to_be_hidden()
    for supplier_id in ids[1:4]:
        page.locator(f"#avrop-compare-{supplier_id}").click()
    table = page.locator("#avrop-compare-table")
    expect(table.locator("thead th")).to_have_count(5)
    expect(page.locator(f"#avrop-compare-{ids[4]}")).to_be_disabled()
    expect(page.locator("#avrop-compare-max")).to_be_visible()
    first = supplier_files()[ids[0]]
    expect(table.locator("tr[data-row=price] td").first).to_contain_text("kr per dygn")
    expect(table.locator("tr[data-row=follow_ups] td").first).to_contain_text("st.")
    expect(table.locator("thead th").nth(1)).to_have_text(first["name"])
    page.locator(f"#avrop-compare-{ids[0]}").click()
    expect(table.locator("thead th")).to_have_count(4)
    expect(page.locator(f"#avrop-compare-{ids[4]}")).to_be_enabled()


# --- the address -----------------------------------------------------------------------------


def test_the_url_reproduces_the_ranking_in_a_fresh_page(page: Page, browser: Browser, site_url: str) -> None:
    open_page(page, site_url, "start=2025-06-01")
    act(page, lambda: page.get_by_label(re.compile(r"^D: ")).click())
    mark(page, "addon", "T6", "need")
    mark(page, "addon", "T1", "wish")
    mark(page, "addon", "T2", "wish")
    assert_case(page, case_named("addons"))
    url = page.url
    assert url.endswith(canonical(case_named("addons").query))
    context = browser.new_context(locale="sv-SE")
    try:
        fresh = context.new_page()
        fresh.goto(url)
        fresh.wait_for_selector(f"{ROOT}[data-ready]", state="attached")
        assert_case(fresh, case_named("addons"))
        assert fresh.input_value(kind_select("addon", "T6")) == "need"
        assert fresh.input_value(kind_select("addon", "T1")) == "wish"
        assert fresh.url == url
    finally:
        context.close()


def test_back_and_forward_restore_form_and_result(page: Page, site_url: str) -> None:
    open_page(page, site_url, case_named("price-only").query)
    mark(page, "certification", "hbtq", "wish")
    mark(page, "target_group", "syskon", "wish")
    mark(page, "target_group", "npf", "wish")
    assert_case(page, case_named("wishes-reorder"))
    steps = 6  # each value: chosen (a need), then made a wish
    for _ in range(steps):
        act(page, page.go_back)
    assert_case(page, case_named("price-only"))
    expect(page.locator(kind_select("certification", "hbtq"))).to_have_count(0)
    for _ in range(steps):
        act(page, page.go_forward)
    assert_case(page, case_named("wishes-reorder"))
    assert page.input_value(kind_select("target_group", "npf")) == "wish"


def test_a_canonical_url_is_written_on_load(page: Page, site_url: str) -> None:
    open_page(page, site_url, "sprak=onskemal:en&start=2025-06-01&omrade=E&sprak=behov:xx,en")
    assert page.url.endswith("?omrade=E&prisform=on_site&start=2025-06-01&sprak=behov:en")


def test_the_page_follows_the_scheme_in_its_data(page: Page, site_url: str) -> None:
    """Renamed parameters and words, and län-like grouping of languages, in the data alone: the
    page reads, ranks and writes by them, as the Python rule does with the same scheme."""
    data = SCHEME.to_data()
    data["dimensions"] = {d.pop("key"): d for d in data["dimensions"]}
    data["params"].update(area="avtal", compare="se")
    data["kinds"].update(need="maste")
    data["dimensions"]["language"].update(param="tunga", grouped=True)
    other = Scheme.from_data(data)

    def renamed(route: Route) -> None:
        served = json.loads(route.fetch().text())
        served["scheme"] = other.to_data()
        route.fulfill(body=json.dumps(served), content_type="application/json")

    page.route(DATA, renamed)
    query = "avtal=A&start=2025-06-01&tunga=maste:ar,sv&tillganglighet=onskemal:fur_allergy"
    open_page(page, site_url, query)
    expected = call_off(example(), Request.from_query(query, other), other)
    assert rendered(page) == tuple(Placed(e.rank, e.tied, e.item.supplier.id) for e in expected.ranked)
    assert [c.token for c in expected.needs] == ["language:ar,sv"]
    assert left_out(page) == {item.supplier.id: [r.token for r in item.reasons] for item in expected.left_out}
    both = call_off(example(), Request.from_query("omrade=A&start=2025-06-01&sprak=behov:ar,sv", SCHEME), SCHEME)
    assert len(expected.ranked) > len(both.ranked), "grouped, either language meets the need"
    assert page.url.endswith("?avtal=A&start=2025-06-01&tunga=maste:ar,sv&tillganglighet=onskemal:fur_allergy")
    assert page.locator("input[name=avtal]").count() == len(example().framework.areas)


def test_the_page_loads_its_own_data_not_the_open_data_file(page: Page, site_url: str) -> None:
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    open_page(page, site_url, case_named("tied").query)
    data = [url for url in fetched if "/data/" in url]
    assert [url.rsplit("/", 1)[-1] for url in data] == ["avrop.json"]


# --- few suppliers meet every need -----------------------------------------------------------


def without_need(request: Request, need: Criterion) -> Request:
    """The request with one need dropped (every value of it, for a grouped dimension)."""
    marks = tuple(m for m in request.marks if not (m[0] == need.dimension and m[1] in need.values and m[2] == "need"))
    return Request(request.area, request.start, request.mode, marks, request.compare)


def few_left(area: str = "A", start: str = "2025-06-01") -> Request:
    """Needs chosen from the example's data so that one or two suppliers remain: each value of each
    ungrouped dimension (in the scheme's order), added as a need when it keeps at least one ranked."""
    request = Request.from_query(f"omrade={area}&start={start}", SCHEME)
    words = vocabulary(example())
    for dimension in SCHEME.dimensions:
        for value in () if dimension.grouped else words[dimension.key]:
            tried = Request(request.area, request.start, request.mode, (*request.marks, (dimension.key, value, "need")))
            if call_off(example(), tried, SCHEME).ranked:
                request = tried
            if len(call_off(example(), request, SCHEME).ranked) < 3 and len(request.marks) >= 2:
                return request
    raise AssertionError("no request leaves fewer than three suppliers")


def test_few_left_names_each_need_with_how_many_it_alone_leaves_out(page: Page, site_url: str) -> None:
    request = few_left()
    result = call_off(example(), request, SCHEME)
    assert 0 < len(result.ranked) < 3 and len(result.needs) >= 2
    expected = {
        need.token: len(call_off(example(), without_need(request, need), SCHEME).ranked) - len(result.ranked)
        for need in result.needs
    }
    assert any(expected.values()), "some need must leave someone out"
    open_page(page, site_url, request.to_query(SCHEME))
    items = page.locator("#avrop-relax-list li")
    expect(page.locator("#avrop-relax")).to_be_visible()
    shown = {li.get_attribute("data-need") or "": int(li.get_attribute("data-count") or "-1") for li in items.all()}
    assert shown == expected
    counts = [int(li.get_attribute("data-count") or "0") for li in items.all()]
    assert counts == sorted(counts, reverse=True)
    for li in items.all():
        expect(li).to_contain_text(f"lämnar ensamt ute {li.get_attribute('data-count')} utförare")
    # The need that brings back most, made a wish with one click: the ranking is the rule's for that.
    top = max(result.needs, key=lambda need: expected[need.token])
    button = items.first.locator("button")
    expect(button).to_have_text(re.compile(rf"^Gör .+ till önskemål – tar med {expected[top.token]} till$"))
    act(page, button.click)
    relaxed = without_need(request, top)
    relaxed = Request(
        relaxed.area, relaxed.start, relaxed.mode, (*relaxed.marks, *((top.dimension, v, "wish") for v in top.values))
    )
    again = call_off(example(), relaxed, SCHEME)
    assert len(again.ranked) == len(result.ranked) + expected[top.token]
    assert rendered(page) == tuple(Placed(e.rank, e.tied, e.item.supplier.id) for e in again.ranked)
    assert Request.from_query(page.url.split("?", 1)[1], SCHEME).criteria("wish", vocabulary(example()), SCHEME) == (
        again.wishes
    )
    assert page.evaluate("document.activeElement.id") == "avrop-count"
    for value in top.values:  # the chosen item follows: now a wish
        expect(page.locator(kind_select(top.dimension, value))).to_have_value("wish")


def test_enough_left_names_no_need(page: Page, site_url: str) -> None:
    open_page(page, site_url, case_named("tied").query)
    expect(page.locator("#avrop-relax")).to_be_hidden()


# --- a phone ---------------------------------------------------------------------------------

PHONE: ViewportSize = {"width": 390, "height": 844}


def test_on_a_phone_each_supplier_is_a_card_and_nothing_scrolls_sideways(browser: Browser, site_url: str) -> None:
    context = browser.new_context(locale="sv-SE", viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        case = case_named("addons")  # long price breakdowns: the widest ranking
        open_page(page, site_url, case.query)
        page.locator("#avrop-left-out > summary").click()
        page.locator(f"#avrop-compare-{case.ranked[0].id}").click()
        page.locator(f"#avrop-compare-{case.ranked[1].id}").click()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        wide = page.evaluate(
            """() => [document.getElementById('avrop-result'), ...document.querySelectorAll(
                 '#avrop-result *:not(.avrop-compare-scroll):not(.avrop-compare-scroll *)')]
               .filter(e => e.scrollWidth > e.clientWidth + 1
                            && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
               .map(e => e.id || e.className || e.tagName)"""
        )
        assert wide == []
        right = page.evaluate(
            """() => Math.max(...[...document.querySelectorAll('#avrop-result *')]
                 .filter(e => !e.closest('.avrop-compare-scroll') && e.getClientRects().length)
                 .map(e => e.getBoundingClientRect().right))"""
        )
        assert right <= PHONE["width"]
        row = page.locator(ROWS).first
        assert row.evaluate("r => getComputedStyle(r).display") == "block"
        cell = row.locator("td.avrop-price")
        assert cell.get_attribute("data-label") == "Pris på startdatumet"
        label = cell.evaluate("c => getComputedStyle(c, '::before').content")
        assert "Pris på startdatumet" in label
        assert rendered(page) == case.ranked
    finally:
        context.close()


def test_on_a_phone_the_picker_and_its_chosen_items_fit(browser: Browser, site_url: str) -> None:
    context = browser.new_context(locale="sv-SE", viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        open_page(page, site_url, case_named("addons").query + "&malgrupp=onskemal:npf&lan=behov:vasternorrland")
        expect(page.locator("#avrop-chosen li")).to_have_count(5)
        page.locator(PICKER).focus()
        page.keyboard.type("funktionsnedsättning")  # long names in the list
        expect(page.locator(LISTBOX)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        right = page.evaluate(
            """() => Math.max(...[...document.querySelectorAll('#avrop-form *')]
                 .filter(e => e.getClientRects().length).map(e => e.getBoundingClientRect().right))"""
        )
        assert right <= PHONE["width"]
    finally:
        context.close()


# --- the call-off record ---------------------------------------------------------------------


def test_print_view_holds_the_whole_record(page: Page, site_url: str) -> None:
    case = case_named("needs-exclude")
    open_page(page, site_url, case.query)
    page.emulate_media(media="print")
    record = page.locator("#avrop-record")
    expect(record).to_be_visible()
    expect(record).to_contain_text("Avropsunderlag")
    expect(record).to_contain_text("1 juni 2025")  # the start date
    expect(record.locator("[data-record=version]")).to_contain_text("Katalogens uppgifter per 1 juni 2025")
    expect(record.locator("[data-record=needs]")).to_contain_text("Språk: arabiska")
    expect(record.locator("[data-record=needs]")).to_contain_text("Tillgänglighet: Pälsallergi")
    expect(record.locator("[data-record=wishes]")).to_have_text("Inga")
    expect(record.locator("[data-record=link] a")).to_have_text(page.url)
    for row in page.locator(ROWS).all():
        expect(row).to_be_visible()
    expect(page.locator(f"{ROWS} .avrop-price").first).to_contain_text("kr per dygn")
    left = page.locator(LEFT_OUT_ROWS)
    expect(left).to_have_count(len(supplier_files()) - len(case.ranked))
    for row in left.all():
        expect(row).to_be_visible()
    expect(left.filter(has_text="Avtalet hävt")).to_have_count(1)
    expect(page.locator("#avrop-form")).to_be_hidden()
    expect(page.locator("#avrop-csv")).to_be_hidden()
    page.emulate_media(media="screen")
    expect(page.locator(LEFT_OUT_ROWS).first).to_be_hidden()  # collapsed again on screen


PRINT_RULES = """() => {
  const found = [];
  const walk = (rules, print) => {
    for (const rule of rules) {
      if (rule instanceof CSSMediaRule) walk(rule.cssRules, print || rule.conditionText.includes("print"));
      else if (print && rule.style) found.push([rule.selectorText, rule.style.breakInside, rule.style.breakBefore,
                                               rule.style.breakAfter]);
    }
  };
  for (const sheet of document.styleSheets) walk(sheet.cssRules, false);
  return found;
}"""


def test_the_printed_record_carries_organisation_numbers_and_keeps_rows_whole(page: Page, site_url: str) -> None:
    case = case_named("needs-exclude")
    open_page(page, site_url, case.query)
    page.emulate_media(media="print")
    rules = page.evaluate(PRINT_RULES)
    whole = {selector for selector, inside, _before, _after in rules if inside == "avoid"}
    assert {".avrop tr", ".avrop-record"} <= {part.strip() for sel in whole for part in sel.split(",")}
    forced = [(sel, before, after) for sel, _inside, before, after in rules if "page" in (before, after)]
    assert forced == [], "no forced page breaks in the printed record"
    for row in [*page.locator(ROWS).all(), *page.locator(LEFT_OUT_ROWS).all()]:
        supplier = supplier_files()[row.get_attribute("data-id") or ""]
        org = row.locator(".avrop-org")
        expect(org).to_be_visible()
        expect(org).to_have_text(f"org.nr {supplier['org_number']}")
    assert page.locator(f"{ROWS} .avrop-org").count() == len(case.ranked)


def download_csv(page: Page) -> tuple[bytes, str]:
    with page.expect_download() as info:
        page.locator("#avrop-csv").click()
    download = info.value
    return Path(download.path()).read_bytes(), download.suggested_filename


def test_csv_download_is_the_record(page: Page, site_url: str) -> None:
    case = case_named("addons")
    open_page(page, site_url, case.query)
    raw, filename = download_csv(page)
    assert filename == "avropsunderlag-D-2025-06-01.csv"
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    header = rows.index(["Plats", *rows[rows.index([]) + 1][1:]])
    meta = {row[0]: row[1] for row in rows[1 : rows.index([])] if len(row) == 2}
    assert meta["Planerat startdatum"] == "1 juni 2025"
    assert meta["Behov"] == "Tilläggstjänst: Utökad beredskap"
    assert meta["Önskemål"] == "Tilläggstjänst: Utökad handledning; Tilläggstjänst: Förstärkt konsulentstöd"
    assert meta["Dataversion"].startswith("Katalogens uppgifter per 1 juni 2025")
    assert meta["Länk till urvalet"] == page.url
    ranked = rows[header + 1 : header + 1 + len(case.ranked)]
    names = {p.id: supplier_files()[p.id]["name"] for p in case.ranked}
    assert [(int(r[0]), r[2]) for r in ranked] == [(p.rank, names[p.id]) for p in case.ranked]
    first = ranked[0]
    assert first[7] == str(case.totals["masskarets-familjehemsvard"])
    assert "räknas inte in i totalen" in first[6]
    assert first[9].endswith("/utforare/masskarets-familjehemsvard/")
    left_header = rows.index(["Utelämnad utförare", "Organisationsnummer", "Skäl"])
    left = {r[0]: r[2] for r in rows[left_header + 1 :] if r}
    assert left[supplier_files()["kvarnbackens-familjevard"]["name"]].startswith("Avtalet hävt 15 februari 2025")
    assert len(left) == len(supplier_files()) - len(case.ranked)


def test_csv_cells_cannot_run_as_formulas(page: Page, site_url: str) -> None:
    def evil(route: Route) -> None:
        data = json.loads(route.fetch().text())
        columns = data["suppliers"]
        columns["name"][columns["id"].index("masskarets-familjehemsvard")] = (
            '=HYPERLINK("http://example.invalid","klicka")'
        )
        route.fulfill(body=json.dumps(data), content_type="application/json")

    page.route(DATA, evil)
    open_page(page, site_url, case_named("addons").query)
    raw, _ = download_csv(page)
    text = raw.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert not any(cell.startswith("=") for row in csv.reader(io.StringIO(text)) for cell in row)


ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def test_every_date_a_person_reads_is_written_in_words(page: Page, site_url: str) -> None:
    """As on the rest of the site ("1 juni 2025"): the chosen start date beside its input, the
    record, the reasons, the comparison and the CSV. Only the date input itself and addresses
    (the link to the selection, the profiles) keep the ISO form a machine reads."""
    case = case_named("stopped")
    open_page(page, site_url, case.query + "&jamfor=angsklockans-konsulentstod,kastanjeallen-konsulentstod")
    said = page.locator("#avrop-start-said")
    expect(said).to_have_text("Startdatum: 1 juni 2025")
    assert "avrop-start-said" in (page.get_attribute("#avrop-start", "aria-describedby") or "")
    act(page, lambda: page.locator("#avrop-start").fill("2025-12-01"))
    expect(said).to_have_text("Startdatum: 1 december 2025")
    act(page, page.go_back)
    page.locator("#avrop-left-out > summary").click()
    shown = page.evaluate(
        """() => { const copy = document.getElementById('avrop').cloneNode(true);
                   copy.querySelector('[data-record=link]').remove();
                   copy.querySelectorAll('script, link').forEach(e => e.remove());
                   return copy.textContent; }"""
    )
    assert ISO_DATE.findall(shown) == []
    assert "1 maj 2025" in shown  # the stop's date, in words
    raw, _ = download_csv(page)
    cells = [cell for row in csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";") for cell in row]
    assert [c for c in cells if ISO_DATE.search(c) and "://" not in c] == []
    assert "1 juni 2025" in cells


# --- without JavaScript, accessibility -------------------------------------------------------


def test_without_javascript_the_page_points_to_the_filter_pages(page_without_js: Page, site_url: str) -> None:
    page_without_js.goto(f"{site_url}/avrop/")
    notice = page_without_js.locator(".avrop-noscript")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("JavaScript")
    hrefs = {a.get_attribute("href") for a in notice.locator("a").all()}
    assert hrefs == {"../omrade/", "../lan/", "../sprak/", "../tillganglighet/"}
    expect(page_without_js.locator(ROOT)).to_be_hidden()


def test_form_is_labelled_and_free_of_inline_code(page: Page, site_url: str) -> None:
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    open_page(page, site_url, "start=2025-06-01&sprak=behov:ar&tillagg=onskemal:T1")
    form = page.locator("form#avrop-form")
    assert form.locator("fieldset > legend").count() >= 1
    assert form.locator("#avrop-chosen select").count() == 2
    for control in form.locator("select, input").all():
        control_id = control.get_attribute("id")
        assert control_id and page.locator(f"label[for='{control_id}']").count() == 1, control_id
    inline = page.evaluate(
        """() => [...document.querySelectorAll('*')].flatMap(el =>
             [...el.attributes].filter(a => a.name.startsWith('on')).map(a => el.tagName + ' ' + a.name))"""
    )
    assert inline == []
    scripts = page.evaluate("() => [...document.querySelectorAll('#avrop script, article script')].map(s => s.src)")
    assert scripts and all(src.endswith("/assets/avrop.js") for src in scripts)
    assert not [m for m in messages if "Content Security Policy" in m]
    page.locator("#avrop-clear").click()
    expect(form.locator("#avrop-chosen li")).to_have_count(0)
    expect(page.locator("#avrop-result [aria-live=polite]")).to_have_text(
        "Välj ett avtalsområde för att se vilka utförare som kan avropas."
    )


def test_long_lists_show_the_first_hundred_and_all_on_request_and_in_print(page: Page, site_url: str) -> None:
    def many(route: Route) -> None:
        """Every supplier eight times over: each column repeated (per dimension, per price slot)."""
        data = json.loads(route.fetch().text())
        columns = data["suppliers"]
        copies: dict[str, Any] = {key: value * 8 for key, value in columns.items() if key not in ("held", "prices")}
        copies["held"] = {key: value * 8 for key, value in columns["held"].items()}
        copies["prices"] = [slot * 8 for slot in columns["prices"]]
        copies["id"] = [f"{value}-{n}" for n in range(8) for value in columns["id"]]
        copies["name"] = [f"{value} {n}" for n in range(8) for value in columns["name"]]
        data["suppliers"] = copies
        route.fulfill(body=json.dumps(data), content_type="application/json")

    page.route(DATA, many)
    open_page(page, site_url, case_named("tied").query)
    total = len(case_named("tied").ranked) * 8
    expect(page.locator("#avrop-count")).to_contain_text(f"{total} utförare")
    expect(page.locator(ROWS)).to_have_count(100)
    more = page.locator("#avrop-more button")
    expect(more).to_have_text(f"Visa alla {total}")
    more.click()
    expect(page.locator(ROWS)).to_have_count(total)
    page.reload()
    page.wait_for_selector(f"{ROOT}[data-ready]", state="attached")
    expect(page.locator(ROWS)).to_have_count(100)
    page.emulate_media(media="print")
    expect(page.locator(ROWS)).to_have_count(total)
    expect(page.locator(LEFT_OUT_ROWS)).to_have_count(len(supplier_files()) * 8 - total)
