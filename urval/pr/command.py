"""`check-pr`: judge a proposed change of the catalogue as a whole, against a git base.

It runs the pull-request rules (who may change what, what never changes, how prices may
change, only regular files) and `check` on the new tree, prints every problem and a summary for
the reviewer. Exit 0 clean, 1 problems, 2 misuse (no git repository, unknown ref, no known author).

The judged repository (`--repo`) is data: its files are copied, regular files only, into a
temporary folder and read from there; none of its code runs. So the code of a trusted checkout
(the base, see `tools/judge-pr`) can judge a pull request's tree. Paths in the report are
relative to the judged repository's root.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path, PurePosixPath

from urval.catalog.check import check_catalog
from urval.catalog.problems import Problem
from urval.messages import say
from urval.options import EXIT_MISUSE, EXIT_OK, EXIT_PROBLEMS, as_of_date
from urval.pr.git import GitError, Repository
from urval.pr.report import FORMATS, render
from urval.pr.review import gather, places
from urval.pr.rules import judge, merge
from urval.pr.summary import summarise

AUTHOR_VARIABLE = "GITHUB_ACTOR"


def _author(args: argparse.Namespace) -> str | None:
    given: str = args.author if args.author is not None else os.environ.get(AUTHOR_VARIABLE, "")
    return given.strip() or None


def _catalog_in_repo(catalog: Path, root: Path) -> str:
    """The catalogue folder relative to the repository root (`--catalog` is relative to the root)."""
    if not catalog.is_absolute():
        return PurePosixPath(catalog.as_posix()).as_posix()
    try:
        return catalog.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise GitError(say("pr_catalog_outside_repo", path=catalog.as_posix(), root=root.as_posix())) from None


def _relative_to(problem: Problem, tree: Path) -> Problem:
    """A `check` problem found in the copy, reported at its path in the repository."""
    found = Path(problem.file)
    try:
        relative = (found if found.is_absolute() else Path.cwd() / found).resolve().relative_to(tree)
    except ValueError:
        return problem
    return replace(problem, file=relative.as_posix())


def run(args: argparse.Namespace) -> int:
    author = _author(args)
    if author is None:
        print(say("pr_no_author"), file=sys.stderr)
        return EXIT_MISUSE
    as_of = (args.as_of or dt.date.today()).isoformat()
    with tempfile.TemporaryDirectory(prefix="check-pr-") as temporary:
        tree = Path(temporary).resolve()
        try:
            repo = Repository.open(args.repo, args.base, args.head)
            catalog = _catalog_in_repo(args.catalog, repo.root)
            repo.materialise(tree, [catalog, places(catalog).docs])
            review = gather(repo, catalog, tree, author, as_of)
        except GitError as error:
            print(error.message, file=sys.stderr)
            return EXIT_MISUSE
        checked = check_catalog(tree / catalog, today=as_of)
        found = [_relative_to(problem, tree) for problem in checked.problems]
    problems = merge(found, judge(review))
    print(render(args.format, problems, checked.files_checked, summarise(review)))
    return EXIT_PROBLEMS if problems else EXIT_OK


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `check-pr` to the command line (called from `urval.cli`)."""
    parser = commands.add_parser("check-pr", help="judge a pull request's change of the catalogue against a git base")
    parser.add_argument("--base", required=True, help="git ref the change is compared with, e.g. origin/main")
    parser.add_argument("--head", help="git ref of the judged version (default: the working tree)")
    parser.add_argument(
        "--repo", type=Path, default=Path(), help="the git repository judged, as data (default: the current folder)"
    )
    parser.add_argument(
        "--catalog", type=Path, default=Path("catalog"), help="catalogue folder, relative to the repository root"
    )
    parser.add_argument("--author", help=f"account proposing the change (default: ${AUTHOR_VARIABLE})")
    parser.add_argument("--as-of", type=as_of_date, help="date prices are judged on, YYYY-MM-DD (default: today)")
    parser.add_argument("--format", choices=FORMATS, default="text")
    parser.set_defaults(run=run)
