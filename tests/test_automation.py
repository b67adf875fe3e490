"""The repository automation is valid and runs what the project has: workflows against GitHub's
schema (offline, from check-jsonschema's built-in copy), the pre-commit hooks, CODEOWNERS."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
PRE_COMMIT = REPO / ".pre-commit-config.yaml"
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


def test_codeowners_gives_every_path_an_owner() -> None:
    rules = [
        line.split()
        for line in (REPO / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert rules[0][0] == "*"
    assert all(len(rule) >= 2 and all(owner.startswith("@") for owner in rule[1:]) for rule in rules)
