"""Robustness: what a pull request or an unlucky moment can do to `check`, `build` and `serve`
gives a located Swedish message, never a traceback; named after the attack."""

from __future__ import annotations

import fcntl
import io
import re
import socket
from pathlib import Path

import pytest

from tests.conftest import copy_example
from tests.site_support import AS_OF
from urval.cli import main
from urval.site.pipeline import BuildFailed, BuildOptions, build_site
from urval.site.stages import StageLog

SUPPLIER = "solbacken-familjevard"


def check(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["check"])
    return code, capsys.readouterr().out.splitlines()


def test_file_missing_three_required_fields_gives_three_messages(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = catalog / "suppliers" / f"{SUPPLIER}.yaml"
    text = path.read_text("utf-8")
    for key in ("website", "org_number", "maintainers"):
        text = re.sub(rf"^{key}:.*\n(?:  .*\n)*", "", text, count=1, flags=re.M)
    path.write_text(text, "utf-8")
    code, lines = check(capsys)
    assert code == 1
    missing = [line for line in lines if "saknas i filen" in line]
    assert len(missing) == 2, lines  # website is optional: org_number and maintainers
    assert len(lines) == 3


def test_file_missing_many_required_fields_gives_one_message_each(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (catalog / "suppliers" / "tom.yaml").write_text("id: tom-fil\n", "utf-8")
    code, lines = check(capsys)
    problems = [line for line in lines if line.startswith("catalog/suppliers/tom.yaml:")]
    assert code == 1
    assert len(problems) == len(set(problems)) == 10, problems  # one per missing required field (all but id)


def test_broken_schema_file_is_a_located_problem(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (catalog / "schema" / "sanction.schema.json").write_text('{\n  "type": "object",\n}\n', "utf-8")
    code, lines = check(capsys)
    assert code == 1
    assert lines[0].startswith("catalog/schema/sanction.schema.json:3:1: Schemafilen är inte giltig JSON"), lines
    assert len(lines) == 2  # the problem and the summary: no echo at every sanction file


def test_deleted_schema_file_is_a_located_problem(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (catalog / "schema" / "sanction.schema.json").unlink()
    code, lines = check(capsys)
    assert code == 1
    assert "catalog/schema/sanction.schema.json:1:1: Schemafilen saknas." in "\n".join(lines)


def test_deleted_supplier_schema_says_how_to_generate_it(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The supplier schema is generated from the declaration: suppliers are still judged by the
    generated one, and the missing copy for editors is one problem with the command."""
    (catalog / "schema" / "supplier.schema.json").unlink()
    code, lines = check(capsys)
    assert code == 1
    assert lines[0].startswith("catalog/schema/supplier.schema.json:1:1: Schemat för utförarfilerna stämmer inte")
    assert lines[0].endswith("python -m urval.catalog.supplier_schema --catalog catalog")
    assert len(lines) == 2


def test_schema_that_is_not_a_schema_is_a_located_problem(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (catalog / "schema" / "regions.schema.json").write_text('{"type": 5}\n', "utf-8")
    code, lines = check(capsys)
    assert code == 1
    assert lines[0].startswith("catalog/schema/regions.schema.json:1:1: Schemafilen är inget användbart JSON Schema")


def test_schema_with_a_dangling_reference_is_a_located_problem(
    catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = catalog / "schema" / "news.schema.json"
    path.write_text(path.read_text("utf-8").replace("supplier.schema.json#/$defs/date", "finns-inte.json#/x"), "utf-8")
    code, lines = check(capsys)
    assert code == 1
    assert lines[0].startswith("catalog/schema/news.schema.json:1:1: Schemafilen är inget användbart JSON Schema")


def options(workdir: Path) -> BuildOptions:
    return BuildOptions(catalog=workdir / "catalog", out=workdir / "site", as_of=AS_OF)


def test_second_build_into_the_same_out_says_why_and_does_not_interleave(workdir: Path) -> None:
    copy_example(workdir)
    out = workdir / "site"
    out.mkdir()
    (out / "index.html").write_text("tidigare", "utf-8")
    with (workdir / ".site.lock").open("a") as held:  # a build in progress holds the lock
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(BuildFailed) as failed:
            build_site(options(workdir), StageLog(out=io.StringIO()))
    assert "Ett annat bygge skriver redan till" in str(failed.value)
    assert [p.name for p in out.iterdir()] == ["index.html"]
    assert [p.name for p in workdir.iterdir() if p.name.startswith(".site-build-")] == []


def test_killed_build_leaves_nothing_behind_after_the_next_build(workdir: Path) -> None:
    copy_example(workdir)
    for leftover in (".site-build-abc123", ".site-build-zzz", ".site-old"):
        (workdir / leftover / "sub").mkdir(parents=True)
        (workdir / leftover / "sub" / "page.html").write_text("half", "utf-8")
    build_site(options(workdir), StageLog(out=io.StringIO()))
    assert sorted(p.name for p in workdir.iterdir() if p.name.startswith(".site")) == [".site.lock"]
    assert (workdir / "site" / "index.html").is_file()


def test_serve_on_a_busy_port_says_so_before_building(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy_example(workdir)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = main(["serve", "--catalog", "catalog", "--out", "site", "--port", str(port)])
    captured = capsys.readouterr()
    assert code == 2
    assert f"Porten {port} på 127.0.0.1 används redan" in captured.err
    assert not (workdir / "site").exists(), "nothing was built"
