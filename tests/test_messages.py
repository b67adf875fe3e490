"""Every message the code can say exists in Swedish, with help text for the guide.

`say()` takes a `MessageKey`, the Literal type generated from the message files, so mypy refuses
a key without a message; these tests keep that type in step with the files and prove it bites.
"""

from __future__ import annotations

import string
from pathlib import Path

from mypy import api as mypy_api

from urval.catalog.check import ALL_RULES
from urval.messages import KEYS_MODULE, catalogue, keys_module


def test_message_keys_type_is_generated_from_the_message_files() -> None:
    assert KEYS_MODULE.read_text(encoding="utf-8") == keys_module(), "run `python -m urval.messages`"


def test_the_type_checker_refuses_a_key_without_a_message(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text('from urval.messages import say\n\nsay("org_number_luhn", number="1")\nsay("no_such_key")\n')
    report, _errors, status = mypy_api.run(
        [str(probe), "--strict", "--follow-imports=silent", "--no-incremental", "--cache-dir", str(tmp_path / "c")]
    )
    assert status == 1
    assert 'Argument 1 to "say" has incompatible type "Literal[\'no_such_key\']"' in report
    assert "probe.py:3:" not in report


def test_every_message_has_text_and_help_and_a_valid_template() -> None:
    for key, message in catalogue().items():
        assert set(message) == {"text", "help"}, key
        assert isinstance(message["text"], str) and isinstance(message["help"], str), key
        list(string.Formatter().parse(message["text"]))  # raises on a broken template


def test_rule_ids_are_declared_once_and_documented() -> None:
    ids = [rule.id for rule in ALL_RULES]
    assert len(ids) == len(set(ids))
    assert all(rule.doc and rule.id == rule.id.lower() for rule in ALL_RULES)


def test_every_rule_has_its_swedish_description_for_the_guide_and_no_other_is_kept() -> None:
    described = {key for key in catalogue() if key.startswith("rule_")}
    assert described == {f"rule_{rule.id.replace('-', '_')}" for rule in ALL_RULES}
