"""The supplier's path: the repository's address configured once and linked from the guide and
every supplier page, and the page of every code a supplier file may use, for both examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_CATALOG, HVB_CATALOG
from tests.site_support import model_of
from urval.catalog.history import repository_path
from urval.site.render import Renderer, site_words
from urval.site.repository import Repository

EXAMPLES = {"site": EXAMPLE_CATALOG, "hvb-barn-unga": HVB_CATALOG}
URL = site_words()["repository"]["url"]
BRANCH = site_words()["repository"]["branch"]


def pages_of(catalog: Path) -> dict[str, str]:
    renderer = Renderer(model_of(catalog))
    markdown = {page.path: page.text for page in renderer.pages()}
    return markdown | {page.path: page.text for page in renderer.html_pages()}


def test_the_catalogues_path_inside_the_repository_is_computed_by_git() -> None:
    assert repository_path(EXAMPLE_CATALOG) == "catalog"
    assert repository_path(HVB_CATALOG) == "examples/hvb-barn-unga/catalog"


def test_without_a_known_path_links_go_to_the_repository_and_no_editor_link_is_made() -> None:
    repository = Repository(URL, BRANCH, "", {"utforarmappen": "suppliers"})
    assert repository.folder("suppliers") == URL
    assert repository.edit("suppliers", "x.yaml") == ""
    assert repository.reference_links() == f"[utforarmappen]: {URL}\n"


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_supplier_page_links_to_githubs_editor_for_its_own_file(name: str) -> None:
    catalog = EXAMPLES[name]
    folder = repository_path(catalog)
    pages = pages_of(catalog)
    suppliers = sorted(path for path in pages if path.startswith("utforare/") and path != "utforare/index.html")
    assert suppliers
    for path in suppliers:
        supplier_id = Path(path).stem
        assert (catalog / "suppliers" / f"{supplier_id}.yaml").is_file()
        link = f'<a href="{URL}/edit/{BRANCH}/{folder}/suppliers/{supplier_id}.yaml">Ändra uppgifterna</a>'
        assert link in pages[path], path


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_the_codes_page_lists_every_code_a_supplier_file_may_use(name: str) -> None:
    model = model_of(EXAMPLES[name])
    page = pages_of(EXAMPLES[name])["guide/koder.md"]
    codes = [area.code for area in model.framework.areas]
    codes += [addon.code for addon in model.framework.addons]
    codes += [mode.code for area in model.framework.areas for mode in area.modes]
    codes += [region.slug for region in model.regions]
    declared = [f for f in model.declaration.facts if f.kind in ("codes", "flags")]
    assert declared
    for fact in declared:
        assert f"## {fact.title}" in page
        codes += [entry.code for entry in model.vocabularies[fact.vocabulary]]
    for code in codes:
        assert f"| <code>{code}</code> |" in page, code


def test_the_built_guide_links_to_the_suppliers_folder_and_the_codes_page(example_site: Path) -> None:
    guide = (example_site / "guide" / "index.html").read_text(encoding="utf-8")
    assert f'href="{URL}/tree/{BRANCH}/catalog/suppliers"' in guide
    assert 'href="koder/"' in guide or 'href="../guide/koder/"' in guide
    codes = (example_site / "guide" / "koder" / "index.html").read_text(encoding="utf-8")
    assert "<code>vastra-gotaland</code>" in codes
    reference = (example_site / "guide" / "faltreferens" / "index.html").read_text(encoding="utf-8")
    assert 'href="../koder/"' in reference
