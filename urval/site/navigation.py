"""The mkdocs nav for one catalogue: `mkdocs.yml`'s nav with the index page of every criterion
the framework declares added after the län index, and their value pages kept out of the nav."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from urval.model.types import Catalogue

AFTER = "lan/index.md"  # the criteria's index pages follow this page in the nav


def _with_criteria(node: Any, entries: list[dict[str, str]]) -> Any:
    if isinstance(node, list):
        result: list[Any] = []
        for item in node:
            result.append(_with_criteria(item, entries))
            if isinstance(item, dict) and AFTER in item.values():
                result += entries
        return result
    if isinstance(node, dict):
        return {key: _with_criteria(value, entries) for key, value in node.items()}
    return node


def overrides(catalogue: Catalogue, config_file: Path) -> dict[str, Any]:
    """`nav` and `not_in_nav` for `load_config`, from the config file and the catalogue's criteria."""
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    pages = [c.criterion.page for c in catalogue.page_criteria if c.criterion.page is not None]
    entries = [{page.title: f"{page.path}/index.md"} for page in pages]
    hidden = "".join(f"/{page.path}/*.md\n" for page in pages)
    return {"nav": _with_criteria(config["nav"], entries), "not_in_nav": str(config.get("not_in_nav", "")) + hidden}
