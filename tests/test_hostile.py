"""Every catalogue file is hostile: injected markup is rejected by `check` or rendered inert."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import feedparser
import pytest
from markupsafe import Markup

from tests import hostile
from tests.conftest import copy_example
from tests.site_support import build
from urval.cli import main
from urval.site import csp, render
from urval.site.pipeline import BuildFailed


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    catalog = hostile.hostile_catalogue(root)
    build(catalog, root / "site")
    return root / "site"


def test_no_page_carries_raw_markup_from_the_catalogue(hostile_site: Path) -> None:
    leaked = {
        path.relative_to(hostile_site).as_posix(): found
        for path in hostile_site.rglob("*.html")
        if (found := hostile.leaks(path.read_text("utf-8")))
    }
    assert leaked == {}


def test_payload_is_shown_as_text(hostile_site: Path) -> None:
    page = (hostile_site / "utforare" / hostile.VICTIM / "index.html").read_text("utf-8")
    shown = ("&quot;", "&#34;", '"')  # however the quote is written, the markup is text
    assert any(f"&lt;script&gt;alert({q}description{q})&lt;/script&gt;" in page for q in shown)


def test_exports_keep_the_text_and_neutralise_formulas(hostile_site: Path) -> None:
    data = json.loads((hostile_site / "data" / "utforare.json").read_text("utf-8"))
    victim = next(s for s in data["suppliers"] if s["id"] == hostile.VICTIM)
    assert victim["description"] == hostile.payload("description")
    rows = list(csv.reader(io.StringIO((hostile_site / "data" / "utforare.csv").read_text("utf-8-sig"))))
    names = [row[1] for row in rows[1:]]
    hostile_name = next(n for n in names if "HYPERLINK" in n)
    assert hostile_name.startswith("'=HYPERLINK")
    assert all(not cell.startswith(("=", "@")) for row in rows for cell in row)
    prices = (hostile_site / "data" / "priser.csv").read_text("utf-8-sig")
    assert "\n=HYPERLINK" not in prices and ",=HYPERLINK" not in prices


def test_feeds_carry_the_payload_as_text(hostile_site: Path) -> None:
    for name in ("feed.xml", "feed.atom"):
        raw = (hostile_site / name).read_bytes()
        assert b"<script>" not in raw and b"<img" not in raw
        feed = feedparser.parse(raw)
        assert not feed.bozo


def test_removing_the_escaping_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The gates can fail: with escaping switched off (Markdown escaping for the Markdown pages,
    autoescaping for the pages rendered straight to HTML) the build refuses the page that would run
    the payload; with the build's script gate off as well, the same check finds the leak."""
    monkeypatch.setattr(render, "markdown_escape", lambda value: Markup(str(value)))
    monkeypatch.setattr(render, "HTML_AUTOESCAPE", False)
    catalog = hostile.hostile_catalogue(tmp_path)
    with pytest.raises(BuildFailed) as refused:
        build(catalog, tmp_path / "site")
    assert "innehåller kod som inte hör till webbplatsens tema" in str(refused.value)
    monkeypatch.setattr(csp, "verify", lambda page: [])
    build(catalog, tmp_path / "site")
    page = (tmp_path / "site" / "utforare" / hostile.VICTIM / "index.html").read_text("utf-8")
    assert hostile.leaks(page)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("website", "javascript:alert(1)", "Adressen ska börja med https://"),
        ("website", "data:text/html;base64,PHNjcmlwdD4=", "Adressen ska börja med https://"),
        ("website", "http://solbacken.example.se", "Adressen ska börja med https://"),
        ("contact:\n  email", '"a@b.se\\" onmouseover=\\"alert(1)"', "Skriv en vanlig e-postadress"),
        ("name", '"' + "x" * 121 + '"', "Namn är för lång (121 tecken; högst 120)"),
        ("orientation", '"' + "x" * 201 + '"', "Inriktning är för lång (201 tecken; högst 200)"),
    ],
)
def test_check_rejects_dangerous_values(
    field: str, value: str, message: str, workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = copy_example(workdir)
    path = catalog / "suppliers" / f"{hostile.VICTIM}.yaml"
    text = path.read_text("utf-8")
    key = field.rsplit("\n", maxsplit=1)[-1].strip()
    lines = [line for line in text.splitlines() if line.lstrip().startswith(f"{key}:")]
    indent = lines[0][: len(lines[0]) - len(lines[0].lstrip())]
    text = text.replace(lines[0], f"{indent}{key}: {value}", 1)
    path.write_text(text, "utf-8")
    assert main(["check"]) == 1
    assert message in capsys.readouterr().out


def test_report_link_cannot_leave_docs(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = copy_example(workdir)
    path = sorted((catalog / "follow_ups").glob("*.yaml"))[0]
    path.write_text(path.read_text("utf-8") + "report: javascript:alert(1).pdf\n", "utf-8")
    assert main(["check"]) == 1
    assert "Rapport: ”javascript:alert(1).pdf” har fel form." in capsys.readouterr().out
