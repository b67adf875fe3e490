"""`check-pr`: judge a proposed change of the catalogue as a whole, against a git base.

It runs the pull-request rules (who may change what, what never changes, how prices may
change) and `check` on the new tree, prints every problem and a summary for the reviewer.
Exit 0 clean, 1 problems, 2 misuse (no git repository, unknown base, no known author).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys

from urval.catalog.check import check_catalog
from urval.messages import say
from urval.options import EXIT_MISUSE, EXIT_OK, EXIT_PROBLEMS, add_catalog_argument, as_of_date
from urval.pr.git import GitError, Repository
from urval.pr.report import FORMATS, render
from urval.pr.review import gather
from urval.pr.rules import judge, merge
from urval.pr.summary import summarise

AUTHOR_VARIABLE = "GITHUB_ACTOR"


def _author(args: argparse.Namespace) -> str | None:
    given: str = args.author if args.author is not None else os.environ.get(AUTHOR_VARIABLE, "")
    return given.strip() or None


def run(args: argparse.Namespace) -> int:
    author = _author(args)
    if author is None:
        print(say("pr_no_author"), file=sys.stderr)
        return EXIT_MISUSE
    as_of = (args.as_of or dt.date.today()).isoformat()
    try:
        repo = Repository.open(args.catalog, args.base)
        review = gather(repo, args.catalog, author, as_of)
    except GitError as error:
        print(error.message, file=sys.stderr)
        return EXIT_MISUSE
    checked = check_catalog(args.catalog, today=as_of)
    problems = merge(checked.problems, judge(review))
    print(render(args.format, problems, checked.files_checked, summarise(review)))
    return EXIT_PROBLEMS if problems else EXIT_OK


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `check-pr` to the command line (called from `urval.cli`)."""
    parser = commands.add_parser("check-pr", help="judge a pull request's change of the catalogue against a git base")
    parser.add_argument("--base", required=True, help="git ref the change is compared with, e.g. origin/main")
    parser.add_argument("--author", help=f"account proposing the change (default: ${AUTHOR_VARIABLE})")
    parser.add_argument("--as-of", type=as_of_date, help="date prices are judged on, YYYY-MM-DD (default: today)")
    parser.add_argument("--format", choices=FORMATS, default="text")
    add_catalog_argument(parser)
    parser.set_defaults(run=run)
