"""A page's content as a normalised DOM: what a reader and a browser get from it, whatever
the whitespace, attribute order or character references of the HTML that wrote it.

One node per line, indented by depth: `<tag a="1" b="2">` with sorted attributes (a boolean
attribute written `hidden`, `hidden=""` or `hidden="hidden"` is the same), text with its
whitespace collapsed, comments dropped. Used to show that a page rendered straight to HTML is
the page mkdocs rendered from Markdown (tests/test_same_pages.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"])
_SPACE = re.compile(r"\s+")


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.open: list[Node] = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: "" if value in (None, name) else str(value) for name, value in attrs}
        node = Node(tag, values)
        self.open[-1].children.append(node)
        if tag not in VOID:
            self.open.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.open.pop()

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.open[-1].children.append(data)


def parse(html: str) -> Node:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    return tree.root


def find(node: Node, tag: str, **attrs: str) -> Node | None:
    """The first element (depth first) with this tag whose attributes include `attrs`
    (`class_` for `class`)."""
    wanted = {name.rstrip("_"): value for name, value in attrs.items()}
    for child in node.children:
        if isinstance(child, str):
            continue
        if child.tag == tag and all(child.attrs.get(name) == value for name, value in wanted.items()):
            return child
        found = find(child, tag, **attrs)
        if found is not None:
            return found
    return None


def _texts_merged(children: list[Node | str]) -> list[Node | str]:
    merged: list[Node | str] = []
    for child in children:
        if isinstance(child, str) and merged and isinstance(merged[-1], str):
            merged[-1] += child
        else:
            merged.append(child)
    return merged


def lines(node: Node, depth: int = 0) -> list[str]:
    """The node's children, normalised, one line each."""
    result = []
    for child in _texts_merged(node.children):
        if isinstance(child, str):
            text = _SPACE.sub(" ", child).strip()
            if text:
                result.append("  " * depth + text)
            continue
        attrs = "".join(f' {name}="{value}"' for name, value in sorted(child.attrs.items()))
        result.append(f"{'  ' * depth}<{child.tag}{attrs}>")
        result += lines(child, depth + 1)
    return result


def normalised(node: Node | None) -> str:
    return "".join(line + "\n" for line in lines(node)) if node is not None else ""


def page_essentials(html: str) -> str:
    """What a generated page says: its `<title>`, its article and its table of contents, normalised.
    The "changed" line is left out: its date comes from git's history (tests/test_dates.py)."""
    root = parse(html)
    parts = {
        "title": find(root, "title"),
        "article": find(without(root, "urval-changed"), "article", class_="md-content__inner md-typeset"),
        "toc": find(root, "nav", class_="md-nav md-nav--secondary"),
    }
    return "".join(f"== {name}\n{normalised(node)}" for name, node in parts.items())


def without(node: Node, class_: str) -> Node:
    """The node without the elements of this class (anywhere below it)."""
    kept: list[Node | str] = [
        child if isinstance(child, str) else without(child, class_)
        for child in node.children
        if isinstance(child, str) or class_ not in child.attrs.get("class", "").split()
    ]
    return Node(node.tag, node.attrs, kept)
