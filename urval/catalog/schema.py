"""JSON Schema validation of loaded documents, reported as positioned Swedish problems."""

from __future__ import annotations

import difflib
import functools
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import fastjsonschema
from fastjsonschema.draft04 import CodeGeneratorDraft04
from fastjsonschema.draft07 import CodeGeneratorDraft07
from fastjsonschema.ref_resolver import RefResolver
from jsonschema import Draft202012Validator, ValidationError, validators
from jsonschema.exceptions import SchemaError, UnknownType
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from urval.catalog.characters import character_problems
from urval.catalog.files import is_regular
from urval.catalog.problems import Problem, display_path
from urval.catalog.suggest import SUGGEST, meant
from urval.catalog.yamlload import Document, LoadError, Path_, read_limited
from urval.messages import say, say_count
from urval.messages.keys import MessageKey

TYPE_NAMES: dict[str, MessageKey] = {
    "string": "type_string",
    "integer": "type_integer",
    "number": "type_number",
    "boolean": "type_boolean",
    "array": "type_array",
    "object": "type_object",
}


def _is_integer(checker: Any, instance: Any) -> bool:
    """Strict: jsonschema takes 2330.0 for an integer; a catalogue never does (nor true)."""
    return isinstance(instance, int) and not isinstance(instance, bool)


# Draft 2020-12 with one change: "integer" means a whole number written without decimals.
StrictValidator = validators.extend(  # type: ignore[no-untyped-call]  # jsonschema leaves it untyped
    Draft202012Validator, type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer)
)


def show(value: Any, limit: int = 60) -> str:
    """A value quoted for a message, shortened so hostile input cannot flood the output."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


# What a schema that is JSON but not a usable JSON Schema raises, compiling or validating. (Meta-
# validating every schema on every check would cost more than checking the whole catalogue.)
_BROKEN_SCHEMA = (
    SchemaError,
    UnknownType,
    Unresolvable,
    KeyError,
    TypeError,
    IndexError,
    AttributeError,
    ValueError,
    RecursionError,
)


class SchemaUnusable(Exception):
    """A schema that is missing, is not JSON, or is not a usable JSON Schema; reported once, at
    the schema file (SchemaSet.problems), not at every file it would judge."""


# `URVAL_JSONSCHEMA_ONLY=1` turns the compiled fast path off: every document goes through jsonschema,
# as before it existed (the benchmark measures both in one run; a way out should the two disagree).
JSONSCHEMA_ONLY = "URVAL_JSONSCHEMA_ONLY"
# Compiling costs about as much as jsonschema spends on 30-odd supplier files (0.1 s for the
# supplier schema, 0.3 s for the framework's, against ~3 ms a supplier file; measured on 2 busy
# cores), so a process judges the first documents of each schema with jsonschema and compiles
# only when more come: the example catalogue (28 suppliers, one framework) compiles nothing.
FAST_AFTER_DOCUMENTS = 32


class Unsupported(Exception):
    """A schema that fastjsonschema could not judge exactly as jsonschema does."""


# The keywords the fast path takes over, each with the same meaning in fastjsonschema (draft-07
# generator) as in Draft 2020-12 for the values `_fast_schema` lets through. Any other keyword
# that is not an annotation (`prefixItems`, `dependentRequired`, `unevaluatedProperties`,
# `patternProperties`, `multipleOf`, `$anchor`, …) keeps its schema on jsonschema alone.
_SUBSCHEMA = ("items", "additionalProperties", "propertyNames", "not", "if", "then", "else")
_SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
_COUNTS = ("minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties")
_BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
_TYPES = frozenset({"string", "integer", "number", "boolean", "array", "object", "null"})
_ANNOTATIONS = frozenset(
    {"$schema", "$id", "$comment", "$defs", "definitions", "title", "description", "default", "examples"}
    | {"deprecated", "readOnly", "writeOnly"}
)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _types_of(value: Any) -> set[str]:
    names = value if isinstance(value, list) else [value]
    if not names or not all(isinstance(name, str) and name in _TYPES for name in names):
        return set()
    return set(names)


def _scalar(value: Any) -> bool:
    """enum/const values whose comparison agrees: fastjsonschema tells true from 1, as jsonschema does."""
    return value is None or isinstance(value, (str, bool, int, float))


def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


_PLAIN: dict[str, Callable[[Any], bool]] = {
    "type": lambda value: bool(_types_of(value)),
    "enum": lambda value: isinstance(value, list) and all(_scalar(item) for item in value),
    "const": _scalar,
    "required": lambda value: isinstance(value, list) and all(isinstance(item, str) for item in value),
    "uniqueItems": lambda value: isinstance(value, bool),
    "pattern": lambda value: isinstance(value, str) and _compiles(value),
    "format": lambda value: isinstance(value, str),
    **dict.fromkeys(_COUNTS, _count),
    **dict.fromkeys(_BOUNDS, _number),
}


def _fast_schema(node: Any, formats: set[str]) -> Any:
    """A copy of an inlined schema for fastjsonschema, without annotations; collects the formats
    it uses. Raises Unsupported for anything outside the keywords above, or a value
    jsonschema might take differently (or refuse while validating: then it must be the one to)."""
    if isinstance(node, bool):
        return node
    if not isinstance(node, dict):
        raise Unsupported(node)
    copy: dict[str, Any] = {}
    for key, value in node.items():
        if key in _ANNOTATIONS or key.startswith("x-"):
            continue
        if key in _SUBSCHEMA:
            copy[key] = _fast_schema(value, formats)
        elif key in _SUBSCHEMA_LISTS and isinstance(value, list) and value:
            copy[key] = [_fast_schema(item, formats) for item in value]
        elif key == "properties" and isinstance(value, dict):
            copy[key] = {name: _fast_schema(item, formats) for name, item in value.items()}
        elif key in _PLAIN and _PLAIN[key](value):
            copy[key] = value
            if key == "format":
                formats.add(value)
        else:
            raise Unsupported(key)
    return copy


class _StrictIntegers(CodeGeneratorDraft07):
    """Draft-07 code, except that "integer" is checked as draft-04 does it: an int and not a bool,
    never a float without decimals (2330.0, 1e3), exactly our StrictValidator's rule."""

    def generate_type(self) -> None:
        CodeGeneratorDraft04.generate_type(self)  # type: ignore[no-untyped-call]  # fastjsonschema leaves it untyped


