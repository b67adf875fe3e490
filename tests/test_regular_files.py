"""Only regular files: a pull request cannot make `check` or `build` follow a link or read a pipe.

Each test is named after the attack. Links are judged by `os.lstat`, never followed, and their
targets never appear in a message.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from tests.conftest import copy_example
from tests.site_support import AS_OF
from urval.catalog.yamlload import LoadError, load_file
from urval.cli import main
from urval.site.pipeline import BuildFailed, BuildOptions, build_site, copy_regular_tree
from urval.site.stages import StageLog

SUPPLIER = "solbacken-familjevard"
SYMLINK = "är en symbolisk länk"


def check(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["check"])
    return code, capsys.readouterr().out.splitlines()


def assert_refused_link(code: int, lines: list[str], where: str) -> None:
    assert code == 1
    assert any(line.startswith(f"{where}:1:1: ") and SYMLINK in line for line in lines), lines


def test_supplier_file_symlinked_to_etc_passwd(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (catalog / "suppliers" / "inbrott.yaml").symlink_to("/etc/passwd")
    code, lines = check(capsys)
    assert_refused_link(code, lines, "catalog/suppliers/inbrott.yaml")
    output = "\n".join(lines)
    assert "root:" not in output and "/etc/passwd" not in output and "passwd" not in output


def test_supplier_file_replaced_by_a_symlink_to_a_docs_file(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = catalog / "suppliers" / f"{SUPPLIER}.yaml"
    target.unlink()
    target.symlink_to(Path("..") / ".." / "docs" / "oppna-data.md")
    code, lines = check(capsys)
    assert_refused_link(code, lines, f"catalog/suppliers/{SUPPLIER}.yaml")
    assert not any("oppna-data" in line for line in lines), lines


def test_symlinked_suppliers_folder(catalog: Path, workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = workdir / "elsewhere"
    (catalog / "suppliers").rename(elsewhere)
    (catalog / "suppliers").symlink_to(elsewhere)
    code, lines = check(capsys)
    assert_refused_link(code, lines, "catalog/suppliers")
    assert not any("elsewhere" in line for line in lines), lines
    assert not any(line.startswith("catalog/suppliers/") for line in lines), "nothing behind the link is read"


def test_symlinked_reference_list(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = catalog / "reference" / "methods.yaml"
    path.unlink()
    path.symlink_to("/etc/passwd")
    code, lines = check(capsys)
    assert_refused_link(code, lines, "catalog/reference/methods.yaml")
    assert not any("saknas" in line and "methods.yaml" in line for line in lines), "one message, not two"
    assert not any("root:" in line for line in lines)


def test_symlinked_news_post(catalog: Path, workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    posts = workdir / "docs" / "nyheter" / "posts"
    (posts / "lank.md").symlink_to("/etc/passwd")
    code, lines = check(capsys)
    assert_refused_link(code, lines, "docs/nyheter/posts/lank.md")


def test_symlinked_report_file(catalog: Path, workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reports = workdir / "docs" / "rapporter"
    report = sorted(reports.glob("*.pdf"))[0]
    report.unlink()
    report.symlink_to("/etc/passwd")
    code, lines = check(capsys)
    assert_refused_link(code, lines, f"docs/rapporter/{report.name}")
    assert not any("Rapportfilen" in line for line in lines), "the link is reported once, as a link"


def test_symlink_anywhere_under_docs(catalog: Path, workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "docs" / "assets" / "hemligt.txt").symlink_to("/etc/shadow")
    code, lines = check(capsys)
    assert_refused_link(code, lines, "docs/assets/hemligt.txt")


def test_directory_named_like_a_supplier_file(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (catalog / "suppliers" / "mapp.yaml").mkdir()
    code, lines = check(capsys)
    assert code == 1
    assert "catalog/suppliers/mapp.yaml:1:1: mapp.yaml är en mapp, inte en fil." in "\n".join(lines)


def test_framework_file_replaced_by_a_directory(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (catalog / "ramavtal.yaml").unlink()
    (catalog / "ramavtal.yaml").mkdir()
    code, lines = check(capsys)
    assert code == 1
    assert any(line.startswith("catalog/ramavtal.yaml:1:1: ramavtal.yaml är en mapp, inte en fil.") for line in lines)


def test_fifo_named_like_a_supplier_file_is_never_opened(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.mkfifo(catalog / "suppliers" / "ror.yaml")
    code, lines = check(capsys)  # reading a FIFO with no writer would block forever
    assert code == 1
    assert any(
        line.startswith("catalog/suppliers/ror.yaml:1:1: ") and "namngiven pipe (FIFO)" in line for line in lines
    ), lines


def test_link_swapped_in_after_the_walk_is_not_followed(tmp_path: Path) -> None:
    link = tmp_path / "fil.yaml"
    link.symlink_to("/etc/passwd")
    with pytest.raises(LoadError) as refused:
        load_file(link, "fil.yaml")
    assert SYMLINK in refused.value.message and "passwd" not in refused.value.message


def test_pipe_swapped_in_after_the_walk_is_not_read(tmp_path: Path) -> None:
    pipe = tmp_path / "fil.yaml"
    os.mkfifo(pipe)
    with pytest.raises(LoadError) as refused:
        load_file(pipe, "fil.yaml")
    assert "inte en vanlig fil" in refused.value.message


@pytest.mark.parametrize("name", ["Stor_Bokstav", "ab", "-borjar-med-streck", "x" * 65])
def test_sanction_file_name_outside_the_id_pattern(
    name: str, catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = sorted((catalog / "sanctions").glob("*.yaml"))[0]
    first.rename(catalog / "sanctions" / f"{name}.yaml")
    code, lines = check(capsys)
    assert code == 1
    assert any(line.startswith(f"catalog/sanctions/{name}.yaml:1:1: Filnamnet ") for line in lines), lines


def test_follow_up_file_name_outside_the_id_pattern(catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = sorted((catalog / "follow_ups").glob("*.yaml"))[0]
    first.rename(catalog / "follow_ups" / "Rapport 1.yaml")
    code, lines = check(capsys)
    assert code == 1
    assert any(line.startswith("catalog/follow_ups/Rapport 1.yaml:1:1: Filnamnet ") for line in lines), lines


def test_build_refuses_a_symlink_in_docs_and_leaves_the_site(workdir: Path) -> None:
    catalog = copy_example(workdir)
    (workdir / "docs" / "lank.md").symlink_to("/etc/passwd")
    out = workdir / "site"
    out.mkdir()
    (out / "index.html").write_text("tidigare", "utf-8")
    with pytest.raises(BuildFailed) as failed:
        build_site(BuildOptions(catalog=catalog, out=out, as_of=AS_OF), StageLog(out=io.StringIO()))
    assert SYMLINK in str(failed.value) and "passwd" not in str(failed.value)
    assert [p.name for p in out.iterdir()] == ["index.html"]


def test_copy_of_docs_never_follows_a_link(tmp_path: Path) -> None:
    """The copy into the build folder refuses a link itself, should anything reach it unchecked."""
    source = tmp_path / "docs"
    (source / "sub").mkdir(parents=True)
    (source / "sub" / "ok.md").write_text("# ok\n", "utf-8")
    (source / "sub" / "lank.md").symlink_to("/etc/passwd")
    with pytest.raises(BuildFailed) as failed:
        copy_regular_tree(source, tmp_path / "copy")
    assert "lank.md" in str(failed.value) and "passwd" not in str(failed.value)
    assert not (tmp_path / "copy" / "sub" / "lank.md").exists()
