"""Values are judged after parsing: control, bidi and zero-width characters written with YAML
escapes are refused like raw ones; prices and counts are whole numbers; what `check` lets
through keeps feeds, JSON and CSV well-formed. Each test is named after the attack."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import feedparser
import pytest

from tests.site_support import AS_OF
from urval.catalog.check import check_catalog
from urval.cli import main
from urval.model.build import build_model
from urval.site.export import write_open_data
from urval.site.feeds import write_feeds
from urval.site.render import news_words, site_words

SUPPLIER = "solbacken-familjevard"


def supplier_path(catalog: Path) -> Path:
    return catalog / "suppliers" / f"{SUPPLIER}.yaml"


def set_line(path: Path, key: str, value: str) -> int:
    """Replace the first line `key: …` (at any indentation, with its block scalar's continuation
    lines) by `key: value`; its line number."""
    lines = path.read_text("utf-8").split("\n")
    for number, line in enumerate(lines):
        if line.lstrip().startswith(f"{key}:"):
            indent = line[: len(line) - len(line.lstrip())]
            end = number + 1
            while end < len(lines) and lines[end].strip() and len(lines[end]) - len(lines[end].lstrip()) > len(indent):
                end += 1
            lines[number:end] = [f"{indent}{key}: {value}"]
            path.write_text("\n".join(lines), "utf-8")
            return number + 1
    raise AssertionError(f"no line {key}: in {path}")


def check(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["check"])
    return code, capsys.readouterr().out.splitlines()


@pytest.mark.parametrize(
    ("key", "escaped", "shown"),
    [
        ("name", r'"Solbacken\u202e BA Familjevård"', "U+202E"),  # bidi override: shows reversed text
        ("name", r'"Sol\u200bbacken Familjevård AB"', "U+200B"),  # zero-width space: a second "same" name
        ("name", r'"Solbacken\u2066 AB"', "U+2066"),
        ("name", r'"Solbacken\u061c AB"', "U+061C"),
        ("name", r'"Solbacken\ufeff AB"', "U+FEFF"),
        ("city", r'"Upp\x01sala"', "U+0001"),  # C0 control: breaks XML feeds
        ("city", r'"Upp\x85sala"', "U+0085"),  # C1 control (NEL)
        ("city", r'"Upp\x7fsala"', "U+007F"),
        ("city", r'"Uppsala\nStockholm"', "U+000A"),  # a line break outside prose
        ("city", r'"Upp\tsala"', "U+0009"),
        ("phone", r'"08\u202e123 45 67"', "U+202E"),
        ("description", r'"Familjehemsvård\x0b med tät handledning"', "U+000B"),  # vertical tab, even in prose
        ("description", r'"Familjehemsvård\u2028 med tät handledning"', "U+2028"),
    ],
)
def test_escaped_control_and_invisible_characters_are_refused(
    key: str, escaped: str, shown: str, catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = set_line(supplier_path(catalog), key, escaped)
    code, lines = check(capsys)
    assert code == 1
    located = [entry for entry in lines if entry.startswith(f"catalog/suppliers/{SUPPLIER}.yaml:{line}:")]
    assert any(shown in entry for entry in located), lines
    assert all(entry.isprintable() for entry in lines), "the text format prints no raw control character"


def test_raw_c1_line_break_in_a_value_is_folded_to_a_space(catalog: Path) -> None:
    """A raw NEL (U+0085) is a YAML line break: the parser folds it, so no control reaches a value."""
    set_line(supplier_path(catalog), "city", '"Upp\u0085sala"')
    result = check_catalog(catalog)
    assert result.ok, [p.as_text() for p in result.problems]
    assert result.context.suppliers[SUPPLIER].data["contact"]["city"] == "Upp sala"


def test_escaped_character_in_a_mapping_key_is_refused(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = supplier_path(catalog)
    path.write_text(path.read_text("utf-8").replace("\nname:", '\n"na\\u200bme":', 1), "utf-8")
    code, lines = check(capsys)
    assert code == 1
    assert any("Fältnamnet ”na\\u200bme” innehåller ett osynligt tecken (U+200B" in entry for entry in lines), lines


def test_line_breaks_and_tabs_are_allowed_in_prose(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    set_line(supplier_path(catalog), "description", r'"Första stycket.\n\nAndra stycket,\tmed tabb."')
    set_line(supplier_path(catalog), "orientation", r'"Syskon\noch tät handledning"')
    code, lines = check(capsys)
    assert (code, lines[-1].startswith("Inga fel")) == (0, True), lines


def test_escaped_bidi_in_news_front_matter_is_refused(
    catalog: Path, workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    post = sorted((workdir / "docs" / "nyheter" / "posts").glob("*.md"))[0]
    line = set_line(post, "summary", r'"Nya priser gäller\u202e från december."')
    code, lines = check(capsys)
    assert code == 1
    assert any(entry.startswith(f"docs/nyheter/posts/{post.name}:{line}:") and "U+202E" in entry for entry in lines)


def test_text_format_escapes_control_characters_from_a_value(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A refused key is echoed in the unknown-field message too; the output shows it escaped."""
    path = supplier_path(catalog)
    path.write_text(path.read_text("utf-8") + '"x\\u202e\\x1b[31m": 1\n', "utf-8")
    for fmt in ("text", "github"):
        main(["check", "--format", fmt])
        output = capsys.readouterr().out
        assert "\u202e" not in output and "\x1b" not in output
        assert "x\\u202e\\x1b[31m" in output


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("1e3", "1000.0 är inget heltal; skriv 1000"),
        ("2.6e3", "2600.0 är inget heltal; skriv 2600"),
        ("2330.0", "2330.0 är inget heltal; skriv 2330"),
        ("true", "true är inget heltal"),
    ],
)
def test_price_written_as_float_or_boolean_is_refused(
    written: str, shown: str, catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = supplier_path(catalog)
    text = path.read_text("utf-8")
    first = re.search(r"areas: \{A: (\d+)", text)
    assert first is not None
    path.write_text(text.replace(first.group(0), f"areas: {{A: {written}", 1), "utf-8")
    code, lines = check(capsys)
    assert code == 1
    prices = [entry for entry in lines if "Priset ska vara ett heltal i kronor, utan decimaler" in entry]
    assert len(prices) == 1 and shown in prices[0], lines


@pytest.mark.parametrize("written", ["880.0", "8.8e2", "false"])
def test_price_per_mode_written_as_float_is_refused(
    written: str, catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = catalog / "suppliers" / "angsklockans-konsulentstod.yaml"
    path.write_text(path.read_text("utf-8").replace("on_site: 880", f"on_site: {written}", 1), "utf-8")
    code, lines = check(capsys)
    assert code == 1
    assert sum("Priset ska vara ett heltal i kronor" in entry for entry in lines) == 1, lines


def test_addon_price_written_with_decimals_is_refused(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = supplier_path(catalog)
    text = path.read_text("utf-8")
    first = re.search(r"addons: \{T1: (\d+)", text)
    assert first is not None
    path.write_text(text.replace(first.group(0), "addons: {T1: 2330.0", 1), "utf-8")
    code, lines = check(capsys)
    assert code == 1
    assert any("Priser för tilläggstjänster → T1: 2330.0 är inget heltal; skriv 2330." in entry for entry in lines)


@pytest.mark.parametrize("written", ["8.0", "8e0", "true"])
def test_count_written_as_float_or_boolean_is_refused(
    written: str, catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_line(supplier_path(catalog), "consultants", written)
    code, lines = check(capsys)
    assert code == 1
    assert any("Antal familjehemskonsulenter:" in entry and "ska vara ett heltal" in entry for entry in lines), lines


def test_price_limit_in_the_framework_written_with_decimals_is_refused(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = catalog / "ramavtal.yaml"
    text = path.read_text("utf-8")
    path.write_text(re.sub(r"day: (\d+)", r"day: \1.0", text, count=1), "utf-8")
    code, lines = check(capsys)
    assert code == 1
    assert any(entry.startswith("catalog/ramavtal.yaml:") and "ska vara ett heltal" in entry for entry in lines)


PROSE_THAT_PASSES = "Rad ett & <två>\n\tIndrag ]]> \"citat\" 'apostrof' ← → 😀 ÅÄÖ\u00a0nbsp"


def test_what_check_lets_through_keeps_feeds_json_and_csv_well_formed(catalog: Path, tmp_path: Path) -> None:
    set_line(supplier_path(catalog), "description", json.dumps(PROSE_THAT_PASSES, ensure_ascii=False))
    set_line(supplier_path(catalog), "name", json.dumps("Solbacken & <Söner> ]]> 😀 AB", ensure_ascii=False))
    sanction = sorted((catalog / "sanctions").glob("*.yaml"))[0]
    set_line(sanction, "reason", json.dumps(PROSE_THAT_PASSES, ensure_ascii=False))
    result = check_catalog(catalog)
    assert result.catalogue is not None, [p.as_text() for p in result.problems]
    model = build_model(result.catalogue, AS_OF, news_words=news_words())
    write_feeds(model, tmp_path, "https://example.se/", site_words())
    write_open_data(model, tmp_path / "data", dt.datetime(2025, 6, 1, tzinfo=dt.UTC))
    for name in ("feed.xml", "feed.atom"):
        raw = (tmp_path / name).read_bytes()
        ET.fromstring(raw)
        assert not feedparser.parse(raw).bozo
    data = json.loads((tmp_path / "data" / "utforare.json").read_text("utf-8"))
    victim = next(s for s in data["suppliers"] if s["id"] == SUPPLIER)
    assert victim["description"] == PROSE_THAT_PASSES
    for name in ("utforare.csv", "priser.csv"):
        rows = list(csv.reader(io.StringIO((tmp_path / "data" / name).read_text("utf-8-sig"))))
        assert len({len(row) for row in rows}) == 1
