"""The package's import layers, read from the source with `ast`: data flows one way.

Bottom to top: `urval.messages`; `urval.text` and `urval.memory`; `urval.catalog`; `urval.model`;
`urval.options`; `urval.site` and, beside it, `urval.pr` (which may not use the site); `urval.cli`
on top. A module
may import its own part and the parts below it, never one above or beside it. No two modules
import each other, directly or round a loop, at any level (within a subpackage too). Nothing but
`build.py` imports `urval.cli` (the tests may, as a user would).

Every import counts, also one inside a function or under `if TYPE_CHECKING:`: each is a place
where a lower layer knows about a higher one.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO

# Each part of the package with its rank: a module may import its own part or one ranked lower.
# `site` and `pr` share a rank, so neither may import the other.
RANKS = {
    "urval": 0,  # the package's own __init__: nothing but a docstring
    "urval.messages": 0,
    "urval.text": 1,
    "urval.memory": 1,
    "urval.catalog": 3,
    "urval.model": 4,
    "urval.options": 5,  # shared command options: uses the catalogue's layout
    "urval.site": 6,
    "urval.pr": 6,
    "urval.cli": 7,
}
CLI = "urval.cli"
# Outside the package, only the entry point may import the command line (tests aside).
OUTSIDE = ("build.py", "bench", "tools")
CLI_IMPORTERS = {"build.py"}

# Known breaches, each (importer, imported), compared exactly: a new one fails, and so does one
# that is gone, so this list only ever shrinks. None today.
KNOWN_BREACHES: set[tuple[str, str]] = set()
KNOWN_CYCLES: list[list[str]] = []


@dataclass(frozen=True, order=True)
class Import:
    importer: str  # a module of the package, or a path outside it
    imported: str  # a module of the package
    line: int

    def __str__(self) -> str:
        return f"{self.importer}:{self.line} imports {self.imported}"


def module_names(root: Path) -> dict[str, Path]:
    """Every module of the `urval` package under `root`, by dotted name."""
    modules = {}
    for path in sorted((root / "urval").rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    return modules


def imports_in(path: Path, name: str | None, modules: dict[str, Path]) -> list[Import]:
    """The package modules that the file at `path` (module `name`, or None outside the package) imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    importer = name or path.name
    is_package = path.name == "__init__.py"
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                assert name is not None, f"{path}: a relative import outside the package"
                package = name.split(".") if is_package else name.split(".")[:-1]
                anchor = package[: len(package) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from urval.site import render` imports the module urval.site.render; a name that is
            # not a module comes from the package's __init__.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        else:
            continue
        for target in targets:
            known = _innermost_module(target, modules)
            if known is not None and known != name:
                found.append(Import(importer, known, node.lineno))
    return sorted(set(found))


def _innermost_module(dotted: str, modules: dict[str, Path]) -> str | None:
    parts = dotted.split(".")
    while parts:
        if ".".join(parts) in modules:
            return ".".join(parts)
        parts.pop()
    return None


def part_of(module: str) -> str:
    """The part of the package a module belongs to: the longest name in RANKS that contains it."""
    parts = module.split(".")
    while ".".join(parts) not in RANKS:
        parts.pop()
        assert parts, f"{module} belongs to no layer: give its part a rank in RANKS"
    return ".".join(parts)


def package_imports(root: Path) -> list[Import]:
    modules = module_names(root)
    return [found for name, path in modules.items() for found in imports_in(path, name, modules)]


def layer_violations(root: Path) -> list[Import]:
    """Imports of a part ranked higher than, or beside, the importing module's part."""
    bad = []
    for found in package_imports(root):
        mine, theirs = part_of(found.importer), part_of(found.imported)
        if mine != theirs and RANKS[theirs] >= RANKS[mine]:
            bad.append(found)
    return bad


def cycles(root: Path) -> list[list[str]]:
    """Every loop of imports between modules (Tarjan's strongly connected components), sorted."""
    graph: dict[str, set[str]] = {name: set() for name in module_names(root)}
    for found in package_imports(root):
        graph[found.importer].add(found.imported)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    loops: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                loops.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(loops)


def cli_importers(root: Path) -> list[Import]:
    """Imports of `urval.cli` by anything but `build.py`: inside the package, or in bench/ and tools/."""
    modules = module_names(root)
    found = [each for each in package_imports(root) if each.imported == CLI]
    for entry in OUTSIDE:
        for path in sorted((root / entry).rglob("*.py")) if (root / entry).is_dir() else [root / entry]:
            if path.is_file() and path.relative_to(root).as_posix() not in CLI_IMPORTERS:
                importer = path.relative_to(root).as_posix()
                found += [
                    Import(importer, f.imported, f.line) for f in imports_in(path, None, modules) if f.imported == CLI
                ]
    return found


def test_every_module_belongs_to_a_layer() -> None:
    for name in module_names(REPO):
        part_of(name)


def breaches(found: list[Import]) -> set[tuple[str, str]]:
    return {(each.importer, each.imported) for each in found}


def test_no_module_imports_a_layer_above_or_beside_its_own() -> None:
    found = layer_violations(REPO)
    assert breaches(found) == KNOWN_BREACHES, [str(each) for each in found]


def test_no_import_cycles_between_modules() -> None:
    assert cycles(REPO) == KNOWN_CYCLES


def test_only_build_py_imports_the_command_line() -> None:
    found = cli_importers(REPO)
    assert breaches(found) == {breach for breach in KNOWN_BREACHES if breach[1] == CLI}, [str(e) for e in found]
    assert CLI in {found.imported for found in imports_in(REPO / "build.py", None, module_names(REPO))}


# The checker itself, on planted packages: each rule must be able to fail.


def plant(root: Path, sources: dict[str, str]) -> Path:
    for relative, text in sources.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


CLEAN = {
    "urval/__init__.py": "",
    "urval/text.py": "import re\n",
    "urval/messages/__init__.py": "import yaml\n",
    "urval/catalog/__init__.py": "",
    "urval/catalog/load.py": "from urval.messages import say\nfrom urval import text\n",
    "urval/catalog/check.py": "from . import load\nfrom .load import thing\n",
    "urval/model/__init__.py": "",
    "urval/model/types.py": "from ..catalog.check import check_catalog\n",
    "urval/site/__init__.py": "",
    "urval/site/render.py": "import urval.model.types\n\ndef later():\n    from urval.catalog import load\n",
    "urval/pr/__init__.py": "",
    "urval/pr/review.py": "from urval.model import types\nfrom urval.catalog.check import check_catalog\n",
    "urval/cli.py": "from urval.site import render\nfrom urval.pr import review\n",
    "build.py": "from urval.cli import main\n",
    "bench/__main__.py": "from urval.site.render import later\n",
}


def test_a_clean_planted_package_passes(tmp_path: Path) -> None:
    root = plant(tmp_path, CLEAN)
    assert (layer_violations(root), cycles(root), cli_importers(root)) == ([], [], [])


@pytest.mark.parametrize(
    ("relative", "source", "expected"),
    [
        (
            "urval/catalog/load.py",
            "from urval.model.types import X\n",
            "urval.catalog.load:1 imports urval.model.types",
        ),
        ("urval/text.py", "def f():\n    from urval.catalog import load\n", "urval.text:2 imports urval.catalog.load"),
        ("urval/messages/__init__.py", "import urval.text\n", "urval.messages:1 imports urval.text"),
        ("urval/model/types.py", "from ..site import render\n", "urval.model.types:1 imports urval.site.render"),
        ("urval/pr/review.py", "from urval.site.render import later\n", "urval.pr.review:1 imports urval.site.render"),
        ("urval/site/render.py", "from urval.pr import review\n", "urval.site.render:1 imports urval.pr.review"),
        ("urval/site/render.py", "from urval import cli\n", "urval.site.render:1 imports urval.cli"),
    ],
)
def test_a_planted_upward_import_is_caught(tmp_path: Path, relative: str, source: str, expected: str) -> None:
    root = plant(tmp_path, {**CLEAN, relative: source})
    assert [str(found) for found in layer_violations(root)] == [expected]


def test_a_planted_cycle_within_a_subpackage_is_caught(tmp_path: Path) -> None:
    root = plant(tmp_path, {**CLEAN, "urval/catalog/load.py": "def f():\n    from urval.catalog.check import x\n"})
    assert layer_violations(root) == []
    assert cycles(root) == [["urval.catalog.check", "urval.catalog.load"]]


def test_a_planted_longer_cycle_is_caught(tmp_path: Path) -> None:
    root = plant(
        tmp_path,
        {
            **CLEAN,
            "urval/site/a.py": "from urval.site import b\n",
            "urval/site/b.py": "from .c import thing\n",
            "urval/site/c.py": "import urval.site.a\n",
        },
    )
    assert cycles(root) == [["urval.site.a", "urval.site.b", "urval.site.c"]]


def test_a_planted_import_of_the_command_line_is_caught(tmp_path: Path) -> None:
    root = plant(tmp_path, {**CLEAN, "bench/__main__.py": "from urval.cli import main\n"})
    assert [str(found) for found in cli_importers(root)] == ["bench/__main__.py:1 imports urval.cli"]
