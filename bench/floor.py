"""The build benchmark's child processes for the floor: what any mkdocs + Pagefind site of the same
pages costs, without our stages.

    python -m bench.floor sources --catalog DIR --docs DIR --as-of YYYY-MM-DD
        writes the docs folder of the mkdocs route of the same pages: what our build hands to
        mkdocs (hand-written and generated Markdown pages, open data, schemas), through the
        pipeline's own functions, with every page our build renders straight to HTML written as a
        Markdown page with its front matter instead of its shell's placeholder, as the site was
        built before those pages left mkdocs
    python -m bench.floor mkdocs --docs DIR --site DIR
        a bare `mkdocs build --strict` of that folder with the project's mkdocs.yml (the mkdocs
        API, so docs_dir and site_dir need no edited copy of the configuration)

Pagefind on the result is timed separately as `python -m pagefind --site DIR`, as the build runs it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import logging
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def write_docs(catalog: Path, docs: Path, as_of: dt.date) -> int:
    """The docs folder of a build of `catalog`; returns the number of suppliers."""
    from urval.site import navigation
    from urval.site.export import write_open_data
    from urval.site.pipeline import BuildOptions, model_for, renderer_for, write_sources
    from urval.site.shell import PLACEHOLDER
    from urval.site.stages import StageLog

    shutil.rmtree(docs, ignore_errors=True)
    docs.parent.mkdir(parents=True, exist_ok=True)
    options = BuildOptions(catalog=catalog, out=docs.parent / "unused-site", as_of=as_of)
    log = StageLog(out=io.StringIO())
    catalogue = model_for(options, log)
    renderer = renderer_for(catalogue, options)
    write_sources(renderer, options, docs, log)
    # As the site was built before: the open data in docs/, copied by mkdocs (the build now writes
    # it beside mkdocs and gives mkdocs empty files of its names).
    write_open_data(catalogue, docs / "data", dt.datetime.now(dt.UTC))
    for folder in renderer.html_folders():
        (docs / folder / f"{PLACEHOLDER}.md").unlink()
    for page in renderer.html_pages():
        title, changed = (json.dumps(value, ensure_ascii=False) for value in (page.title, page.changed))
        front = f"---\ntitle: {title}\nchanged: {changed}\n---\n\n"
        (docs / page.path.removesuffix(".html")).with_suffix(".md").write_text(front + page.content, encoding="utf-8")
    # The build's nav for this catalogue (the criteria's pages), for the bare mkdocs run.
    overrides = navigation.overrides(catalogue, REPO / "mkdocs.yml")
    (docs.parent / "overrides.json").write_text(json.dumps(overrides, ensure_ascii=False), encoding="utf-8")
    return len(catalogue.suppliers)


def mkdocs_build(docs: Path, site: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(handler)
    shutil.rmtree(site, ignore_errors=True)
    overrides = json.loads((docs.parent / "overrides.json").read_text(encoding="utf-8"))
    config = load_config(
        config_file=str(REPO / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(site), strict=True, **overrides
    )
    build(config)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.floor", description="Child processes of the build benchmark's floor."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    sources = commands.add_parser("sources", help="write the docs folder our build gives mkdocs")
    sources.add_argument("--catalog", type=Path, required=True)
    sources.add_argument("--docs", type=Path, required=True)
    sources.add_argument("--as-of", type=dt.date.fromisoformat, required=True)
    bare = commands.add_parser("mkdocs", help="a bare mkdocs build of a docs folder")
    bare.add_argument("--docs", type=Path, required=True)
    bare.add_argument("--site", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.command == "sources":
        write_docs(args.catalog, args.docs, args.as_of)
    else:
        mkdocs_build(args.docs, args.site)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
