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
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema
from referencing import Registry, Resource

from ssg.errors import Problem, suggest
from ssg.links import looks_like_host
from ssg.model import Link, Origin
from ssg.workers import chunked
from ssg.yamlfile import YamlDocument, YamlPath
from ssg.yamlspaces import space_name

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


def validate(document: YamlDocument, schema: str, items: str = "") -> Checked:
    """Check `document` against the schema file `schema`. Unknown fields are errors:
    a misspelt field would otherwise lose its value in silence.

    With `items` (the name of the definition every list entry must match), a
    list is checked entry by entry, spread over the cores: the same problems,
    sooner for a long catalogue.
    """
    if not items or not isinstance(document.value, list):
        if _passes(schema, "", document.value):
            return Checked([], frozenset(document.failed))
        return _checked(document, _validator(schema), document.value, ())
    entries = document.value

    def check(indexes: range) -> Checked:
        validator = _validator(schema, items)
        parts = [
            Checked([], frozenset())
            if _passes(schema, items, entries[i])
            else _checked(document, validator, entries[i], (i,))
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
) -> Checked:
    problems: list[Problem] = []
    invalid: set[YamlPath] = set(document.failed)
    for error in validator.iter_errors(value):
        for at, problem in _explain(document, error, prefix):
            if any(at[: len(failed)] == failed for failed in document.failed):
                continue  # the YAML loader has reported this value already
            problems.append(problem)
            if problem.severity == "error":
                invalid.add(at)
    return Checked(problems, frozenset(invalid))


def _explain(
    document: YamlDocument,
    error: jsonschema.ValidationError,
    prefix: YamlPath = (),
) -> Iterator[tuple[YamlPath, Problem]]:
    """One schema error as problems an editor understands."""
    at: YamlPath = (*prefix, *error.absolute_path)
    name = _describe(at)
    instance = error.instance
    written = document.numbers.get(at, "")  # 01067 as typed, not YAML's 1067
    schema = error.schema if isinstance(error.schema, dict) else {}
    expected = schema.get("errorMessage", "")
    kind = error.validator
    if kind in ("anyOf", "oneOf"):
        branch = _matching_branch(error)
        if branch:
            for inner in branch:
                yield from _explain(document, inner, prefix)
            return
        message = f"{name} hat die falsche Form, gefunden: {_type_name(instance, written)}"
        scalar = instance is not None and not isinstance(instance, str | list | dict)
        hint = _QUOTE_HINT if scalar else expected
        if _is_number(instance) and "numberHint" in schema:
            hint = schema["numberHint"].format(value=instance)
        yield at, document.problem(at, message, hint)
    elif kind == "type":
        wanted = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        words = " oder ".join(_TYPE_NAMES[w] for w in wanted if w != "null")
        message = f"{name} muss {words} sein, gefunden: {_type_name(instance, written)}"
        if instance is None:
            message = f"{name} ist leer"
        quote = (
            "string" in wanted and instance is not None and not isinstance(instance, list | dict)
        )
        yield at, document.problem(at, message, _QUOTE_HINT if quote else expected)
    elif kind == "required":
        field = re.match(r"'(.+)' is a required property", error.message)
        missing = field.group(1) if field else str(error.validator_value)
        known = schema.get("properties", {})
        misspelt = (
            [key for key in instance if key not in known] if isinstance(instance, dict) else []
        )
        if suggest(missing, misspelt):
            return  # 'ulr: …' is reported as an unknown field, with 'url' as the hint
        message = f"Pflichtfeld '{missing}' fehlt"
        yield (
            (*at, missing),
            document.problem(at, message, f"Ergänzen Sie eine Zeile '{missing}: …'."),
        )
    elif kind == "additionalProperties":
        known = schema.get("properties", {})
        for key in instance if isinstance(instance, dict) else {}:
            if key not in known:
                hint = (
                    _invisible_in(str(key))
                    or _text_above(document, (*at, key))
                    or _english_name(str(key), known)
                    or suggest(str(key), known)
                    or "Bekannte Felder: " + ", ".join(known) + "."
                )
                problem = document.problem((*at, key), f"Unbekanntes Feld '{key}'", hint, key=True)
                yield (*at, key), problem
    elif kind == "enum":
        allowed = [str(value) for value in schema["enum"]]
        hint = suggest(str(instance), allowed) or expected
        yield at, document.problem(at, f"{name}: unbekannter Wert '{instance}'", hint)
    elif kind == "pattern" and error.validator_value == "\\S":
        yield at, document.problem(at, f"{name} ist leer", expected)
    elif kind == "pattern":
        if isinstance(instance, str) and looks_like_host(instance):
            expected = f"Ist eine Website gemeint? Setzen Sie https:// davor: https://{instance}"
        yield (
            at,
            document.problem(at, f"{name} hat nicht die erwartete Form: '{instance}'", expected),
        )
    elif kind in ("minimum", "maximum"):
        yield at, document.problem(at, f"{name} liegt außerhalb des erlaubten Bereichs", expected)
    else:
        yield at, document.problem(at, f"{name}: {error.message}", expected)


