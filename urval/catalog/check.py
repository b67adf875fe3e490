"""Step 2, validate: schema first, then the cross-file rules, collecting every problem."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from urval.catalog import layout
from urval.catalog.declaration import EMPTY, Declaration, read_declaration
from urval.catalog.declaration_rules import DECLARATION_RULE_ID, DECLARED_RULES, declaration_findings
from urval.catalog.defaults import with_defaults
from urval.catalog.load import CatalogFile, Loaded, LoadedCatalog, discover, discover_framework, read
from urval.catalog.news import news_file_problems
from urval.catalog.problems import Problem, display_path
from urval.catalog.rules import FOUNDATION_RULES, RULES, RuleContext
from urval.catalog.schema import SchemaSet, SchemaUnusable
from urval.catalog.suggest import list_forms, with_suggestions
from urval.catalog.supplier_schema import REGENERATE, supplier_schema
from urval.catalog.valid import ValidCatalogue
from urval.catalog.yamlload import Document
from urval.memory import gc_paused
from urval.messages import say

# Every cross-file rule `check` runs, in order: the registry the supplier guide lists.
ALL_RULES = (*FOUNDATION_RULES, *RULES, *DECLARED_RULES)

# Below this many files a second process costs more than it saves.
PARALLEL_FROM_FILES = 400


@dataclass(frozen=True)
class CheckResult:
    catalog: LoadedCatalog
    problems: list[Problem]
    context: RuleContext  # the documents that passed, for the rules

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def catalogue(self) -> ValidCatalogue | None:
        """The whole catalogue for the model, or None when anything is wrong with it."""
        context = self.context
        if self.problems or context.framework is None:
            return None
        return ValidCatalogue(
            framework=context.framework.data,
            reference={name: doc.data for name, doc in context.reference.items()},
            suppliers={name: doc.data for name, doc in context.suppliers.items()},
            follow_ups={name: doc.data for name, doc in context.follow_ups.items()},
            sanctions={name: doc.data for name, doc in context.sanctions.items()},
            news={name: doc.data for name, doc in context.news.items()},
        )

    @property
    def files_checked(self) -> int:
        return self.catalog.files_read


Outcome = tuple[CatalogFile, Document | None, list[Problem]]
Schemas = dict[str, dict[str, Any]]


def _unusable(schemas: SchemaSet, schema_dir: Path, name: str) -> list[Problem]:
    """A schema that loaded but failed while validating; one missing or not JSON is reported by
    SchemaSet.problems already."""
    if name not in schemas.schemas:
        return []
    return [Problem(display_path(schema_dir / name), 1, 1, say("schema_file_unusable"), "schema-file")]


def _load_and_validate(files: list[CatalogFile], schema_dir: Path, overrides: Schemas) -> list[Outcome]:
    schemas = SchemaSet({**SchemaSet.from_dir(schema_dir).schemas, **overrides})
    outcomes: list[Outcome] = []
    with gc_paused():
        for file in files:
            document = read(file)
            if isinstance(document, Problem):
                outcomes.append((file, None, [document]))
                continue
            try:
                found = schemas.validate(file.kind.schema, document)
            except SchemaUnusable:  # reported at the schema file, once (problems are deduplicated)
                outcomes.append((file, None, _unusable(schemas, schema_dir, file.kind.schema)))
                continue
            if file.kind == layout.NEWS:  # compare by value: files cross process boundaries
                found += news_file_problems(file.path, document.display)
            outcomes.append((file, document, found))
    return outcomes


def _run(files: list[CatalogFile], schema_dir: Path, overrides: Schemas) -> list[Outcome]:
    workers = min(os.cpu_count() or 1, 8)
    if len(files) < PARALLEL_FROM_FILES or workers < 2:
        return _load_and_validate(files, schema_dir, overrides)
    chunks = [files[i::workers] for i in range(workers)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = pool.map(_validated_in_worker, chunks, [schema_dir] * workers, [overrides] * workers)
        return [
            (file, None if sent is None else _received(file, *sent), problems)
            for chunk, found in zip(chunks, results, strict=True)
            for file, (sent, problems) in zip(chunk, found, strict=True)
        ]


Sent = tuple[tuple[str, str, Any] | None, list[Problem]]  # a document's display, text and data


def _received(file: CatalogFile, display: str, text: str, data: Any) -> Document:
    return Document(path=file.path, display=display, text=text, data=data)


def _validated_in_worker(files: list[CatalogFile], schema_dir: Path, overrides: Schemas) -> list[Sent]:
    """`_load_and_validate` in a worker process, sending back each document's text and data but
    not its file: the parent has the files, and pickling a path costs more than a document."""
    return [
        (None if document is None else (document.display, document.text, document.data), problems)
        for _file, document, problems in _load_and_validate(files, schema_dir, overrides)
    ]


Signature = tuple[int, int, int, int]  # what lstat says of a file: inode, size, mtime, ctime (ns)


def _signature(path: Path) -> Signature | None:
    try:
        found = os.lstat(path)
    except OSError:
        return None
    return (found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)


@dataclass
class CheckCache:
    """What `serve` keeps between two checks: each entry file's outcome (document and schema
    problems), reused while lstat says the file is unchanged and the schemas are the same. The
    cross-file rules always run again; they see every file."""

    schemas_key: str = ""
    outcomes: dict[Path, tuple[Signature, Outcome]] = field(default_factory=dict)

    def run(self, files: list[CatalogFile], schema_dir: Path, overrides: Schemas) -> list[Outcome]:
        key = _schemas_key(schema_dir, overrides)
        if key != self.schemas_key:
            self.schemas_key, self.outcomes = key, {}
        signatures = {file.path: _signature(file.path) for file in files}
        kept = {file.path: self._cached(file.path, signatures[file.path]) for file in files}
        fresh = {
            outcome[0].path: outcome for outcome in _run([f for f in files if not kept[f.path]], schema_dir, overrides)
        }
        outcomes = [kept[file.path] or fresh[file.path] for file in files]
        self.outcomes = {
            file.path: (signature, outcome)
            for file, outcome in zip(files, outcomes, strict=True)
            if (signature := signatures[file.path]) is not None
        }
        return outcomes

    def _cached(self, path: Path, signature: Signature | None) -> Outcome | None:
        found = self.outcomes.get(path)
        if found is None or signature is None or found[0] != signature:
            return None
        return found[1]


def _schemas_key(schema_dir: Path, overrides: Schemas) -> str:
    """Changes when a schema file or a generated schema does."""
    files = sorted((path.name, _signature(path)) for path in schema_dir.glob("*.json"))
    return hashlib.sha256(json.dumps([files, overrides], sort_keys=True, default=str).encode()).hexdigest()


def _valid_documents(entries: dict[str, Loaded]) -> dict[str, Document]:
    return {name: loaded.document for name, loaded in entries.items() if loaded.valid}


def _add(catalog: LoadedCatalog, outcomes: list[Outcome], problems: list[Problem]) -> None:
    for file, document, found in outcomes:
        problems += found
        if document is not None:
            catalog.add(Loaded(file, document, valid=not found))


@dataclass(frozen=True)
class Foundation:
    """The framework and its reference lists, checked before the entries that depend on them."""

    declaration: Declaration  # EMPTY when the framework is unreadable or unsound
    supplier_schema: dict[str, Any] | None  # generated from the declaration; None when it cannot be
    problems: list[Problem]


def _foundation(root: Path, catalog: LoadedCatalog, docs: Path | None) -> tuple[Foundation, list[CatalogFile]]:
    """Read and check the framework first (it declares the reference lists and the supplier
    facts), then the reference lists; generate the supplier schema when all of it is sound."""
    schema_dir = root / layout.SCHEMA_DIR
    core = {layout.SUPPLIER.schema: supplier_schema(EMPTY, {})}  # the shared `$defs`, whatever the file says
    framework_file, problems = discover_framework(root)
    _add(catalog, _load_and_validate([framework_file] if framework_file else [], schema_dir, core), problems)
    framework = catalog.framework
    sound = framework is not None and framework.valid
    if framework is not None and sound:
        framework_schema = SchemaSet.from_dir(schema_dir).schemas.get(layout.FRAMEWORK.schema, {})
        framework.document.data = with_defaults(framework.document.data, framework_schema)
    findings = declaration_findings(framework.document) if framework is not None and sound else []
    problems += [finding.problem(DECLARATION_RULE_ID) for finding in findings]
    declaration = read_declaration(framework.document.data) if framework is not None and sound else EMPTY
    if findings:
        declaration = EMPTY
    declared = {v.name: v.schema for v in declaration.vocabularies}
    files, found = discover(root, docs, declared)
    problems += found
    reference = [file for file in files if file.group == "reference"]
    _add(catalog, _load_and_validate(reference, schema_dir, core), problems)
    lists = {name: loaded.document.data for name, loaded in catalog.reference.items() if loaded.valid}
    generated = None
    if sound and not findings and all(v.name in lists for v in declaration.vocabularies):
        generated = supplier_schema(declaration, lists)
        problems += _schema_outdated(root, generated)
        framework_data = framework.document.data if framework is not None else {}
        generated = with_suggestions(generated, list_forms(framework_data, declaration, lists))
    others = [file for file in files if file.group != "reference"]
    kinds = {file.kind.schema for file in files} | ({framework_file.kind.schema} if framework_file else set())
    problems += _schema_file_problems(schema_dir, core, kinds)
    return Foundation(declaration, generated, problems), others


def _schema_file_problems(schema_dir: Path, core: Schemas, kinds: set[str]) -> list[Problem]:
    """Broken, missing or unusable schema files, except the supplier schema: it is generated, and
    a committed copy that is not the generated one is reported by `_schema_outdated`."""
    on_disk = SchemaSet.from_dir(schema_dir)
    broken = {name: problem for name, problem in on_disk.broken.items() if name != layout.SUPPLIER.schema}
    schemas = SchemaSet({**on_disk.schemas, **core}, broken)
    return schemas.problems(schema_dir, kinds - {layout.SUPPLIER.schema})


def _schema_outdated(root: Path, generated: dict[str, Any]) -> list[Problem]:
    """A located problem when the committed supplier schema is not the generated one."""
    path = root / layout.SCHEMA_DIR / layout.SUPPLIER.schema
    try:
        committed = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        committed = None
    if committed == generated:
        return []
    command = REGENERATE.format(catalog=display_path(root))
    return [Problem(display_path(path), 1, 1, say("supplier_schema_outdated", command=command), "supplier-schema")]


def check_catalog(
    root: Path, today: str | None = None, docs: Path | None = None, cache: CheckCache | None = None
) -> CheckResult:
    """Check a catalogue folder (and the news posts in `docs`, by default `docs/` beside it);
    with a `cache`, only the entry files changed since the last check are read again."""
    with gc_paused():  # every document received from the workers, and what the rules make of them
        return _check(root, today, docs, cache)


def _check(root: Path, today: str | None, docs: Path | None, cache: CheckCache | None) -> CheckResult:
    catalog = LoadedCatalog(root=root)
    foundation, files = _foundation(root, catalog, docs)
    problems = list(foundation.problems)
    catalog.files_read = len(files) + len(catalog.reference) + (1 if catalog.framework else 0)
    for folder in layout.ENTRY_FOLDERS:
        catalog.entry_names[folder] = {file.name for file in files if file.group == folder}
    overrides = {layout.SUPPLIER.schema: foundation.supplier_schema} if foundation.supplier_schema else {}
    run = cache.run if cache is not None else _run
    _add(catalog, run(files, root / layout.SCHEMA_DIR, overrides), problems)
    framework = catalog.framework
    context = RuleContext(
        framework=framework.document if framework and framework.valid else None,
        reference=_valid_documents(catalog.reference),
        suppliers=_valid_documents(catalog.entries.get("suppliers", {})),
        follow_ups=_valid_documents(catalog.entries.get("follow_ups", {})),
        sanctions=_valid_documents(catalog.entries.get("sanctions", {})),
        news=_valid_documents(catalog.entries.get(layout.NEWS_GROUP, {})),
        supplier_files=frozenset(catalog.entry_names["suppliers"]),
        docs_dir=docs if docs is not None else layout.docs_dir(root),
        today=today or dt.date.today().isoformat(),
    )
    foundation_problems = [problem for rule in FOUNDATION_RULES for problem in rule(context)]
    declared_wrong = (*foundation_problems, *foundation.problems)
    unsound = {problem.file for problem in declared_wrong if problem.rule == DECLARATION_RULE_ID}
    context = _without_unsound(context, unsound | {problem.file for problem in foundation_problems})
    problems += foundation_problems
    for rule in (*RULES, *DECLARED_RULES):
        problems.extend(rule(context))
    return CheckResult(catalog, sorted(set(problems)), context)


def _without_unsound(context: RuleContext, files: set[str]) -> RuleContext:
    """The context minus the framework and reference lists that broke a foundation rule."""
    framework = context.framework if context.framework and context.framework.display not in files else None
    reference = {name: doc for name, doc in context.reference.items() if doc.display not in files}
    return replace(context, framework=framework, reference=reference)
