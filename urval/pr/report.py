"""`check-pr` output: the problems (as `check` prints them) and the reviewer's summary, as text,
GitHub workflow commands, or Markdown for a pull-request comment or job summary."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

from urval.catalog.problems import Problem, format_problems
from urval.messages import say
from urval.messages.keys import MessageKey
from urval.pr.summary import FileChange, NameChange, Price, PriceLine, PriceListChange, Summary, SupplierChange
from urval.text import kronor, markdown, percent, printable

FORMATS = ("text", "github", "markdown")
_INDENT = "  "
KIND_NAMES: dict[str, MessageKey] = {
    "added": "pr_kind_added",
    "deleted": "pr_kind_deleted",
    "modified": "pr_kind_modified",
}
PRICE_COLUMNS: dict[str, MessageKey] = {
    "supplier": "pr_md_col_supplier",
    "valid_from": "pr_md_col_valid_from",
    "item": "pr_md_col_item",
    "old": "pr_md_col_old",
    "new": "pr_md_col_new",
    "change": "pr_md_col_change",
}


def _kind(change: FileChange) -> str:
    if change.kind == "renamed":
        return say("pr_kind_renamed", old=change.old_display)
    return say(KIND_NAMES[change.kind])


def _author(summary: Summary) -> str:
    return say("pr_summary_author_adda" if summary.by_adda else "pr_summary_author", author=summary.author)


def amount(price: Price) -> str:
    """A price as the summary shows it: a number in Swedish form, anything else quoted as written."""
    return kronor(price) if isinstance(price, int | float) else say("pr_price_as_written", value=price)


def _change(old: Price, new: Price) -> str:
    return percent(old, new) if isinstance(old, int | float) and isinstance(new, int | float) else "–"


def price_line(line: PriceLine) -> str:
    old, new = line.old, line.new
    if old is not None and new is not None:
        return say("pr_price_change", item=line.item, old=amount(old), new=amount(new), change=_change(old, new))
    if new is not None:
        return say("pr_price_new_item", item=line.item, new=amount(new))
    return say("pr_price_dropped_item", item=line.item, old=amount(old if old is not None else 0))


def _identity(change: NameChange) -> str:
    return say("pr_identity_name", path=change.display, old=change.old, new=change.new)


def _identity_changes(summary: Summary) -> list[NameChange]:
    return [supplier.renamed for supplier in summary.suppliers if supplier.renamed is not None]


def _price_list_heading(prices: PriceListChange) -> str:
    if prices.edited:
        return say("pr_price_list_edited", date=prices.valid_from)
    if prices.previous is None:
        return say("pr_price_list_first", date=prices.valid_from)
    return say("pr_price_list", date=prices.valid_from, previous=prices.previous)


def _dropped_addons(prices: PriceListChange) -> str:
    return say("pr_addons_dropped", date=prices.valid_from, addons=", ".join(prices.dropped_addons))


# --- text (also the plain part of the github format) -----------------------------------------


def _supplier_lines(supplier: SupplierChange) -> Iterator[str]:
    yield _INDENT + say("pr_supplier_line", name=supplier.name, path=supplier.file.display, kind=_kind(supplier.file))
    if supplier.fields:
        fields = ", ".join(say("pr_field", title=title, key=key) for key, title in supplier.fields)
        yield _INDENT * 2 + say("pr_fields_line", fields=fields)
    for prices in supplier.prices:
        yield _INDENT * 2 + _price_list_heading(prices)
        same = say("pr_price_same_edited" if prices.edited else "pr_price_same")
        lines = [price_line(line) for line in prices.lines] or [same]
        yield from (_INDENT * 3 + line for line in lines)
        if prices.dropped_addons:
            yield _INDENT * 3 + _dropped_addons(prices)


def summary_lines(summary: Summary) -> list[str]:
    """The summary as lines of text; a change of a supplier's name stands first."""
    identity = _identity_changes(summary)
    lines = [say("pr_summary_heading")]
    if identity:
        lines.append(say("pr_summary_identity"))
        lines += [_INDENT + _identity(change) for change in identity]
    lines += [_author(summary), say("pr_summary_as_of", as_of=summary.as_of)]
    if summary.suppliers:
        lines.append(say("pr_summary_suppliers"))
        lines += [line for supplier in summary.suppliers for line in _supplier_lines(supplier)]
    if summary.other:
        lines.append(say("pr_summary_other"))
        lines += [_INDENT + say("pr_file_line", path=change.display, kind=_kind(change)) for change in summary.other]
    if not summary.suppliers and not summary.other:
        lines.append(say("pr_summary_no_changes"))
    if summary.outside:
        lines.append(say("pr_summary_outside"))
        lines += [_INDENT + path for path in summary.outside]
    return [printable(line) for line in lines]


