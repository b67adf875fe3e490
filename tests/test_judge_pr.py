"""`tools/judge-pr`: the base's code judges the pull request's tree as data, on real git repositories
holding the whole project (code, catalogue, docs), as the workflow runs it.

The base is this working copy's code, committed on `main`; each pull request is a commit on a
branch. The judge runs in this project's virtual environment (JUDGE_VENV), so no test installs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.test_check_pr import AS_OF, SOLBACKEN, git

JUDGE = REPO / "tools" / "judge-pr"
PRICE_IN_FORCE = "Prislistan från 2024-12-01 har redan börjat gälla och får inte ändras"
# What a pull request's own code can run on import or on `make`: each writes this marker.
MARKER = "executed-from-head"
PLANTED_CODE = f"""\
from pathlib import Path
Path({{where!r}}, {MARKER!r}).write_text("ran")
"""


def project_files() -> list[str]:
    """Every file of this working copy that git would commit, but the tests and benchmarks."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [path for path in listed.split("\0") if path and not path.startswith(("tests/", "bench/"))]


@pytest.fixture(scope="session")
def project_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project as it is here (code, catalogue, docs), committed on `main`."""
    repo = tmp_path_factory.mktemp("project") / "repo"
    for path in project_files():
        source = REPO / path
        if source.is_file() and not source.is_symlink():
            (repo / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / path)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Projektet")
    return repo


@pytest.fixture
def project(project_base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the project on a proposal branch (not the working directory)."""
    path = tmp_path / "repo"
    shutil.copytree(project_base, path, symlinks=True)
    git(path, "checkout", "-q", "-b", "forslag")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GITHUB_ACTOR", raising=False)
    return path


def replace_in(repo: Path, path: str, old: str, new: str) -> None:
    file = repo / path
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {path}"
    file.write_text(text.replace(old, new), encoding="utf-8")


def judge_pr(
    repo: Path, *args: str, cwd: Path | None = None, venv: str = sys.prefix
) -> subprocess.CompletedProcess[str]:
    """`tools/judge-pr main HEAD …` as a person runs it in the repository, with this project's venv."""
    env = {**os.environ, "JUDGE_VENV": venv, "JUDGE_REPO": str(repo)}
    return subprocess.run(
        [str(JUDGE), "main", "HEAD", "--as-of", AS_OF, *args],
        cwd=cwd or repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def own_check_pr(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The pull request's own `build.py check-pr`, the way the old workflow ran it."""
    return subprocess.run(
        [sys.executable, "build.py", "check-pr", "--base", "main", "--as-of", AS_OF, *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_a_pull_request_that_disables_the_rules_and_edits_prices_in_force_is_refused(project: Path) -> None:
    replace_in(
        project,
        "urval/pr/rules.py",
        "    return [problem for rule in PR_RULES for problem in rule(review)]",
        "    return []",
    )
    replace_in(project, SOLBACKEN, "areas: {A: 2330, B: 3140", "areas: {A: 2390, B: 3140")
    git(project, "commit", "-q", "-am", "Inga regler, högre priser")
    assert own_check_pr(project, "--author", "solbacken-it").returncode == 0  # its own judge lets it pass

    done = judge_pr(project, "--author", "solbacken-it")

    assert done.returncode == 1, done.stdout + done.stderr
    problems = done.stdout.split("\n\n", 1)[0]
    assert f"{SOLBACKEN}:" in problems and PRICE_IN_FORCE in problems
    assert "urval/pr/rules.py:1:1: Bara Addas konton får ändra urval/pr/rules.py." in problems


def test_the_judge_runs_nothing_from_the_pull_request(project: Path, tmp_path: Path) -> None:
    planted = PLANTED_CODE.format(where=str(tmp_path))
    (project / "build.py").write_text(planted, encoding="utf-8")
    (project / "urval" / "__init__.py").write_text(planted, encoding="utf-8")
    (project / "sitecustomize.py").write_text(planted, encoding="utf-8")
    (project / "Makefile").write_text(f"install:\n\ttouch {tmp_path / MARKER}\n", encoding="utf-8")
    (project / "requirements.lock").write_text(f"file://{tmp_path}/{MARKER}\n", encoding="utf-8")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Kod som körs")
    assert subprocess.run([sys.executable, "build.py"], cwd=project, check=False).returncode == 0
    (tmp_path / MARKER).unlink()  # the planted code does run when the pull request's tree is run

    done = judge_pr(project, "--author", "solbacken-it", cwd=tmp_path)

    assert not (tmp_path / MARKER).exists()
    assert done.returncode == 1, done.stdout + done.stderr
    for path in ("Makefile", "build.py", "requirements.lock", "sitecustomize.py", "urval/__init__.py"):
        assert f"{path}:1:1: Bara Addas konton får ändra {path}." in done.stdout


def test_the_judge_reports_paths_from_the_root_of_the_pull_request(project: Path) -> None:
    append_to = project / SOLBACKEN
    with append_to.open("a", encoding="utf-8") as file:
        file.write("  - valid_from: 2025-11-01\n    areas: {A: 2410, B: 3240, D: 2440}\n")
    git(project, "commit", "-q", "-am", "Fel datum")

    done = judge_pr(project, "--author", "solbacken-it", "--format", "github", cwd=project / "docs")

    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.startswith(f"::error file={SOLBACKEN},line=")


def test_the_judge_writes_the_markdown_summary_with_a_venv_named_from_here(project: Path, tmp_path: Path) -> None:
    replace_in(project, SOLBACKEN, "city: Uppsala", "city: Enköping")
    git(project, "commit", "-q", "-am", "Ny ort")
    (tmp_path / "venv").symlink_to(sys.prefix)

    done = judge_pr(project, "--author", "solbacken-it", "--format", "markdown", cwd=tmp_path, venv="venv")

    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("## Granskning av ändringen\n\nInga fel: ändringen följer katalogens regler.\n")
    assert f"- Solbacken Familjevård AB ({SOLBACKEN}): ändrad" in done.stdout


def test_the_judge_needs_two_refs() -> None:
    done = subprocess.run([str(JUDGE), "main"], capture_output=True, text=True, check=False)

    assert done.returncode == 2
    assert done.stderr.startswith("usage: tools/judge-pr BASE HEAD")
