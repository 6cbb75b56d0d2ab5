"""What a JSON Schema error means to an editor: a German problem at the value's line.

jsonschema says "2004 is not of type 'string'"; an editor reads "'city' muss
Text sein, gefunden: eine Zahl (2004)" with the cure (quotes) as hint, at the
file, line and column of the value, with the number as typed. Unknown fields
get did-you-mean, the English name of a German one, and the likely cause
when the "field" is text indented too little or has an invisible character.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import jsonschema

from ssg.errors import Problem, suggest
from ssg.links import looks_like_host
from ssg.pasted import invisible
from ssg.yamlfile import YamlDocument, YamlPath
from ssg.yamlspaces import space_name

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


def explain(
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
                yield from explain(document, inner, prefix)
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
        allowed = [str(value) for value in schema["enum"] if value is not None]
        hint = f"{suggest(str(instance), allowed)} {expected}".strip()
        yield at, document.problem(at, f"{name}: unbekannter Wert '{instance}'", hint)
    elif kind == "pattern" and error.validator_value == "\\S":
        yield at, document.problem(at, f"{name} ist leer", expected)
    elif kind == "pattern":
        hidden = [char for char in str(instance) if invisible(char)]
        if isinstance(instance, str) and hidden:
            expected = (
                f"Darin steht ein {space_name(hidden[0])}, oft aus Word oder einem PDF "
                "eingefügt. Tippen Sie die Angabe neu."
            )
        elif isinstance(instance, str) and looks_like_host(instance):
            expected = f"Ist eine Website gemeint? Setzen Sie https:// davor: https://{instance}"
        elif isinstance(instance, str) and _address_then_text(instance, error.validator_value):
            address, _space, after = instance.strip().partition(" ")
            expected = (
                f"Nach der Adresse steht noch '{after.strip()}'. Hier steht nur die Adresse "
                f"({address}); was den Link erklärt, gehört in den Linktext."
            )
        yield (
            at,
            document.problem(at, f"{name} hat nicht die erwartete Form: '{instance}'", expected),
        )
    elif kind in ("minimum", "maximum"):
        yield at, document.problem(at, f"{name} liegt außerhalb des erlaubten Bereichs", expected)
    else:
        yield at, document.problem(at, f"{name}: {error.message}", expected)


def _address_then_text(value: str, pattern: object) -> bool:
    """`https://example.org/ (neues Fenster)`: a valid address, and words after it."""
    words = value.strip().split(" ")
    return len(words) > 1 and re.fullmatch(str(pattern), words[0]) is not None


def _invisible_in(key: str) -> str:
    """A hint naming an invisible character (pasted from Word) in a field name."""
    for char in key:
        if invisible(char):
            visible = "".join(c for c in key if not invisible(c)).strip()
            return (
                f"Im Feldnamen steht ein {space_name(char)}, oft aus Word eingefügt. "
                f"Löschen Sie es und schreiben Sie '{visible}' neu."
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
    key_column = document.key_position(above)[1] - 1
    if indent <= key_column:  # an empty text: this line would be its first
        return (
            f"Gehört die Zeile zum Text von '{above[-1]}' darüber? Dann rücken Sie sie "
            f"{key_column + 2} Leerzeichen ein, 2 mehr als '{above[-1]}:'."
        )
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
        # A catalogue entry is named by its line alone: read on its own, it is
        # entry 1 of its own list, and its number changes with every entry above.
        return f"Eintrag {last + 1} von '{parent}'" if parent else "Der Eintrag"
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
