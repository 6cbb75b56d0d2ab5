"""Texts of several lines in YAML, and what goes wrong around them: a line that
leaves its text (indented too little, or not at all), and a field or a list
entry that vanishes into a text, valid YAML that loses what the editor wrote.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from pathlib import Path
from typing import Any

from ssg.yamllines import FIELD_NAME, KEY_LINE, WITHOUT_COLON, Lines, Mistake, Text, corrected

# `- title: Kalk`: the first line of a list entry, with its first field.
ENTRY = re.compile(r"(?P<dash> *)- +(?P<key>[a-z][a-z0-9_]*):(?:[ \t]|$)")


def _field_names() -> frozenset[str]:
    """Every field name of ssg's schemas (catalogue, pages, settings)."""
    names: set[str] = set()
    todo: list[Any] = [
        json.loads(file.read_text(encoding="utf-8"))
        for file in (Path(__file__).parent / "schemas").glob("*.json")
    ]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            if isinstance(node.get("properties"), dict):
                names.update(node["properties"])
            todo += node.values()
        elif isinstance(node, list):
            todo += node
    return frozenset(names)


FIELD_NAMES = _field_names()


def unindented_text(lines: Lines, index: int) -> Mistake | None:
    """`description: |` and below it the text, not indented further than the field:
    YAML takes the text for empty and the line for the next field."""
    above = lines.previous(index)
    header = _BLOCK_START.match(lines[above]) if above is not None else None
    if header is None or lines.indent(index) > len(header["lead"]):
        return None
    bare = WITHOUT_COLON.match(lines[index])
    if bare and bare["key"] in FIELD_NAMES:  # `city Dortmund` below an empty text
        return None
    key, column = header["key"], len(header["lead"])
    message = f"Der Text nach '{key}: {header['style']}' ist nicht weiter eingerückt als '{key}:'"
    hint = f"Rücken Sie jede Zeile des Textes {column + 2} Leerzeichen ein, 2 mehr als '{key}:'."
    return Mistake(index, lines.indent(index) + 1, message, hint)


# `  description: |`: a field whose block text begins on the next line.
_BLOCK_START = re.compile(
    r"(?P<lead> *(?:- +)?)(?P<key>[a-z][a-z0-9_]*): +(?P<style>[|>][1-9+-]*)\s*(?:#.*)?$"
)


def less_indented(lines: Lines, text: Text) -> tuple[str, str]:
    """What to say about a line indented less than the block text `text` it belongs to."""
    source = f"von '{text.key}' " if text.key else ""
    hint = (
        f"Sie gehört zum Text {source}aus Zeile {lines.number(text.header)}: Rücken Sie sie "
        f"genauso weit ein wie die erste Zeile des Textes ({text.indent} Leerzeichen)."
    )
    return "Die Zeile ist weniger eingerückt als der Text darüber", hint


def text_as_field(lines: Lines, index: int) -> Mistake | None:
    """`Öffnungszeiten: Mo bis Fr` below a block text, indented too little: YAML reads a
    field, but field names are lowercase English, so the editor meant more text."""
    text = lines.text_above(index)
    for row in (index, text.header) if text and not text.indent else (index,):
        key = KEY_LINE.match(lines[row])
        if key and not key["lead"].strip() and not FIELD_NAME.fullmatch(key["key"]):
            block = lines.text_above(row)
            if block and block.indent:
                return Mistake(row, len(key["lead"]) + 1, *less_indented(lines, block))
    return None


def misplaced_entry(lines: Lines, index: int) -> Mistake | None:
    """`  - title: Kalk` below a text: a new list entry, indented unlike those of its list."""
    entry = ENTRY.match(lines[index])
    assert entry
    dash, key = len(entry["dash"]), entry["key"]
    siblings: dict[int, int] = {}  # where the entries of a list begin: the nearest above
    for row in range(index - 1, -1, -1):
        other = ENTRY.match(lines[row])
        if other and other["key"] == key:
            siblings.setdefault(len(other["dash"]), row)
    if not siblings or dash in siblings:
        return None
    end = next((i for i in range(index + 1, len(lines.lines)) if not lines.below(i, dash)), None)
    own = {row: KEY_LINE.match(lines[row]) for row in range(index + 1, end or len(lines.lines))}
    fields = {found["key"]: len(found["lead"]) for found in own.values() if found}
    others = [KEY_LINE.match(line) for row, line in enumerate(lines.lines) if row not in own]

    def fits(column: int) -> tuple[int, int, int]:  # the list with these fields, or the nearest
        shared = {found["key"] for found in others if found and len(found["lead"]) == column + 2}
        return (-len(shared & fields.keys()), abs(column - dash), column)

    column = min(siblings, key=fits)
    number = lines.number(siblings[column])
    further = "weiter" if dash > column else "weniger"
    message = f"Die Zeile ist {further} eingerückt als '- {key}:' in Zeile {number}"
    hint = (
        f"Ein neuer Eintrag ist so weit eingerückt wie der in Zeile {number} ({column} Leerzeichen)"
    )
    if not column:
        hint = f"Ein neuer Eintrag beginnt am Zeilenanfang, wie der in Zeile {number}"
    indent = min(fields.values(), default=column + 2)
    if indent != column + 2:
        hint += f"; rücken Sie seine Felder {column + 2} statt {indent} Leerzeichen ein"
    fixed = corrected(" " * column + lines[index].strip())
    return Mistake(index, dash + 1, message, f"{hint}. {fixed}")


def entry_in_text(
    lines: list[str], offset: int, rows: range, name: str, keys: Collection[str]
) -> Mistake | None:
    """`    - title: Kalk` in `rows`, the block text `name` of a list entry with a field
    `title`: valid YAML, but the new entry the editor meant vanishes into the text."""
    for row in rows:
        entry = ENTRY.match(lines[row]) if row < len(lines) else None
        found = (
            entry and entry["key"] in keys and misplaced_entry(Lines("\n".join(lines), offset), row)
        )
        if found:
            message = (
                f"Die Zeile sieht aus wie ein neuer Eintrag, gehört so aber zum Text von '{name}'"
            )
            return found._replace(message=message)
    return None


def field_in_text(
    lines: list[str], rows: range, name: str, fields: Collection[str], quoted: bool = False
) -> Mistake | None:
    """`    city: Arnsberg` in `rows`, the text `name` (in quotes if `quoted`) of a list
    entry that could have, but lacks, a field `city`: valid YAML, but the field
    vanishes into the text."""
    header = lines[rows.start - 1] if 0 < rows.start <= len(lines) else ""
    indent = max(header.find(f"{name}:"), 0)  # where the text's own field begins
    for row in rows:
        field = _FIELD_LINE.match(lines[row]) if row < len(lines) else None
        if field and field["key"] in fields:
            key, column = field["key"], len(field["lead"]) + 1
            message = (
                f"Die Zeile sieht aus wie das Feld '{key}', gehört so aber zum Text von '{name}'"
            )
            close = "beenden Sie den Text davor mit dem Anführungszeichen und " if quoted else ""
            hint = (
                f"Soll es ein eigenes Feld sein, {close}rücken Sie '{key}:' so weit ein wie "
                f"'{name}:' ({indent} Leerzeichen); sonst hat der Eintrag kein Feld '{key}'."
            )
            return Mistake(row, column, message, hint)
    return None


_FIELD_LINE = re.compile(r"(?P<lead> +)(?P<key>[a-z][a-z0-9_]*):(?: |$)")
