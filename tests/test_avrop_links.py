"""The URL scheme of /avrop/ is documented for developers on a generated open-data page, not on
the social worker's page, which keeps a one-line link to it."""

from __future__ import annotations

from tests.test_calloff import SCHEME, example
from urval.site.render import Renderer

DOCS = "oppna-data/avrop-lankar.md"


def test_the_scheme_table_is_on_the_open_data_page_and_avrop_links_to_it() -> None:
    pages = {page.path: page.text for page in Renderer(example()).pages()}
    avrop, links = pages["avrop.md"], pages[DOCS]
    assert f"[Så länkar du till ett urval]({DOCS})" in avrop
    params = [SCHEME.area, SCHEME.mode, SCHEME.start, SCHEME.compare, *(d.param for d in SCHEME.dimensions)]
    for param in params:
        assert f"| <code>{param}</code> |" in links, param
        assert f"<code>{param}</code>" not in avrop, param
    for _kind, word in SCHEME.kind_words:
        assert f"<code>{word}:</code>" in links
    assert "](../avrop.md)" in links and "](../oppna-data.md)" in links
