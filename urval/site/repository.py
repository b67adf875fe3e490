"""The catalogue's repository on GitHub, configured once (`repository:` in `site_templates/site.yaml`).

Suppliers change their data by pull request there, so the guide links to the suppliers' folder
and every supplier page to GitHub's editor for its own file. The catalogue's path inside the
repository is what git reports for the built catalogue (`Catalogue.repository_path`), never
assumed; without it, links go to the repository itself and no editor link is shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Repository:
    url: str  # e.g. https://github.com/owner/name, without a trailing slash
    branch: str
    catalog_path: str  # the catalogue folder inside the repository; "" when unknown
    links: Mapping[str, str] = field(default_factory=dict)  # reference-link name -> folder in the catalogue

    @classmethod
    def of(cls, site: Mapping[str, Any], catalog_path: str) -> Repository:
        config = site["repository"]
        links = {str(name): str(folder) for name, folder in (config.get("links") or {}).items()}
        return cls(str(config["url"]).rstrip("/"), str(config["branch"]), catalog_path, links)

    def _path(self, *parts: str) -> str:
        return "/".join(part.strip("/") for part in (self.catalog_path, *parts) if part)

    def folder(self, *parts: str) -> str:
        """GitHub's page of a folder in the catalogue (the repository's page when the path is unknown)."""
        if not self.catalog_path:
            return self.url
        return f"{self.url}/tree/{self.branch}/{self._path(*parts)}"

    def edit(self, *parts: str) -> str:
        """GitHub's editor for a file in the catalogue; "" when the catalogue's path is unknown."""
        if not self.catalog_path:
            return ""
        return f"{self.url}/edit/{self.branch}/{self._path(*parts)}"

    def reference_links(self) -> str:
        """Markdown reference-link definitions (`[name]: url`) for hand-written pages."""
        return "".join(f"[{name}]: {self.folder(folder)}\n" for name, folder in sorted(self.links.items()))


def add_reference_links(docs: Path, repository: Repository) -> None:
    """Give every hand-written page the repository's reference links, so a page written as
    `[katalogens mapp][utforarmappen]` links to the folder without a template in the page."""
    definitions = repository.reference_links()
    if not definitions:
        return
    for page in sorted(docs.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        page.write_text(f"{text.rstrip()}\n\n{definitions}", encoding="utf-8")
