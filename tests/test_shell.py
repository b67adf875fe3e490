"""The page shell (urval/site/shell.py) is the page mkdocs-material renders: a probe Markdown page
built by real mkdocs where the supplier pages are, against the same content (Python-Markdown with
the config's extensions) put into the shell. A theme upgrade that changes the page around the
content fails here, not on the published site."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import markdown

from tests.dom import normalised, parse
from tests.site_support import AS_OF, model_of
from urval.site.csp import with_csp
from urval.site.direct import Shells
from urval.site.pipeline import BuildOptions, renderer_for, run_mkdocs, write_sources
from urval.site.render import long_date
from urval.site.shell import FilledPage, toc_renderer, with_heading_ids
from urval.site.stages import StageLog

PROBE = """# Provsida & prov

Inledning med en [länk](../omrade/index.md).

## Första avsnittet

Text.

### Ett underavsnitt

| A | B |
| --- | ---: |
| 1 | 2 |

## Första avsnittet

!!! warning "Obs"
    Samma rubrik två gånger får två id.
"""


def test_a_page_in_the_shell_is_the_page_mkdocs_renders(catalog: Path, workdir: Path) -> None:
    probe = workdir / "docs" / "utforare" / "provsida.md"
    probe.parent.mkdir(parents=True, exist_ok=True)
    probe.write_text(f"---\ntitle: Provsida & prov\nchanged: 2025-03-01\n---\n\n{PROBE}", encoding="utf-8")
    options = BuildOptions(catalog=catalog, out=workdir / "site", as_of=AS_OF)
    catalogue = model_of(catalog)
    docs, site = workdir / "work" / "docs", workdir / "work" / "site"
    write_sources(renderer_for(catalogue, options), options, docs, StageLog(out=io.StringIO()))
    config = run_mkdocs(catalogue, options, docs, site)
    toc = toc_renderer(config)
    shell = Shells.read(site, ["utforare"], toc).values["utforare"]
    # Our pages write their headings without ids (the shell adds them), so the probe is converted
    # without the toc extension; mkdocs' relative links are written as the page's URL would be.
    extensions = [name for name in config.markdown_extensions if name != "toc"]
    content = markdown.Markdown(extensions=extensions, extension_configs=config.mdx_configs).convert(
        PROBE.replace("../omrade/index.md", "../../omrade/")
    )
    changed = long_date(dt.date(2025, 3, 1))
    ours = with_csp(shell.fill(FilledPage("Provsida &amp; prov", changed, content, "provsida"), toc))
    theirs = (site / "utforare" / "provsida" / "index.html").read_text(encoding="utf-8")
    assert normalised(parse(ours)) == normalised(parse(theirs))
    assert "md-nav__list" in ours and 'id="forsta-avsnittet_1"' in ours  # the toc and the ids are there


def test_heading_ids_are_the_toc_extensions() -> None:
    content, tokens = with_heading_ids("<h1>Å &amp; Ö</h1><h2>Län</h2><h2>Län</h2><h3 class='x'>Ej</h3>")
    assert content == '<h1 id="a-o">Å &amp; Ö</h1><h2 id="lan">Län</h2><h2 id="lan_1">Län</h2><h3 class=\'x\'>Ej</h3>'
    assert [(t["id"], [c["id"] for c in t["children"]]) for t in tokens] == [("a-o", ["lan", "lan_1"])]