def _compile(schema: dict[str, Any] | bool, formats: dict[str, Callable[[Any], bool]]) -> Callable[[Any], Any]:
    """fastjsonschema.compile (2.22.3, pinned) with the strict-integer generator."""
    resolver = RefResolver.from_schema(schema, handlers={}, store={})
    generator = _StrictIntegers(  # type: ignore[no-untyped-call]
        schema, resolver=resolver, formats=formats, use_default=False, detailed_exceptions=False
    )  # use_default=False: never write defaults into the document
    state: dict[str, Any] = generator.global_state
    exec(generator.func_code, state)  # what fastjsonschema.compile does with its own code
    function: Callable[..., Any] = state[resolver.get_scope_name()]
    return functools.partial(function, custom_formats=formats)


def _format_check(name: str) -> Callable[[Any], bool]:
    """The format as jsonschema checks it (the same function), never fastjsonschema's own."""
    checker = Draft202012Validator.FORMAT_CHECKER
    return lambda value: checker.conforms(value, name)


@dataclass(frozen=True)
class FastValidator:
    """A compiled validator that says whether a document is valid, never why."""

    check: Callable[[Any], Any]

    def accepts(self, data: Any) -> bool:
        try:
            self.check(data)
        except fastjsonschema.JsonSchemaValueException:
            return False
        except Exception:  # anything odd in the fast path: let jsonschema judge
            return False
        return True


# Compiled once per process, by the schema's content: each worker process and each SchemaSet of
# the same catalogue reuse them (check builds several SchemaSets: framework, lists, entries).
_COMPILED: dict[str, FastValidator | None] = {}


def compile_fast(inlined: Any) -> FastValidator | None:
    """A fast validator for an inlined schema, or None where only jsonschema can judge it."""
    key = json.dumps(inlined, sort_keys=True, ensure_ascii=False)
    if key not in _COMPILED:
        _COMPILED[key] = _compile_fast(inlined)
    return _COMPILED[key]


def _compile_fast(inlined: Any) -> FastValidator | None:
    formats: set[str] = set()
    try:
        schema = _fast_schema(inlined, formats)
        if isinstance(schema, dict):
            schema = {"$schema": "http://json-schema.org/draft-07/schema#", **schema}
        check = _compile(schema, {name: _format_check(name) for name in formats})
    except (Unsupported, fastjsonschema.JsonSchemaException, re.error, RecursionError, TypeError, ValueError):
        return None
    return FastValidator(check)


