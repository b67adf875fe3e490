"""The pull-request rules: who may change what, what never changes, and how prices may change.

One registry, each rule a generator of problems, like `urval.catalog.rules`. A problem points at the
first changed line of the new file (line 1 of a deleted file).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from typing import Any

from urval.catalog.problems import Problem
from urval.catalog.yamlload import Document, Path_
from urval.messages import say
from urval.messages.keys import MessageKey
from urval.pr.git import REGULAR_MODES, SUBMODULE, SYMLINK
from urval.pr.review import ACCOUNTS_SCHEMA, ChangedFile, Review, mapping, price_lists, strings

PrRule = Callable[[Review], Iterator[Problem]]
PR_RULES: list[PrRule] = []

# `check` rules whose problem a pull-request rule restates more precisely at the same place.
SUPERSEDED_CHECK_RULES = frozenset({"price-date", "id-file-name"})


def pr_rule(function: PrRule) -> PrRule:
    PR_RULES.append(function)
    return function


def first_changed_line(old: str, new: str) -> int:
    """The first line of `new` that differs from `old` (1 when nothing but the end changed)."""
    new_lines = new.splitlines()
    matcher = difflib.SequenceMatcher(None, old.splitlines(), new_lines, autojunk=False)
    for tag, _i1, _i2, j1, _j2 in matcher.get_opcodes():
        if tag != "equal":
            return max(1, min(j1 + 1, len(new_lines)))
    return 1


def _at_changed_line(file: ChangedFile, message: str, rule_name: str) -> Problem:
    old, new = file.old_version.text, file.new_version.text
    line = first_changed_line(old, new) if old is not None and new is not None else 1
    return Problem(file.display, line, 1, message, rule_name)


def _at(document: Document, path: Path_, message: str, rule_name: str, key: bool = False) -> Problem:
    where = document.key_at(path) if key else document.at(path)
    return Problem(document.display, where.line, where.column, message, rule_name)


def _next_change_date(review: Review) -> str:
    upcoming = [date for date in review.change_dates or () if date > review.as_of]
    return say("pr_next_change_date", date=min(upcoming)) if upcoming else say("pr_no_next_change_date")


# --- who may change what ------------------------------------------------------------------


def _supplier_ownership(review: Review, file: ChangedFile) -> Iterator[Problem]:
    author = review.author
    if file.kind == "added":
        yield Problem(file.display, 1, 1, say("pr_supplier_added", author=author), "pr-owner")
    elif file.kind == "deleted":
        yield Problem(file.display, 1, 1, say("pr_supplier_deleted", author=author), "pr-owner")
    elif file.kind == "renamed":
        yield Problem(file.display, 1, 1, say("pr_supplier_renamed", old=file.old_display), "pr-owner")
    else:
        maintainers = strings(mapping(file.old.data if file.old else None).get("maintainers"))
        if author.casefold() not in {login.casefold() for login in maintainers}:
            message = say("pr_not_maintainer", author=author, maintainers=", ".join(maintainers) or "–")
            yield _at_changed_line(file, message, "pr-owner")


@pr_rule
def ownership(review: Review) -> Iterator[Problem]:
    """A supplier file only by its base maintainers; every other path of the repository (the rest of
    the catalogue, the news, the docs, the code, the workflows, the tests …), and new or removed
    supplier files, only by Adda."""
    if review.by_adda:
        return
    for file in review.files:
        if file.area == "supplier":
            yield from _supplier_ownership(review, file)
        else:
            message = say("pr_adda_only", what=say(AREA_NAMES[file.area]), author=review.author)
            yield _at_changed_line(file, message, "pr-owner")
    for path in review.outside:
        yield Problem(path, 1, 1, say("pr_adda_only_path", path=path, author=review.author), "pr-owner")


# --- only regular files ---------------------------------------------------------------------


@pr_rule
def regular_files(review: Review) -> Iterator[Problem]:
    """Every changed path is a regular file: a symbolic link or a submodule is refused whoever
    proposes it (its target is never named); a changed file mode is refused for everyone but Adda,
    and for Adda too in the catalogue and the news, whose files are plain data."""
    for change in review.changes:
        if change.new_mode == SYMLINK:
            yield Problem(change.path, 1, 1, say("pr_symlink"), "pr-file-kind")
        elif change.new_mode == SUBMODULE:
            yield Problem(change.path, 1, 1, say("pr_submodule"), "pr-file-kind")
        elif change.old is not None and change.new is not None and change.old_mode != change.new_mode:
            # Adda may make a script executable, or replace a link with a file; never a data file's mode.
            in_data = review.places.area(change.path) is not None and change.old_mode in REGULAR_MODES
            if in_data or not review.by_adda:
                old, new = change.old_mode or "–", change.new_mode or "–"
                yield Problem(change.path, 1, 1, say("pr_mode_changed", old=old, new=new), "pr-file-kind")


# --- what never changes -------------------------------------------------------------------


# What each part of the catalogue is called in a message, by `Layout.area`.
AREA_NAMES: dict[str, MessageKey] = {
    "framework": "pr_area_framework",
    "reference": "pr_area_reference",
    "schema": "pr_area_schema",
    "follow_ups": "pr_area_follow_ups",
    "sanctions": "pr_area_sanctions",
    "accounts": "pr_area_accounts",
    "news": "pr_area_news",
    "catalog": "pr_area_catalog",
}
IDENTITY_FIELDS: tuple[tuple[str, MessageKey], ...] = (("id", "pr_id_changed"), ("org_number", "pr_org_number_changed"))


@pr_rule
def identity_is_fixed(review: Review) -> Iterator[Problem]:
    """`id` and `org_number` of a supplier file never change, whoever proposes it."""
    for file in review.suppliers():
        if file.kind != "modified" or file.old is None or file.new is None:
            continue
        old, new = mapping(file.old.data), mapping(file.new.data)
        for key, message_key in IDENTITY_FIELDS:
            if key in old and key in new and old[key] != new[key]:
                yield _at(file.new, (key,), say(message_key, old=old[key]), "pr-identity")


# --- prices -------------------------------------------------------------------------------


def first_difference(old: Any, new: Any, path: Path_ = ()) -> Path_ | None:
    """The path of the first value in `new` that differs from `old`, or None when equal."""
    if old == new:
        return None
    if isinstance(old, dict) and isinstance(new, dict):
        for key, value in new.items():
            if key not in old:
                return (*path, key)
            found = first_difference(old[key], value, (*path, key))
            if found is not None:
                return found
    elif isinstance(old, list) and isinstance(new, list):
        for index, value in enumerate(new):
            if index >= len(old):
                return (*path, index)
            found = first_difference(old[index], value, (*path, index))
            if found is not None:
                return found
    return path


def _lists_in_force(review: Review, file: ChangedFile, new: Document) -> Iterator[Problem]:
    old_lists, new_lists = price_lists(file.old.data if file.old else None), price_lists(new.data)
    for date, (_, old_list) in old_lists.items():
        if date > review.as_of:
            continue
        if date not in new_lists:
            yield _at(new, ("prices",), say("pr_price_removed", date=date), "pr-price-in-force", key=True)
            continue
        index, new_list = new_lists[date]
        difference = first_difference(old_list, new_list, ("prices", index))
        if difference is not None:
            message = say("pr_price_edited", date=date, next=_next_change_date(review))
            yield _at(new, difference, message, "pr-price-in-force")


def _new_lists(review: Review, file: ChangedFile, new: Document) -> Iterator[Problem]:
    old_lists = price_lists(file.old.data if file.old else None)
    for date, (index, _) in price_lists(new.data).items():
        if date in old_lists:
            continue
        path: Path_ = ("prices", index, "valid_from")
        hint = _next_change_date(review)
        if review.change_dates is not None and date not in review.change_dates:
            yield _at(new, path, say("pr_price_not_change_date", date=date, next=hint), "pr-price-date")
        elif date <= review.as_of:
            yield _at(new, path, say("pr_price_backdated", date=date, as_of=review.as_of, next=hint), "pr-price-date")


@pr_rule
def price_history(review: Review) -> Iterator[Problem]:
    """A price list in force on the as-of date is never edited or removed; a new one starts on a
    coming price change date. Applies to supplier files that existed in the base."""
    for file in review.suppliers():
        if file.kind == "modified" and file.old is not None and file.new is not None:
            yield from _lists_in_force(review, file, file.new)
            yield from _new_lists(review, file, file.new)


# --- Adda's accounts ------------------------------------------------------------------------


@pr_rule
def accounts_follow_schema(review: Review) -> Iterator[Problem]:
    """The list of Adda's accounts follows its schema (until `check` itself reads it)."""
    for file in review.files:
        if file.area != "accounts":
            continue
        if file.new_version.problem is not None:
            yield file.new_version.problem
        elif file.new is not None and ACCOUNTS_SCHEMA in review.schemas.schemas:
            yield from review.schemas.validate(ACCOUNTS_SCHEMA, file.new)


def judge(review: Review) -> list[Problem]:
    return [problem for rule in PR_RULES for problem in rule(review)]


def merge(check_problems: list[Problem], pr_problems: list[Problem]) -> list[Problem]:
    """Both kinds of problems, sorted and without repeats; a `check` problem that a pull-request
    rule restates at the same place gives way to it."""
    restated = {(p.file, p.line, p.column) for p in pr_problems}
    kept = [
        p for p in check_problems if not (p.rule in SUPERSEDED_CHECK_RULES and (p.file, p.line, p.column) in restated)
    ]
    return sorted(set(kept + pr_problems))
