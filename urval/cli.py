"""The command line: parses arguments and hands over to the package. Exit 0 clean, 1 problems, 2 misuse.

Each command lives in a module of its own with `register(subparsers)`, which adds its parser
and sets `run` (a function of the parsed arguments returning the exit code).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from urval.catalog.check import check_catalog
from urval.catalog.problems import format_problems
from urval.options import EXIT_MISUSE, EXIT_OK, EXIT_PROBLEMS, add_catalog_argument
from urval.pr.command import register as register_check_pr
from urval.site.commands import register as register_site_commands


def _run_check(args: argparse.Namespace) -> int:
    result = check_catalog(args.catalog)
    print(format_problems(result.problems, result.files_checked, args.format))
    return EXIT_OK if result.ok else EXIT_PROBLEMS


def _register_check(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = commands.add_parser("check", help="validate the catalogue and report every problem")
    add_catalog_argument(check)
    check.add_argument("--format", choices=["text", "github", "json"], default="text")
    check.set_defaults(run=_run_check)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="Urvalsdata: check and publish a supplier catalogue.")
    commands = parser.add_subparsers(dest="command", required=True)
    _register_check(commands)
    register_site_commands(commands)
    register_check_pr(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return EXIT_OK if exit_.code == 0 else EXIT_MISUSE
    code: int = args.run(args)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
