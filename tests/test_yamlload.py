"""The strict loader: values, positions, and everything it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from urval.catalog.yamlload import MAX_DEPTH, MAX_FILE_BYTES, Document, LoadError, Position, load_file, load_text


def load(text: str) -> Document:
    return load_text(Path("x.yaml"), "x.yaml", text.encode("utf-8"))


def refused(text: str | bytes) -> LoadError:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(LoadError) as caught:
        load_text(Path("x.yaml"), "x.yaml", raw)
    return caught.value


def test_scalars_follow_yaml_1_2_core_rules() -> None:
    document = load("a: no\nb: yes\nc: on\nd: true\ne: 1850\nf: 2024-12-01\ng: '12'\nh: ~\ni: 1.5\nj: 0755\n")
    assert document.data == {
        "a": "no",
        "b": "yes",
        "c": "on",
        "d": True,
        "e": 1850,
        "f": "2024-12-01",
        "g": "12",
        "h": None,
        "i": 1.5,
        "j": 755,
    }


def test_language_code_no_stays_a_string_in_a_list() -> None:
    assert load("languages: [sv, no, fi]\n").data == {"languages": ["sv", "no", "fi"]}


def test_positions_of_keys_and_values() -> None:
    document = load("id: x\nprices:\n  - valid_from: 2021-09-15\n    areas: {A: 1850}\n")
    assert document.key_at(("prices",)) == Position(2, 1)
    assert document.at(("prices", 0, "valid_from")) == Position(3, 17)
    assert document.key_at(("prices", 0, "areas", "A")) == Position(4, 13)
    assert document.at(("prices", 0, "areas", "A")) == Position(4, 16)
    assert document.at(("prices", 0, "areas", "missing")) == Position(4, 12)


def test_duplicate_key_is_refused_naming_both_lines() -> None:
    error = refused("id: a\nname: b\nid: c\n")
    assert (error.line, error.column, error.rule) == (3, 1, "duplicate-key")
    assert "id" in error.message and "rad 1" in error.message


def test_nested_duplicate_key_is_refused() -> None:
    error = refused("contact:\n  email: a@b.se\n  email: c@d.se\n")
    assert (error.line, error.rule) == (3, "duplicate-key")


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("a: &x 1\nb: *x\n", "yaml-anchor"),
        ("a: !!python/object:os.system echo\n", "yaml-tag"),
        ("a: !!str 12\n", "yaml-tag"),
        ("a: 1\n---\nb: 2\n", "yaml-documents"),
        ("? [a, b]\n: c\n", "yaml-key"),
        ("a: [1, 2\n", "yaml-syntax"),
        ("a:\tb\n\tc: d\n", "yaml-syntax"),
        ("", "yaml-empty"),
        ("# only a comment\n", "yaml-empty"),
    ],
)
def test_refused_constructs(text: str, rule: str) -> None:
    assert refused(text).rule == rule


def test_billion_laughs_is_refused_at_the_first_anchor() -> None:
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    bomb += "".join(f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True))
    error = refused(bomb)
    assert (error.rule, error.line) == ("yaml-anchor", 1)


def test_deep_nesting_is_refused_without_recursion() -> None:
    error = refused("[" * 10_000 + "]" * 10_000)
    assert error.rule == "yaml-depth"
    assert refused("a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 40)) + "  " * 40 + "v\n").rule == (
        "yaml-depth"
    )
    assert MAX_DEPTH >= 6  # the deepest real file (supplier prices) nests five levels


def test_oversized_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB that costs nothing to make
    with pytest.raises(LoadError) as caught:
        load_file(big, "big.yaml")
    assert caught.value.rule == "yaml-size"
    assert str(MAX_FILE_BYTES // 1024) in caught.value.message


def test_non_utf8_bytes_are_refused_at_their_position() -> None:
    error = refused("name: ok\ncity: G\xf6teborg\n".encode("latin-1"))
    assert (error.line, error.column, error.rule) == (2, 8, "encoding")


def test_binary_junk_is_refused() -> None:
    assert refused(bytes(range(256)) * 4).rule in {"encoding", "yaml-syntax"}


def test_nul_and_control_characters_are_refused() -> None:
    assert refused("name: a\x00b\n").rule == "yaml-syntax"


@pytest.mark.parametrize("character", ["\u202e", "\u2066", "\u200b", "\u200f"])
def test_invisible_direction_characters_are_refused(character: str) -> None:
    error = refused(f"id: x\nname: Sol{character}backen\n")
    assert (error.line, error.column, error.rule) == (2, 10, "encoding")
    assert f"U+{ord(character):04X}" in error.message


def test_byte_order_mark_is_accepted() -> None:
    assert load_text(Path("x"), "x", "\ufeffid: x\n".encode()).data == {"id": "x"}


def test_unreadable_file_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as caught:
        load_file(tmp_path / "missing.yaml", "missing.yaml")
    assert caught.value.rule == "file"
