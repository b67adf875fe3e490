"""The repository automation is valid and runs what the project has: workflows against GitHub's
schema (offline, from check-jsonschema's built-in copy), the pre-commit hooks, CODEOWNERS."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
PRE_COMMIT = REPO / ".pre-commit-config.yaml"
LOCKS = sorted((REPO / "requirements").glob("*.lock"))
CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")


def check_jsonschema(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CHECK_JSONSCHEMA), *args], capture_output=True, text=True, check=False, timeout=120)


def builtin_schemas() -> str:
    return check_jsonschema("--help").stdout


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def run_lines(workflow: dict[str, Any]) -> list[str]:
    steps = [step for job in workflow["jobs"].values() for step in job.get("steps", [])]
    return [line.strip() for step in steps for line in step.get("run", "").splitlines()]


def make_targets() -> set[str]:
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][a-z-]*):", text, re.MULTILINE))


def test_the_workflows_exist() -> None:
    assert [path.name for path in WORKFLOWS] == ["judge.yml", "pages.yml", "pr.yml"]


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_workflow_follows_githubs_schema(workflow: Path) -> None:
    done = check_jsonschema("--builtin-schema", "vendor.github-workflows", str(workflow))
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_workflow_uses_only_make_targets_that_exist(workflow: Path) -> None:
    used = {match for line in run_lines(load(workflow)) for match in re.findall(r"\bmake ([a-z-]+)", line)}
    assert used or workflow.name == "judge.yml"  # the judge runs nothing of the pull request, make included
    assert used <= make_targets()


def test_pull_requests_are_judged_by_the_base_and_tested_apart() -> None:
    judge = load(REPO / ".github" / "workflows" / "judge.yml")
    assert set(judge[True]) == {"pull_request_target"}  # PyYAML reads `on` as true; this file comes from the base
    assert judge["permissions"] == {"contents": "read"}
    job = judge["jobs"]["catalogue"]
    assert job["permissions"] == {"contents": "read"}
    checkouts = [step for step in job["steps"] if step.get("uses", "").startswith("actions/checkout@")]
    assert [step["with"]["path"] for step in checkouts] == ["base", "head"]
    assert checkouts[0]["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    assert all(step["with"]["persist-credentials"] is False for step in checkouts)
    assert job["env"]["JUDGE_REPO"] == "head"
    lines = run_lines(judge)
    judged = [line for line in lines if "judge-pr" in line]
    assert judged and all(line.startswith('base/tools/judge-pr "$BASE" HEAD') for line in judged)
    assert any("--format markdown" in line for line in judged)
    assert any('>> "$GITHUB_STEP_SUMMARY"' in line for line in lines)
    assert any("--format github" in line for line in judged)
    assert not any(re.search(r"\b(make|pip|python)\b|head/", line) for line in lines)  # nothing of the head runs
    assert "${{ secrets." not in (REPO / ".github" / "workflows" / "judge.yml").read_text(encoding="utf-8")

    tests = load(REPO / ".github" / "workflows" / "pr.yml")
    assert set(tests[True]) == {"pull_request"}
    assert tests["permissions"] == {"contents": "read"}
    assert list(tests["jobs"]) == ["tests"]
    assert tests["jobs"]["tests"]["permissions"] == {"contents": "read"}
    assert "make test" in run_lines(tests)
    assert "${{ secrets." not in (REPO / ".github" / "workflows" / "pr.yml").read_text(encoding="utf-8")


def test_pages_publish_the_built_site_from_main() -> None:
    workflow = load(REPO / ".github" / "workflows" / "pages.yml")
    trigger = workflow[True]  # PyYAML (YAML 1.1) reads the key `on` as true
    assert trigger["push"]["branches"] == ["main"]
    build = workflow["jobs"]["build"]["steps"]
    upload = next(step for step in build if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_pre_commit_runs_check_on_catalogue_files() -> None:
    config = load(PRE_COMMIT)
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    hook = hooks["urval-check"]
    assert hook["entry"].endswith("build.py check")
    assert hook["pass_filenames"] is False
    assert re.search(hook["files"], "catalog/suppliers/solbacken-familjevard.yaml")
    assert not re.search(hook["files"], "urval/catalog/check.py")


PRE_COMMIT_TOOL = Path(sys.executable).with_name("pre-commit")


def test_pre_commit_config_is_valid() -> None:
    done = subprocess.run(
        [str(PRE_COMMIT_TOOL), "validate-config", str(PRE_COMMIT)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_pre_commit_runs_ruff_check_and_format_on_python_files() -> None:
    config = load(PRE_COMMIT)
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert hooks["ruff-check"]["entry"].startswith(".venv/bin/ruff check")
    assert hooks["ruff-format"]["entry"].startswith(".venv/bin/ruff format")
    for hook in (hooks["ruff-check"], hooks["ruff-format"]):
        assert hook["language"] == "unsupported"
        assert "python" in hook["types_or"]


def test_pre_commit_ruff_hooks_pass_clean_code_and_stop_bad_code(tmp_path: Path) -> None:
    """The hooks for real, in a throwaway repository that uses this project's .venv and settings."""
    for name in (".pre-commit-config.yaml", "pyproject.toml"):
        (tmp_path / name).write_bytes((REPO / name).read_bytes())
    (tmp_path / ".venv").symlink_to(sys.prefix)
    (tmp_path / "clean.py").write_text('"""Fine."""\n\nVALUE = 1\n', encoding="utf-8")
    (tmp_path / "unused.py").write_text("import os\n", encoding="utf-8")
    (tmp_path / "crowded.py").write_text("VALUE=[1,2 ,3]\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "."], cwd=tmp_path, check=True)

    def run(hook: str, file: str) -> subprocess.CompletedProcess[str]:
        command = [str(PRE_COMMIT_TOOL), "run", hook, "--files", file]
        env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / ".pre-commit-home")}
        return subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, check=False, timeout=60)

    for hook in ("ruff-check", "ruff-format"):
        done = run(hook, "clean.py")
        assert done.returncode == 0, done.stdout + done.stderr
    assert run("ruff-check", "unused.py").returncode == 1
    assert run("ruff-format", "crowded.py").returncode == 1
    assert (tmp_path / "crowded.py").read_text(encoding="utf-8") == "VALUE = [1, 2, 3]\n"