@dataclass(frozen=True)
class SchemaSet:
    """Every schema of a catalogue, loaded once, with one compiled validator per schema.

    A schema file that cannot be read or parsed is left out and kept in `broken` (its problem,
    or None when the walk of the catalogue already reported the file)."""

    schemas: dict[str, dict[str, Any]]
    broken: dict[str, Problem | None] = field(default_factory=dict)

    @classmethod
    def from_dir(cls, folder: Path) -> SchemaSet:
        schemas: dict[str, dict[str, Any]] = {}
        broken: dict[str, Problem | None] = {}
        for path in sorted(folder.glob("*.json")):
            if not is_regular(path):
                broken[path.name] = None
                continue
            try:
                loaded = json.loads(read_limited(path))
            except LoadError as error:
                broken[path.name] = Problem(display_path(path), error.line, error.column, error.message, error.rule)
                continue
            except json.JSONDecodeError as error:
                message = say("schema_file_not_json", detail=error.msg)
                broken[path.name] = Problem(display_path(path), error.lineno, error.colno, message, "schema-file")
                continue
            except UnicodeDecodeError:
                broken[path.name] = Problem(display_path(path), 1, 1, say("yaml_not_utf8"), "schema-file")
                continue
            if isinstance(loaded, dict):
                schemas[path.name] = loaded
            else:
                broken[path.name] = Problem(display_path(path), 1, 1, say("schema_file_unusable"), "schema-file")
        return cls(schemas, broken)

    def problems(self, folder: Path, names: Iterable[str]) -> list[Problem]:
        """Problems with the schema files: every broken one, and each of `names` (the schemas the
        catalogue's files need) that is missing or unusable."""
        found = [problem for problem in self.broken.values() if problem is not None]
        for name in sorted(set(names)):
            if name in self.broken:
                continue
            path = folder / name
            if name not in self.schemas:
                found.append(Problem(display_path(path), 1, 1, say("schema_file_missing"), "schema-file"))
                continue
            try:
                self.validator(name)
            except SchemaUnusable:
                found.append(Problem(display_path(path), 1, 1, say("schema_file_unusable"), "schema-file"))
        return found

    @cached_property
    def registry(self) -> Registry:
        resources = [
            (name, Resource.from_contents(s, default_specification=DRAFT202012)) for name, s in self.schemas.items()
        ]
        return Registry().with_resources(resources)

    @cached_property
    def _validators(self) -> dict[str, Any]:
        return {}

    @cached_property
    def _fast(self) -> dict[str, FastValidator | None]:
        return {}

    @cached_property
    def _seen(self) -> dict[str, int]:
        return {}

    def fast_validator(self, name: str) -> FastValidator | None:
        """The compiled fast validator of a schema, or None when jsonschema must judge every
        document (the schema uses what the fast path does not take, or URVAL_JSONSCHEMA_ONLY)."""
        if name not in self._fast:
            self.validator(name)  # a schema jsonschema cannot have stays SchemaUnusable
            fast = None
            if os.environ.get(JSONSCHEMA_ONLY, "") in ("", "0"):
                fast = compile_fast(self.inline(name, self.schemas[name]))
            self._fast[name] = fast
        return self._fast[name]

    def validator(self, name: str) -> Any:
        """The compiled validator of a schema; raises SchemaUnusable when it cannot be had.

        Validating against schemas with every `$ref` already inlined is about twice as fast as
        letting the validator look references up, and the catalogue's schemas are not recursive."""
        if name not in self._validators:
            if name not in self.schemas:
                raise SchemaUnusable(name)
            try:
                inlined = self.inline(name, self.schemas[name])
                self._validators[name] = StrictValidator(
                    inlined, registry=self.registry, format_checker=Draft202012Validator.FORMAT_CHECKER
                )
            except _BROKEN_SCHEMA as error:
                raise SchemaUnusable(name) from error
        return self._validators[name]

    def inline(self, schema_name: str, node: Any) -> Any:
        """A copy of `node` with every `$ref` replaced by what it points to."""
        if isinstance(node, list):
            return [self.inline(schema_name, item) for item in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            schema_name, node = self.resolve(schema_name, node)
        return {key: value if key == "$defs" else self.inline(schema_name, value) for key, value in node.items()}

    def resolve(self, schema_name: str, subschema: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """Follow a `$ref` (`file#/pointer` or `#/pointer`) to the schema it names."""
        while "$ref" in subschema:
            target, _, pointer = subschema["$ref"].partition("#")
            schema_name = target or schema_name
            node: Any = self.schemas[schema_name]
            for part in filter(None, pointer.split("/")):
                node = node[part]
            subschema = {**node, **{k: v for k, v in subschema.items() if k != "$ref"}}
        return schema_name, subschema

    def subschema_at(self, schema_name: str, path: Path_) -> dict[str, Any]:
        """The schema that describes the value at `path`, following properties and items."""
        schema_name, node = self.resolve(schema_name, self.schemas[schema_name])
        for part in path:
            if isinstance(part, int):
                child = node.get("items", {})
            else:
                child = node.get("properties", {}).get(part) or node.get("additionalProperties") or {}
            if not isinstance(child, dict):
                return {}
            schema_name, node = self.resolve(schema_name, child)
        return node

    def label(self, schema_name: str, path: Path_) -> str:
        """The Swedish title of the field at `path`, or of its nearest titled ancestor followed by
        the keys below it (e.g. `Priser per avtalsområde → E → digital`)."""
        for depth in range(len(path), -1, -1):
            title = self.subschema_at(schema_name, path[:depth]).get("title")
            if title:
                below = [str(part) for part in path[depth:] if isinstance(part, str)]
                return " → ".join([str(title), *below])
        return str(path[-1]) if path else ""

    def validate(self, schema_name: str, document: Document) -> list[Problem]:
        """Every problem of `document`: its schema's, and refused characters in any string.

        One jsonschema error can explain several problems and several errors the same one (a
        `required` error comes once per missing field, each naming them all); each is kept once.

        The compiled fast validator decides which documents pass; jsonschema explains the rest
        (and judges alone where the fast one cannot be had), so the messages are jsonschema's."""
        seen = self._seen[schema_name] = self._seen.get(schema_name, 0) + 1
        fast = self.fast_validator(schema_name) if seen > FAST_AFTER_DOCUMENTS else None
        problems: list[Problem] = []
        if fast is None or not fast.accepts(document.data):
            errors = self.validator(schema_name).iter_errors(document.data)
            try:
                problems = [problem for error in errors for problem in self._explain(schema_name, document, error)]
            except _BROKEN_SCHEMA as error:  # a schema that compiles but cannot be applied ({"type": 5} …)
                raise SchemaUnusable(schema_name) from error
        problems += character_problems(
            document,
            is_prose=lambda path: bool(self.subschema_at(schema_name, path).get("x-prose")),
            label=lambda path: self.label(schema_name, path),
        )
        return list(dict.fromkeys(problems))

    def _explain(self, schema_name: str, document: Document, error: ValidationError) -> Iterator[Problem]:
        failure = Failure.of(error)
        for where_path, use_key, message in explain(self, schema_name, failure):
            where = document.key_at(where_path) if use_key else document.at(where_path)
            yield Problem(document.display, where.line, where.column, message, f"schema-{error.validator}")


@dataclass(frozen=True)
class Failure:
    """The parts of a jsonschema error an explanation needs, with plain types."""

    keyword: str
    expected: Any  # the keyword's value in the schema
    instance: Any
    schema: dict[str, Any]
    path: Path_
    alternatives: tuple[tuple[int, Failure], ...] = ()  # for oneOf/anyOf: (alternative index, its failure)

    @classmethod
    def of(cls, error: ValidationError) -> Failure:
        schema = error.schema if isinstance(error.schema, dict) else {}
        alternatives = tuple(
            (int(sub.relative_schema_path[0]), cls.of(sub)) for sub in error.context or () if sub.relative_schema_path
        )
        path = tuple(error.absolute_path)
        return cls(str(error.validator), error.validator_value, error.instance, schema, path, alternatives)


Explained = Iterator[tuple[Path_, bool, str]]


def explain(schemas: SchemaSet, name: str, failure: Failure) -> Explained:
    """Swedish sentences for one failure: (where, point at the key?, message)."""
    explainer = _EXPLAINERS.get(failure.keyword, _explain_generic)
    return explainer(schemas, name, failure.path, failure)


def _hint(schema: dict[str, Any]) -> str:
    return str(schema.get("x-hint") or schema.get("description") or "")


def _explain_required(schemas: SchemaSet, name: str, path: Path_, error: Failure) -> Explained:
    instance = error.instance if isinstance(error.instance, dict) else {}
    for missing in error.expected:
        if missing in instance:
            continue
        field = schemas.subschema_at(name, (*path, missing))
        where = say("in_top_level") if not path else say("in_field", field=schemas.label(name, path))
        yield (
            path,
            True,
            say("schema_required", key=missing, title=field.get("title", missing), where=where, help=_hint(field)),
        )


def _explain_additional(schemas: SchemaSet, name: str, path: Path_, error: Failure) -> Explained:
    node = schemas.subschema_at(name, path)
    allowed = sorted(node.get("properties", {}))
    extras = [key for key in error.instance if key not in allowed] if isinstance(error.instance, dict) else []
    for key in extras:
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        suggestion = say("did_you_mean", key=close[0]) if close else ""
        yield (
            (*path, key),
            True,
            say("schema_unknown_key", key=show(key), suggestion=suggestion, allowed=", ".join(allowed)),
        )


def _explain_not_integer(schemas: SchemaSet, name: str, path: Path_, error: Failure) -> Explained:
    """A number with decimals or an exponent (2330.0, 1e3), or true/false, where a whole number belongs."""
    value = error.instance
    whole = isinstance(value, float) and value.is_integer() and abs(value) < 1e15
    suggestion = say("integer_suggestion", value=int(value)) if whole else ""
    key: MessageKey = "price_not_integer" if error.schema.get("x-price") else "schema_not_integer"
    message = say(key, title=schemas.label(name, path), value=show(value), suggestion=suggestion)
    yield path, False, message


_DECIMAL_COMMA = re.compile(r"^\s*([0-9]+),[0-9]+\s*$")  # 2400,50: a price written with öre


def _explain_type(schemas: SchemaSet, name: str, path: Path_, error: Failure) -> Explained:
    expected = error.expected if isinstance(error.expected, list) else [error.expected]
    if expected == ["integer"] and isinstance(error.instance, (float, bool)):
        yield from _explain_not_integer(schemas, name, path, error)
        return
    comma = _DECIMAL_COMMA.match(error.instance) if isinstance(error.instance, str) else None
    if expected == ["integer"] and comma and error.schema.get("x-price"):
        title = schemas.label(name, path)
        yield path, False, say("price_decimal_comma", title=title, value=show(error.instance), whole=comma[1])
        return
    names = " / ".join(say(TYPE_NAMES.get(t, "type_string")) for t in expected)
    yield (
        path,
        False,
        say(
            "schema_type",
            title=schemas.label(name, path),
            value=show(error.instance),
            expected=names,
            help=_hint(error.schema),
        ).rstrip(),
    )


def _explain_enum(schemas: SchemaSet, name: str, path: Path_, error: Failure) -> Explained:
    choices = ", ".join(str(v) for v in error.expected)
    yield path, False, say("schema_enum", title=schemas.label(name, path), value=show(error.instance), choices=choices)


def _did_you_mean(schema: dict[str, Any], written: Any) -> str:
    """' Menade du ”stockholm”?' when the schema knows the codes (`x-suggest`, see `suggest.py`)."""
    code = meant(written, schema.get(SUGGEST) or {})
    return say("did_you_mean", key=code) if code else ""


def _explain_pattern(schemas: SchemaSet, name: str, path: Path_, error: Failure) -> Explained:
    title, value, hint = schemas.label(name, path), show(error.instance), _hint(error.schema)
    suggestion = _did_you_mean(error.schema, error.instance)
    yield path, False, say("schema_pattern", title=title, value=value, suggestion=suggestion, help=hint)


def _explain_format(schemas: SchemaSet, name: str, path: Path_, error: Failure) -> Explained:
    if error.expected != "date":
        yield from _explain_generic(schemas, name, path, error)
        return
    yield path, False, say("schema_format_date", title=schemas.label(name, path), value=show(error.instance))


def _explain_length(schemas: SchemaSet, name: str, path: Path_, error: Failure) -> Explained:
    key: MessageKey = "schema_too_short" if error.keyword == "minLength" else "schema_too_long"
    length = len(error.instance) if isinstance(error.instance, str) else 0
    yield path, False, say(key, title=schemas.label(name, path), length=length, limit=error.expected)


def _explain_bound(schemas: SchemaSet, name: str, path: Path_, error: Failure) -> Explained:
    key: MessageKey = "schema_too_small" if error.keyword == "minimum" else "schema_too_large"
    yield (
        path,
        False,
        say(key, title=schemas.label(name, path), value=show(error.instance), limit=error.expected),
    )


COUNT_MESSAGES: dict[str, MessageKey] = {
    "minItems": "schema_min_items",
    "maxItems": "schema_max_items",
    "minProperties": "schema_min_properties",
}


def _explain_items_count(schemas: SchemaSet, name: str, path: Path_, error: Failure) -> Explained:
    key = COUNT_MESSAGES[error.keyword]
    limit = say_count("count_values_one", "count_values_many", int(error.expected))
    yield (
        path,
        False,
        say(
            key,
            title=schemas.label(name, path),
            limit=limit,
            help=_hint(schemas.subschema_at(name, path)),
        ),
    )


def _explain_unique(schemas: SchemaSet, name: str, path: Path_, error: Failure) -> Explained:
    seen: list[Any] = []
    for index, item in enumerate(error.instance):
        if item in seen:
            yield (*path, index), False, say("schema_unique", title=schemas.label(name, path), value=show(item))
        else:
            seen.append(item)


def _explain_property_names(schemas: SchemaSet, name: str, path: Path_, error: Failure) -> Explained:
    key = str(error.instance)
    names_schema = schemas.resolve(name, error.expected)[1] if isinstance(error.expected, dict) else {}
    suggestion = _did_you_mean(names_schema, key)
    title, hint = schemas.label(name, path), _hint(names_schema)
    yield (*path, key), True, say("schema_property_name", title=title, key=show(key), suggestion=suggestion, help=hint)


JSON_TYPES: dict[str, tuple[type, ...]] = {"object": (dict,), "array": (list,), "string": (str,), "boolean": (bool,)}


def _declared_type_matches(schema: dict[str, Any], instance: Any) -> bool:
    declared = schema.get("type")
    if declared == "integer":  # a number with decimals (or true) was evidently meant as one
        return isinstance(instance, (int, float))
    return isinstance(declared, str) and isinstance(instance, JSON_TYPES.get(declared, ()))


def _explain_one_of(schemas: SchemaSet, name: str, path: Path_, error: Failure) -> Explained:
    """Explain the alternative the writer evidently meant (the one whose type fits), else give the hint."""
    for index, alternative in enumerate(error.expected):
        fitting = [f for i, f in error.alternatives if i == index]
        if isinstance(alternative, dict) and fitting and _declared_type_matches(alternative, error.instance):
            for failure in fitting:
                yield from explain(schemas, name, failure)
            return
    comma = _DECIMAL_COMMA.match(error.instance) if isinstance(error.instance, str) else None
    if comma and any(isinstance(a, dict) and a.get("x-price") for a in error.expected):
        title = schemas.label(name, path)
        yield path, False, say("price_decimal_comma", title=title, value=show(error.instance), whole=comma[1])
        return
    yield (
        path,
        False,
        say(
            "schema_pattern",
            title=schemas.label(name, path),
            value=show(error.instance),
            suggestion="",
            help=_hint(error.schema),
        ),
    )


def _explain_generic(schemas: SchemaSet, name: str, path: Path_, error: Failure) -> Explained:
    yield (
        path,
        False,
        say("schema_generic", title=schemas.label(name, path), value=show(error.instance), rule=error.keyword),
    )


_EXPLAINERS = {
    "required": _explain_required,
    "additionalProperties": _explain_additional,
    "type": _explain_type,
    "enum": _explain_enum,
    "pattern": _explain_pattern,
    "format": _explain_format,
    "minLength": _explain_length,
    "maxLength": _explain_length,
    "minimum": _explain_bound,
    "maximum": _explain_bound,
    "minItems": _explain_items_count,
    "maxItems": _explain_items_count,
    "minProperties": _explain_items_count,
    "uniqueItems": _explain_unique,
    "propertyNames": _explain_property_names,
    "oneOf": _explain_one_of,
    "anyOf": _explain_one_of,
}
