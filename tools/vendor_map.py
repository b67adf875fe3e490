#!/usr/bin/env python3
"""Regenerate docs/assets/karta/sverige.svg from the npm package @svg-maps/sweden (CC BY 4.0).

    npm pack @svg-maps/sweden && tar xzf svg-maps-sweden-*.tgz
    python tools/vendor_map.py package/index.js

Each county becomes a `<path id="SLUG">` whose id matches the slugs in catalog/reference/regions.yaml,
so a page can draw the map with one `<use href="…/sverige.svg#SLUG">` per county.
"""

from __future__ import annotations

import html
import json
import re
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "docs" / "assets" / "karta" / "sverige.svg"


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def main(index_js: str) -> None:
    source = Path(index_js).read_text(encoding="utf-8")
    data = json.loads(source[source.index("{") : source.rindex("}") + 1])
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{data["viewBox"]}">',
        "<!-- Map of Sweden from the npm package @svg-maps/sweden 1.0.1 by Victor Cazanave, CC BY 4.0",
        "     (https://creativecommons.org/licenses/by/4.0/). Unchanged shapes; ids made URL-safe.",
        "     Regenerate: python tools/vendor_map.py PATH/TO/package/index.js -->",
    ]
    lines += [
        f'<path id="{slug(loc["id"])}" d="{html.escape(loc["path"])}"><title>{html.escape(loc["name"])}</title></path>'
        for loc in data["locations"]
    ]
    OUT.write_text("\n".join([*lines, "</svg>"]) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
