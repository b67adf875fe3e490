"""WCAG 2.0/2.1/2.2 A and AA by axe-core in real Chromium, on every kind of page: zero violations.

A second test plants a violation to prove the gate can fail.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any, Literal

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.browser.conftest import AS_OF, serve
from tests.conftest import HVB_CATALOG
from tests.site_support import model_of
from urval.site.pipeline import BuildOptions, build_site
from urval.site.stages import StageLog

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE = Axe()

# One page of every kind, as a person reaches them.
PAGES = [
    "/",
    "/utforare/",
    "/utforare/sjobodarnas-familjeomsorg/",
    "/utforare/exempelgarden-konsulentstod/",
    "/omrade/",
    "/omrade/a/",
    "/lan/",
    "/lan/kalmar/",
    "/sprak/",
    "/sprak/ar/",
    "/tillganglighet/",
    "/tillganglighet/palsallergi/",
    "/nyheter/",
    "/nyheter/nya-priser-1-december-2024/",
    "/sanktioner/",
    "/sanktioner/avropsstopp/",
    "/uppfoljning/",
    "/guide/",
    "/guide/faltreferens/",
    "/guide/koder/",
    "/guide/felmeddelanden/",
    "/guide/adda/",
    "/oppna-data/",
    "/tillganglighetsredogorelse/",
    "/avrop/",
    "/404.html",
]


def violations(page: Page) -> list[dict[str, Any]]:
    result = AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    found: list[dict[str, Any]] = result.response["violations"]
    return found


def describe(found: list[dict[str, Any]]) -> list[str]:
    return [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in found]


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_wcag_violations(page: Page, site_url: str, path: str) -> None:
    page.goto(site_url + path)
    assert describe(violations(page)) == []


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_search_with_results_and_filters_has_no_wcag_violations(page: Page, site_url: str, width: int) -> None:
    """With results, the filter panel open and a filter ticked, on a wide screen and a phone."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site_url + "/sok/?q=familjehem&lan=skane")
    page.locator(".urval-sok-hit").first.wait_for()
    panel = page.locator(".urval-sok-filters")
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()
    page.locator(".urval-sok-group").first.wait_for()
    assert describe(violations(page)) == []


@pytest.mark.browser
def test_print_view_of_a_supplier_has_no_wcag_violations(page: Page, site_url: str) -> None:
    page.emulate_media(media="print")
    page.goto(site_url + "/utforare/solbacken-familjevard/")
    assert describe(violations(page)) == []


@pytest.mark.browser
def test_the_gate_fails_on_a_planted_violation(page: Page, site_url: str) -> None:
    page.goto(site_url + "/")
    page.evaluate(
        """() => {
            const image = document.createElement('img');
            image.src = 'assets/karta/sverige.svg';
            document.querySelector('article').appendChild(image);
            const text = document.createElement('p');
            text.textContent = 'Svag kontrast';
            text.style.color = '#eeeeee';
            document.querySelector('article').appendChild(text);
        }"""
    )
    ids = {v["id"] for v in violations(page)}
    assert {"image-alt", "color-contrast"} <= ids