def _invisible_in(key: str) -> str:
    """A hint naming an invisible character (pasted from Word) in a field name."""
    for char in key:
        if char != " " and unicodedata.category(char) in ("Zs", "Cf"):
            return (
                f"Im Feldnamen steht ein {space_name(char)}, oft aus Word eingefügt. "
                f"Löschen Sie es und schreiben Sie '{key.strip()}' neu."
            )
    return ""


_FIELD_NAME = re.compile(r"[a-z][a-z0-9_]*")


def _text_above(document: YamlDocument, at: YamlPath) -> str:
    """A hint for a text line indented too little after a block text, read as a field:
    field names are lowercase words, 'Öffnungszeiten' is the text's."""
    if _FIELD_NAME.fullmatch(str(at[-1])):
        return ""
    line = document.key_position(at)[0]
    siblings = [
        (position[0], path)
        for path, position in document.key_positions.items()
        if path[:-1] == at[:-1] and position[0] < line
    ]
    if not siblings:
        return ""
    above = max(siblings)[1]
    if above not in document.block_texts:
        return ""
    indent = document.block_texts[above][1] - 1
    return (
        f"Gehört die Zeile zum Text von '{above[-1]}' darüber? Dann rücken Sie sie genauso "
        f"weit ein wie dessen erste Zeile ({indent} Leerzeichen)."
    )


# German names editors type for fields that are named in English.
_GERMAN_NAMES = {
    "titel": "title",
    "überschrift": "title",
    "name": "title",
    "kurzbeschreibung": "summary",
    "zusammenfassung": "summary",
    "beschreibung": "description",
    "stadt": "city",
    "ort": "city",
    "stadtteil": "district",
    "quartier": "district",
    "preis": "awards",
    "preise": "awards",
    "auszeichnung": "awards",
    "auszeichnungen": "awards",
    "handlungsfeld": "fields",
    "handlungsfelder": "fields",
    "entwurf": "draft",
    "reihenfolge": "order",
    "adresse": "slug",
    "jahr": "year",
    "stufe": "level",
    "link": "url",
}


def _english_name(key: str, known: dict[str, Any]) -> str:
    """A hint for a field written in German: 'beschreibung' is 'description'."""
    english = _GERMAN_NAMES.get(key.casefold())
    if english not in known:
        return ""
    return f"Die Feldnamen sind englisch: statt '{key}' schreiben Sie '{english}'."


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


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


def _type_name(value: Any, written: str = "") -> str:
    """The German word an editor knows for a YAML value's type."""
    if value is None:
        return "ein leerer Wert"
    if isinstance(value, bool):
        return f"ein Wahrheitswert ({'ja' if value else 'nein'})"
    if isinstance(value, int | float):
        return f"eine Zahl ({written or value})"
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