def as_text(problems: list[Problem], files_checked: int, summary: Summary) -> str:
    return "\n".join([format_problems(problems, files_checked, "text"), "", *summary_lines(summary)])


def as_github(problems: list[Problem], files_checked: int, summary: Summary) -> str:
    """Annotations, then the summary with workflow commands switched off: it quotes file names and
    supplier data, which must never be read as commands."""
    token = secrets.token_hex(16)
    problem_lines = format_problems(problems, files_checked, "github")
    return "\n".join([problem_lines, f"::stop-commands::{token}", *summary_lines(summary), f"::{token}::"])


# --- markdown ---------------------------------------------------------------------------------


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def _problem_table(problems: list[Problem]) -> list[str]:
    header = _row(say("pr_md_col_file"), say("pr_md_col_line"), say("pr_md_col_message"))
    rows = [_row(markdown(p.file), str(p.line), markdown(p.message)) for p in sorted(problems)]
    return [header, "| --- | ---: | --- |", *rows]


def _price_cells(line: PriceLine) -> tuple[str, str, str]:
    old = markdown(say("pr_md_amount", amount=amount(line.old))) if line.old is not None else "–"
    new = markdown(say("pr_md_amount", amount=amount(line.new))) if line.new is not None else "–"
    if line.old is None:
        return old, new, say("pr_md_new_item")
    if line.new is None:
        return old, new, say("pr_md_dropped_item")
    return old, new, _change(line.old, line.new)


def _valid_from_cell(prices: PriceListChange) -> str:
    return markdown(say("pr_md_edited_list", date=prices.valid_from)) if prices.edited else prices.valid_from


def _price_table(summary: Summary) -> list[str]:
    rows = [
        _row(markdown(supplier.name), _valid_from_cell(prices), markdown(line.item), *_price_cells(line))
        for supplier in summary.suppliers
        for prices in supplier.prices
        for line in prices.lines
    ]
    if not rows:
        return []
    columns = ("supplier", "valid_from", "item", "old", "new", "change")
    header = _row(*(say(PRICE_COLUMNS[column]) for column in columns))
    return ["", f"### {say('pr_md_prices_heading')}", "", header, "| --- | --- | --- | ---: | ---: | ---: |", *rows]


def _markdown_summary(summary: Summary) -> list[str]:
    lines = [f"### {say('pr_summary_heading')}", ""]
    identity = _identity_changes(summary)
    if identity:
        lines += [markdown(say("pr_summary_identity")), ""]
        lines += ["- " + markdown(_identity(change)) for change in identity]
        lines.append("")
    lines.append(markdown(_author(summary)) + " " + markdown(say("pr_summary_as_of", as_of=summary.as_of)))
    if summary.suppliers:
        lines += ["", markdown(say("pr_summary_suppliers")), ""]
        for supplier in summary.suppliers:
            kind = _kind(supplier.file)
            lines.append(
                "- " + markdown(say("pr_supplier_line", name=supplier.name, path=supplier.file.display, kind=kind))
            )
            if supplier.fields:
                fields = ", ".join(say("pr_field", title=title, key=key) for key, title in supplier.fields)
                lines.append("  - " + markdown(say("pr_fields_line", fields=fields)))
            lines += ["  - " + markdown(_dropped_addons(p)) for p in supplier.prices if p.dropped_addons]
    if summary.other:
        lines += ["", markdown(say("pr_summary_other")), ""]
        lines += ["- " + markdown(say("pr_file_line", path=c.display, kind=_kind(c))) for c in summary.other]
    if not summary.suppliers and not summary.other:
        lines += ["", markdown(say("pr_summary_no_changes"))]
    if summary.outside:
        lines += ["", markdown(say("pr_summary_outside")), ""]
        lines += ["- " + markdown(path) for path in summary.outside]
    return lines + _price_table(summary)


def as_markdown(problems: list[Problem], summary: Summary) -> str:
    lines = [f"## {say('pr_md_heading')}", ""]
    if problems:
        lines += [markdown(say("pr_md_problems", count=len(problems))), "", *_problem_table(problems)]
    else:
        lines.append(markdown(say("pr_md_clean")))
    return "\n".join([*lines, "", *_markdown_summary(summary)]) + "\n"


def render(fmt: str, problems: list[Problem], files_checked: int, summary: Summary) -> str:
    if fmt == "markdown":
        return as_markdown(problems, summary)
    if fmt == "github":
        return as_github(problems, files_checked, summary)
    return as_text(problems, files_checked, summary)