FOCUS_VISIBLE = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return {tag: element.tagName, text: (element.textContent || '').trim().slice(0, 40),
            visible: outlined || style.boxShadow !== 'none'};
}"""


@pytest.mark.browser
def test_keyboard_focus_is_always_visible(page: Page, site_url: str) -> None:
    page.goto(site_url + "/utforare/solbacken-familjevard/")
    unseen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_VISIBLE)
        if state["tag"] != "BODY" and not state["visible"]:
            unseen.append(state)
    assert unseen == []


@pytest.mark.browser
def test_skip_link_is_first_and_moves_to_the_content(page: Page, site_url: str) -> None:
    page.goto(site_url + "/utforare/solbacken-familjevard/")
    page.keyboard.press("Tab")
    assert "md-skip" in page.evaluate("document.activeElement.className")
    page.keyboard.press("Enter")
    page.wait_for_url("**/utforare/solbacken-familjevard/#solbacken-familjevard-ab")  # raises when it never moves


@pytest.mark.browser
def test_map_has_a_text_equivalent(page: Page, site_url: str) -> None:
    page.goto(site_url + "/utforare/sjobodarnas-familjeomsorg/")
    image = page.get_by_role("img", name="Karta över Sverige. Utföraren erbjuder familjehem i 2 av 21 län")
    assert image.count() == 1
    assert page.locator("article li", has_text="Kalmar län").count() >= 1


@pytest.mark.browser
def test_landmarks_and_one_top_heading(page: Page, site_url: str) -> None:
    for path in ("/", "/omrade/a/", "/utforare/solbacken-familjevard/"):
        page.goto(site_url + path)
        assert page.locator("header").count() >= 1 and page.locator("main").count() == 1
        assert page.locator("footer").count() >= 1 and page.get_by_role("search").count() >= 1
        assert page.locator("article h1").count() == 1


RANKING = (
    "/avrop/?omrade=A&start=2025-06-01&lan=behov:skane&sprak=onskemal:ar"
    "&jamfor=kastanjeallen-konsulentstod,tussilagons-familjehem"
)


@pytest.mark.browser
@pytest.mark.parametrize("media", ["screen", "print"])
def test_ranking_with_results_and_its_print_view_have_no_wcag_violations(
    page: Page, site_url: str, media: Literal["screen", "print"]
) -> None:
    page.emulate_media(media=media)
    page.goto(site_url + RANKING)
    page.wait_for_selector("#avrop[data-ready]", state="attached")
    assert page.locator("#avrop [data-id]").count() > 0
    assert describe(violations(page)) == []


def open_picker_with_chosen_items(page: Page, base: str, query: str) -> None:
    """/avrop/ with chosen needs and wishes (from the address) and the picker's listbox open."""
    page.goto(f"{base}/avrop/?{query}")
    page.wait_for_selector("#avrop[data-ready]", state="attached")
    page.locator("#avrop-picker").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.locator("#avrop-picker-list [role=option][aria-selected=true]").wait_for()
    assert page.locator("#avrop-chosen li").count() > 0


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_ranking_with_the_picker_open_and_chosen_items_has_no_wcag_violations(
    page: Page, site_url: str, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    open_picker_with_chosen_items(page, site_url, "omrade=A&start=2025-06-01&lan=behov:skane&sprak=onskemal:ar")
    assert describe(violations(page)) == []


# The second example framework (other facts, other filter pages): one page of each kind it adds.
HVB_PAGES = [
    "/",
    "/utforare/smedjans-behandlingshem/",
    "/kon/",
    "/kon/flickor/",
    "/malgrupp/missbruk/",
    "/avrop/",
    "/sok/",
]


@pytest.fixture(scope="module")
def hvb_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("hvb") / "site"
    build_site(BuildOptions(catalog=HVB_CATALOG, out=out, as_of=AS_OF), StageLog(out=io.StringIO()))
    with serve(out) as url:
        yield url


@pytest.mark.browser
@pytest.mark.parametrize("path", HVB_PAGES)
def test_hvb_example_page_has_no_wcag_violations(page: Page, hvb_site_url: str, path: str) -> None:
    page.goto(hvb_site_url + path)
    assert describe(violations(page)) == []


@pytest.mark.browser
def test_hvb_picker_offers_its_own_criteria_and_has_no_wcag_violations(page: Page, hvb_site_url: str) -> None:
    catalogue = model_of(HVB_CATALOG, AS_OF)
    open_picker_with_chosen_items(page, hvb_site_url, "start=2025-06-01&kon=behov:flickor")
    groups = page.locator("#avrop-picker-list [role=group]").evaluate_all(
        "gs => gs.map(g => g.getAttribute('aria-label'))"
    )
    assert groups == ["Län", *(c.criterion.filter for c in catalogue.criteria), "Tilläggstjänst"]
    assert describe(violations(page)) == []
