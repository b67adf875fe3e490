"""A hostile catalogue: the example with script and Markdown injection in every free-text field."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.conftest import copy_example

# One payload per field, each with a marker so a leak can be traced to its field.
SCRIPT = '<script>alert("{m}")</script>'
IMG = '<img src=x onerror=alert("{m}")>'
MARKDOWN = "[klick](javascript:alert('{m}')) **{m}** <!-- x"
FORMULA = '=HYPERLINK("https://evil.example/{m}","klick")'


def payload(marker: str) -> str:
    return f"{SCRIPT.format(m=marker)} {IMG.format(m=marker)} {MARKDOWN.format(m=marker)}"


VICTIM = "solbacken-familjevard"


def _edit_yaml(path: Path, change: dict[str, object]) -> None:
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    header = text.splitlines()[0] + "\n" if text.startswith("#") else ""
    for dotted, value in change.items():
        node = data
        *parents, last = dotted.split(".")
        for part in parents:
            node = node[part]
        node[last] = value
    path.write_text(header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def hostile_catalogue(root: Path) -> Path:
    catalog = copy_example(root)
    _edit_yaml(
        catalog / "suppliers" / f"{VICTIM}.yaml",
        {
            "name": (FORMULA.format(m="name") + " " + payload("name"))[:120],
            "description": payload("description"),
            "orientation": payload("orientation"),
            "contact.city": payload("city")[:60],
            "municipalities": ["<b>m</b>" + "x" * 10, payload("municipality")[:40]],
        },
    )
    for folder, field in (("sanctions", "reason"), ("follow_ups", "summary")):
        path = sorted((catalog / folder).glob("*.yaml"))[0]
        _edit_yaml(path, {field: payload(field)})
    for name, field in (("regions", "name"), ("target_groups", "name"), ("methods", "description")):
        path = catalog / "reference" / f"{name}.yaml"
        text = path.read_text("utf-8")
        first = next(line for line in text.splitlines() if line.strip().startswith(f"{field}:"))
        value = payload(name)[:60] if field == "name" else payload(name)
        indent = first[: len(first) - len(first.lstrip())]
        path.write_text(text.replace(first, f"{indent}{field}: {json.dumps(value, ensure_ascii=False)}", 1), "utf-8")
    news = sorted((root / "docs" / "nyheter" / "posts").glob("*.md"))[0]
    text = news.read_text("utf-8")
    front, body = text.split("\n---\n", 1)
    data = yaml.safe_load(front.removeprefix("---\n"))
    data["title"] = "[klick](javascript:alert('newstitle')) **newstitle** `x` _y_"  # `check` refuses <, > and &
    data["summary"] = payload("newssummary")
    news.write_text("---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n" + body, encoding="utf-8")
    return catalog


def leaks(text: str) -> list[str]:
    """Raw markup from a payload that made it into a file unescaped."""
    found = []
    for needle in ("<script>alert(", "<img src=x", 'href="javascript:', "<strong>name", "<b>m</b>"):
        if needle in text:
            found.append(needle)
    return found
