"""Where each kind of catalogue file lives and which JSON Schema judges it.

This is the data contract's layout (shared by every framework), not any framework's content.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FileKind:
    name: str
    schema: str


FRAMEWORK = FileKind("framework", "framework.schema.json")
SUPPLIER = FileKind("supplier", "supplier.schema.json")
FOLLOW_UP = FileKind("follow_up", "follow_up.schema.json")
SANCTION = FileKind("sanction", "sanction.schema.json")
NEWS = FileKind("news", "news.schema.json")
ACCOUNTS = FileKind("accounts", "accounts.schema.json")

FRAMEWORK_FILE = "ramavtal.yaml"
ACCOUNTS_FILE = "accounts.yaml"  # Adda's accounts, for `check-pr`; optional
SCHEMA_DIR = "schema"
REFERENCE_DIR = "reference"

# Reference list name -> schema, for the lists every framework has. The list name is also the
# file name without `.yaml`. A framework declares its other lists (`vocabularies:` in
# ramavtal.yaml), each with its schema.
REFERENCE_KINDS: dict[str, FileKind] = {
    "regions": FileKind("regions", "regions.schema.json"),
}

SUPPLIERS_DIR = "suppliers"

# Folder -> kind of every `*.yaml` in it, one file per entry named by its id.
ENTRY_FOLDERS: dict[str, FileKind] = {
    SUPPLIERS_DIR: SUPPLIER,
    "follow_ups": FOLLOW_UP,
    "sanctions": SANCTION,
}

YAML_SUFFIX = ".yaml"

# Hand-written pages, report files and news live in the docs folder beside the catalogue.
DOCS_DIR = "docs"
# News posts are Markdown under the docs folder; their front matter is judged by NEWS's schema.
NEWS_DIR = "nyheter/posts"
NEWS_GROUP = "news"


def docs_dir(catalog: Path) -> Path:
    """Hand-written pages and report files live in `docs/` beside the catalogue."""
    return catalog.resolve().parent / DOCS_DIR
