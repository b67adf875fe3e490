"""Text from catalogue files can inject neither HTML nor Markdown structure into pages."""

from __future__ import annotations

import markdown
import pytest

from urval.site.escape import html_escape, markdown_escape

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[klicka](javascript:alert(1))",
    "![bild](https://evil.example/x.png)",
    "# Rubrik",
    "- lista",
    "1. lista",
    "> citat",
    "| a | b |",
    "**fet** _kursiv_ `kod`",
    "rad ett\n\n# rad två",
    "&lt;redan escapad&gt;",
    "{: onclick=alert(1) }",
    "<https://autolink.example>",
    "===",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_renders_as_the_same_plain_text(text: str) -> None:
    rendered = markdown.markdown(
        f"Före {markdown_escape(text)} efter", extensions=["tables", "attr_list", "md_in_html"]
    )
    assert "<script" not in rendered and "<img" not in rendered and "<a " not in rendered
    assert "<strong>" not in rendered and "<em>" not in rendered and "<code>" not in rendered
    assert "<h1" not in rendered and "<li>" not in rendered and "<blockquote>" not in rendered


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_at_line_start_starts_no_block(text: str) -> None:
    rendered = markdown.markdown(str(markdown_escape(text)), extensions=["tables", "def_list"])
    assert rendered.startswith("<p>"), rendered


def test_html_filter_escapes_quotes_for_attributes() -> None:
    assert str(html_escape('x" onmouseover="alert(1)')) == "x&quot; onmouseover=&quot;alert(1)"