def test_codeowners_gives_every_path_an_owner() -> None:
    rules = [
        line.split()
        for line in (REPO / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert rules[0][0] == "*"
    assert all(len(rule) >= 2 and all(owner.startswith("@") for owner in rule[1:]) for rule in rules)


def requirement_names(lines: list[str]) -> set[str]:
    """Normalised project names (PEP 503) of requirement lines, without extras, versions or comments."""
    names = set()
    for line in lines:
        requirement = line.split("#", 1)[0].strip()
        if requirement and not requirement.startswith("-"):
            name = re.split(r"[\[=<>!~; ]", requirement, maxsplit=1)[0]
            names.add(re.sub(r"[-_.]+", "-", name).lower())
    return names


def test_both_locks_exist() -> None:
    assert [path.name for path in LOCKS] == ["dev.lock", "runtime.lock"]


@pytest.mark.parametrize("lock", LOCKS, ids=lambda path: path.name)
def test_lock_pins_every_package_with_a_hash(lock: Path) -> None:
    """`pip install --require-hashes` refuses a lock with one unpinned or unhashed package."""
    entries = re.split(r"\n(?=\S)", lock.read_text(encoding="utf-8"))
    packages = [entry for entry in entries if not entry.startswith("#")]
    assert packages
    for entry in packages:
        assert re.match(r"[A-Za-z0-9._-]+(\[[a-z,-]+\])?==\S+ \\\n", entry), entry
        assert "--hash=sha256:" in entry, entry


def test_runtime_dependencies_are_declared_once_in_pyproject_and_pinned_in_runtime_in() -> None:
    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    pinned = (REPO / "requirements" / "runtime.in").read_text(encoding="utf-8").splitlines()
    assert requirement_names(declared) == requirement_names(pinned)


def test_pyproject_declares_the_command_and_ships_the_messages() -> None:
    """`pip install .` gives an `urval` command that finds its Swedish messages (tested by hand in a venv)."""
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["scripts"] == {"urval": "urval.cli:main"}
    assert pyproject["build-system"]["build-backend"] == "setuptools.build_meta"
    assert pyproject["tool"]["setuptools"]["packages"]["find"]["include"] == ["urval*"]
    data = pyproject["tool"]["setuptools"]["package-data"]["urval.messages"]
    assert sorted(path.name for pattern in data for path in (REPO / "urval" / "messages").glob(pattern)) == sorted(
        path.name for path in (REPO / "urval" / "messages").rglob("*.yaml")
    )


def test_make_install_uses_both_locks_with_hashes() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes" in makefile
    assert "-r requirements/runtime.lock -r requirements/dev.lock" in makefile


def _python_setups(workflow: Path) -> list[dict[str, Any]]:
    steps = [step for job in load(workflow)["jobs"].values() for step in job.get("steps", [])]
    return [step for step in steps if step.get("uses", "").startswith("actions/setup-python@")]


@pytest.mark.parametrize("workflow", [w for w in WORKFLOWS if w.name != "judge.yml"], ids=lambda path: path.name)
def test_workflow_caches_pip_on_the_locks(workflow: Path) -> None:
    setups = _python_setups(workflow)
    assert setups
    for step in setups:
        assert sorted(REPO.glob(step["with"]["cache-dependency-path"])) == LOCKS


def test_the_judge_shares_no_cache_with_pull_requests() -> None:
    """Under `pull_request_target` a cache written by a pull request's own run could poison the
    judge's install: the judge installs from the base's hashed lock, uncached."""
    for step in _python_setups(REPO / ".github" / "workflows" / "judge.yml"):
        assert "cache" not in step.get("with", {})
