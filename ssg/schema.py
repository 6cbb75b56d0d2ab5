"""Validate YAML documents against the JSON Schemas in ssg/schemas/.

The same schema files give editors autocompletion and underlined mistakes in
their editor (yaml-language-server); here every schema error becomes a German
problem at the file, line and column of the value concerned. What passes is
then read into model values with the `*_at` helpers.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema
from referencing import Registry, Resource

from ssg.errors import Problem, Severity, suggest
from ssg.model import Link, Origin
from ssg.workers import chunked
from ssg.yamlfile import YamlDocument, YamlPath

SCHEMAS = Path(__file__).parent / "schemas"

_QUOTE_HINT = 'Setzen Sie den Wert in Anführungszeichen ("…"), damit YAML ihn als Text liest.'
_TYPE_NAMES = {
    "string": "Text",
    "integer": "eine ganze Zahl",
    "number": "eine Zahl",
    "boolean": "true oder false",
    "array": "eine Liste",
    "object": "eine Zuordnung (feld: wert)",
    "null": "leer",
}


@dataclass(frozen=True)
class Checked:
    """The result of validating one document: problems, and the paths that failed."""

    problems: list[Problem]
    invalid: frozenset[YamlPath]

    def ok(self, at: YamlPath) -> bool:
        """True if nothing at or below `at` has an error."""
        return not any(path[: len(at)] == at for path in self.invalid)


@functools.cache
def _validator(name: str, definition: str = "") -> jsonschema.protocols.Validator:
    """A validator for a schema file, or for one of its definitions."""
    resources = [
        (file.name, Resource.from_contents(json.loads(file.read_text(encoding="utf-8"))))
        for file in sorted(SCHEMAS.glob("*.schema.json"))
    ]
    registry: Registry[Any] = Registry().with_resources(resources)
    schema = registry.contents(name)
    cls = jsonschema.validators.validator_for(schema)
    if definition:
        return cls({"$ref": f"{name}#/definitions/{definition}"}, registry=registry)
    return cls(schema, registry=registry)


@functools.cache
def _is_valid(name: str, definition: str = "") -> Callable[[Any], Any]:
    """A fast yes/no check for the same schema, compiled to Python code.

    Nearly every document of a working handbook is valid, and this check is
    some thirty times faster than jsonschema's; jsonschema still finds and
    explains the errors of the documents that fail it.
    """
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    if definition:
        schema = {"$ref": f"#/definitions/{definition}", "definitions": schema["definitions"]}
    handlers = {"": _schema_file}  # references to the other files: "common.schema.json#/…"
    return fastjsonschema.compile(schema, handlers=handlers, use_default=False)


def _schema_file(uri: str) -> Any:
    return json.loads((SCHEMAS / uri.partition("#")[0]).read_text(encoding="utf-8"))


def _passes(name: str, definition: str, value: Any) -> bool:
    try:
        _is_valid(name, definition)(value)
    except Exception:  # not valid, or too odd for the fast check: jsonschema decides
        return False
    return True


def schema_properties(name: str, definition: str = "", section: str = "") -> list[str]:
    """The field names a schema allows: at its top, in one of its definitions, or in
    one of its top-level object properties (`section`)."""
    schema: dict[str, Any] = dict(_validator(name).schema)  # type: ignore[arg-type]
    if definition:
        schema = schema["definitions"][definition]
    if section:
        schema = schema["properties"][section]
    return list(schema["properties"])


def validate(
    document: YamlDocument, schema: str, unknown: Severity = "warning", items: str = ""
) -> Checked:
    """Check `document` against the schema file `schema`; unknown fields get `unknown`.

    With `items` (the name of the definition every list entry must match), a
    list is checked entry by entry, spread over the cores: the same problems,
    sooner for a long catalogue.
    """
    if not items or not isinstance(document.value, list):
        if _passes(schema, "", document.value):
            return Checked([], frozenset(document.failed))
        return _checked(document, _validator(schema), document.value, (), unknown)
    entries = document.value

    def check(indexes: range) -> Checked:
        validator = _validator(schema, items)
        parts = [
            Checked([], frozenset())
            if _passes(schema, items, entries[i])
            else _checked(document, validator, entries[i], (i,), unknown)
            for i in indexes
        ]
        return Checked(
            [problem for part in parts for problem in part.problems],
            frozenset(path for part in parts for path in part.invalid),
        )

    parts = [part for _indexes, part in chunked(check, len(entries), 250, parallel_from=1000)]
    return Checked(
        [problem for part in parts for problem in part.problems],
        frozenset(set(document.failed).union(*(part.invalid for part in parts))),
    )


def _checked(
    document: YamlDocument,
    validator: jsonschema.protocols.Validator,
    value: Any,
    prefix: YamlPath,
    unknown: Severity,
) -> Checked:
    problems: list[Problem] = []
    invalid: set[YamlPath] = set(document.failed)
    for error in validator.iter_errors(value):
        for at, problem in _explain(document, error, unknown, prefix):
            if any(at[: len(failed)] == failed for failed in document.failed):
                continue  # the YAML loader has reported this value already
            problems.append(problem)
            if problem.severity == "error":
                invalid.add(at)
    return Checked(problems, frozenset(invalid))


def _explain(
    document: YamlDocument,
    error: jsonschema.ValidationError,
    unknown: Severity,
    prefix: YamlPath = (),
) -> Iterator[tuple[YamlPath, Problem]]:
    """One schema error as problems an editor understands."""
    at: YamlPath = (*prefix, *error.absolute_path)
    name = _describe(at)
    instance = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    expected = schema.get("errorMessage", "")
    kind = error.validator
    if kind in ("anyOf", "oneOf"):
        branch = _matching_branch(error)
        if branch:
            for inner in branch:
                yield from _explain(document, inner, unknown, prefix)
            return
        message = f"{name} hat die falsche Form, gefunden: {_type_name(instance)}"
        scalar = instance is not None and not isinstance(instance, str | list | dict)
        yield at, document.problem(at, message, _QUOTE_HINT if scalar else expected)
    elif kind == "type":
        wanted = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        words = " oder ".join(_TYPE_NAMES[w] for w in wanted if w != "null")
        message = f"{name} muss {words} sein, gefunden: {_type_name(instance)}"
        if instance is None:
            message = f"{name} ist leer"
        quote = (
            "string" in wanted and instance is not None and not isinstance(instance, list | dict)
        )
        yield at, document.problem(at, message, _QUOTE_HINT if quote else expected)
    elif kind == "required":
        field = re.match(r"'(.+)' is a required property", error.message)
        missing = field.group(1) if field else str(error.validator_value)
        message = f"Pflichtfeld '{missing}' fehlt"
        yield (
            (*at, missing),
            document.problem(at, message, f"Ergänzen Sie eine Zeile '{missing}: …'."),
        )
    elif kind == "additionalProperties":
        known = schema.get("properties", {})
        for key in instance if isinstance(instance, dict) else {}:
            if key not in known:
                hint = suggest(str(key), known) or "Bekannte Felder: " + ", ".join(known) + "."
                problem = document.problem(
                    (*at, key), f"Unbekanntes Feld '{key}'", hint, key=True, severity=unknown
                )
                yield (*at, key), problem
    elif kind == "enum":
        allowed = [str(value) for value in schema["enum"]]
        hint = suggest(str(instance), allowed) or expected
        yield at, document.problem(at, f"{name}: unbekannter Wert '{instance}'", hint)
    elif kind == "pattern" and error.validator_value == "\\S":
        yield at, document.problem(at, f"{name} ist leer", expected)
    elif kind == "pattern":
        yield (
            at,
            document.problem(at, f"{name} hat nicht die erwartete Form: '{instance}'", expected),
        )
    elif kind in ("minimum", "maximum"):
        yield at, document.problem(at, f"{name} liegt außerhalb des erlaubten Bereichs", expected)
    else:
        yield at, document.problem(at, f"{name}: {error.message}", expected)


def _matching_branch(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """The errors of the anyOf branch whose type fits the value, if there is one."""
    branches: dict[int, list[jsonschema.ValidationError]] = {}
    for inner in error.context or []:
        branches.setdefault(int(inner.relative_schema_path[0]), []).append(inner)
    fitting = [errors for errors in branches.values() if all(_fits(e) for e in errors)]
    return min(fitting, key=len) if fitting else []


def _fits(error: jsonschema.ValidationError) -> bool:
    """False if the error says the value has the wrong type for this branch altogether."""
    if error.path:  # about a value further down: the type of this one fits
        return True
    if error.validator == "type":
        return False
    if error.validator in ("anyOf", "oneOf"):
        return bool(_matching_branch(error))
    return True


def _describe(at: YamlPath) -> str:
    """How to name the value at `at` in a message: its field, or its place in a list."""
    if not at:
        return "Der Inhalt der Datei"
    last = at[-1]
    if isinstance(last, int):
        parent = next((step for step in reversed(at[:-1]) if isinstance(step, str)), "")
        return f"Eintrag {last + 1} von '{parent}'" if parent else f"Eintrag {last + 1}"
    return f"'{last}'"


def _type_name(value: Any) -> str:
    """The German word an editor knows for a YAML value's type."""
    if value is None:
        return "ein leerer Wert"
    if isinstance(value, bool):
        return f"ein Wahrheitswert ({'ja' if value else 'nein'})"
    if isinstance(value, int | float):
        return f"eine Zahl ({value})"
    if isinstance(value, list):
        return "eine Liste"
    if isinstance(value, dict):
        return "eine Zuordnung (feld: wert)"
    if isinstance(value, str):
        return "Text"
    return f"ein Datum ({value})"


def value_at(document: YamlDocument, checked: Checked, at: YamlPath) -> Any:
    """The value at `at` if it passed validation, else None."""
    if not checked.ok(at):
        return None
    value = document.value
    for step in at:
        if isinstance(value, dict):
            value = value.get(step)
        elif isinstance(value, list) and isinstance(step, int) and step < len(value):
            value = value[step]
        else:
            return None
    return value


def text_at(document: YamlDocument, checked: Checked, at: YamlPath) -> str:
    """A validated text field, stripped; empty if absent or invalid."""
    value = value_at(document, checked, at)
    return value.strip() if isinstance(value, str) else ""


def list_at(document: YamlDocument, checked: Checked, at: YamlPath) -> list[Any]:
    """A validated list field; a single value counts as a one-item list."""
    value = value_at(document, checked, at)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def links_at(document: YamlDocument, checked: Checked, at: YamlPath) -> tuple[Link, ...]:
    """A validated `links:` list as Link objects that remember where they were written."""
    links = []
    for index, item in enumerate(list_at(document, checked, at)):
        if checked.ok((*at, index)):
            origin = Origin(document.path, *document.position((*at, index, "url")))
            links.append(Link(item["title"].strip(), item["url"].strip(), origin))
    return tuple(links)
