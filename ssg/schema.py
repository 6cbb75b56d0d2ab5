"""Validate YAML documents against the JSON Schemas in ssg/schemas/.

The same schema files give editors autocompletion and underlined mistakes in
their editor (yaml-language-server); here every schema error becomes a German
problem at the file, line and column of the value concerned. What passes is
then read into model values with the `*_at` helpers.
"""

from __future__ import annotations

import functools
import json
import marshal
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import fastjsonschema

from ssg.errors import Problem
from ssg.model import Link, Origin
from ssg.workers import chunked
from ssg.yamlfile import YamlDocument, YamlPath

if TYPE_CHECKING:
    import jsonschema

SCHEMAS = Path(__file__).parent / "schemas"


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
    """A validator for a schema file, or for one of its definitions.

    jsonschema is imported here, for the documents that fail the fast check:
    importing it costs a build of a valid handbook a fifth of a second."""
    import jsonschema
    from referencing import Registry, Resource

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
    key = f"{name}#{definition}"
    if key not in _CHECKS:
        schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
        if definition:
            schema = {"$ref": f"#/definitions/{definition}", "definitions": schema["definitions"]}
        handlers = {"": _schema_file}  # references to the other files: "common.schema.json#/…"
        source = fastjsonschema.compile_to_code(
            schema, handlers=handlers, use_default=False, detailed_exceptions=False
        )
        _CHECKS[key] = marshal.dumps(compile(source, f"<{key}>", "exec"))
    namespace: dict[str, Any] = {}
    exec(marshal.loads(_CHECKS[key]), namespace)  # the code fastjsonschema wrote for it
    return cast(Callable[[Any], Any], namespace["validate"])  # its name for the whole schema


# The fast checks' code by schema and definition. Writing it takes some 15 to 30 ms in
# every build, so the build cache keeps it (cache.py), as it keeps compiled templates:
# only while ssg (whose files include the schemas), Python and fastjsonschema are the
# same. The code raises no detailed exceptions (which rule, which part of the schema):
# jsonschema explains, and the details made it three times as long to write.
_CHECKS: dict[str, bytes] = {}


def compiled_checks() -> dict[str, bytes]:
    """The code of the fast checks this process wrote or was given, for the build cache."""
    return dict(sorted(_CHECKS.items()))


def remember_checks(code: dict[str, bytes]) -> None:
    """Take the code of fast checks from the build cache."""
    for key, compiled in code.items():
        _CHECKS.setdefault(key, compiled)


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
    schema: dict[str, Any] = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
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
        parts = [
            Checked([], frozenset())
            if _passes(schema, items, entries[i])
            else _checked(document, _validator(schema, items), entries[i], (i,))
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
    from ssg.schemaerrors import explain  # with jsonschema, only where errors are

    problems: list[Problem] = []
    invalid: set[YamlPath] = set(document.failed)
    for error in validator.iter_errors(value):
        for at, problem in explain(document, error, prefix):
            if any(at[: len(failed)] == failed for failed in document.failed):
                continue  # the YAML loader has reported this value already
            problems.append(problem)
            if problem.severity == "error":
                invalid.add(at)
    return Checked(problems, frozenset(invalid))


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


def items_at(document: YamlDocument, checked: Checked, at: YamlPath) -> list[tuple[int, Any]]:
    """The valid items of a list field with their places, also where others are not (so
    that each is checked further and every problem is reported at once); a single
    value counts as a one-item list."""
    whole = value_at(document, checked, at)
    if whole is not None:
        return list(enumerate(whole if isinstance(whole, list) else [whole]))
    written = value_at(document, Checked([], frozenset()), at)  # as written, valid or not
    if not isinstance(written, list):
        return []
    return [(place, item) for place, item in enumerate(written) if checked.ok((*at, place))]


def links_at(document: YamlDocument, checked: Checked, at: YamlPath) -> tuple[Link, ...]:
    """A validated `links:` list as Link objects that remember where they were written."""
    links = []
    for index, item in enumerate(list_at(document, checked, at)):
        if checked.ok((*at, index)):
            origin = Origin(document.path, *document.position((*at, index, "url")))
            links.append(Link(item["title"].strip(), item["url"].strip(), origin))
    return tuple(links)
