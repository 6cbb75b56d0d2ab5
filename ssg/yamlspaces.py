"""Tabs and look-alike spaces where YAML wants an ordinary space.

A tab, or a protected space pasted from Word, looks like a space on screen; to
YAML it is none. In the indentation or after a key's colon it makes PyYAML stop
with a message about something else; we name the character at its place.
"""

from __future__ import annotations

import re
import unicodedata

import yaml

from ssg.yamllines import KEY_LINE, WITHOUT_COLON, Lines, Mistake, corrected

# Spaces that are no ' ' to YAML, by their German names; other ones get a general name.
_SPACE_NAMES = {
    "\u00a0": "geschütztes Leerzeichen",
    "\u2007": "geschütztes Ziffernleerzeichen",
    "\u202f": "schmales geschütztes Leerzeichen",
    "\u2009": "schmales Leerzeichen",
    "\u200b": "breitenloses Leerzeichen",
    "\u2060": "unsichtbarer Wortverbinder",
    "\u3000": "breites Leerzeichen",
    "\ufeff": "breitenloses geschütztes Leerzeichen",
}
# Characters YAML takes for text, not for a space: all Unicode spaces but ' ' and tabs,
# and the invisible ones of zero width. (Line breaks and control characters fail earlier.)
_SPACES = r"[^\S \t\n\r\x0b\x0c\x1c-\x1f\x85\u2028\u2029]|[\u200b\u2060\ufeff]"
# Where such a character breaks YAML: in the indentation, after a list dash or a key's colon.
_LOOK_ALIKE = re.compile(
    rf"(?P<lead>(?:(?: |{_SPACES})*- +)*(?: |{_SPACES})*?)"
    rf"(?:(?P<key>[^\s#:'\"-][^:#]*?):|(?P<dash>-))?(?P<space>{_SPACES})"
)


def space_name(char: str) -> str:
    """'geschütztes Leerzeichen (U+00A0)': a look-alike space as editors can find it."""
    name = _SPACE_NAMES.get(char) or (
        "Sonderleerzeichen" if unicodedata.category(char) == "Zs" else "unsichtbares Zeichen"
    )
    return f"{name} (U+{ord(char):04X})"


def space_mistake(error: yaml.MarkedYAMLError, text: str, offset: int) -> Mistake | None:
    """A tab or look-alike space behind PyYAML's `error` in `text` (whose first line is
    `offset` + 1): in the line where PyYAML stopped, or where the key it read began."""
    mark, detail = error.problem_mark, f"{error.problem} {error.context}"
    if mark is None:
        return None
    lines, index, column = Lines(text, offset), mark.line, mark.column + 1
    if "\t" in lines[index] and ("tab" in detail or lines[index][column - 1 : column] == "\t"):
        return _tab(lines, index)
    rows = [index, error.context_mark.line] if error.context_mark else [index]
    above = lines.previous(index)
    if (
        "mapping values" in detail
        and above is not None
        and lines.indent(above) <= lines.indent(index)
    ):
        rows.append(above)  # `title:\u00a0Netze` is no key: YAML read on into this line
    return next(filter(None, (_look_alike(lines, row) for row in rows)), None)


def _look_alike(lines: Lines, index: int) -> Mistake | None:
    """`\u00a0 city: Dortmund` or `city:\u00a0Dortmund`: a space pasted from Word."""
    line = lines[index]
    found = _LOOK_ALIKE.match(line)
    if not found:
        return None
    char = found["space"]
    name = space_name(char)
    if found["key"] or found["dash"] or "-" in found["lead"]:
        after = f"'{found['key'].strip()}:'" if found["key"] else "'-'"
        rest = re.sub(rf"^(?:\s|{_SPACES})+", "", line[found.end() :])
        fixed = corrected(f"{line[: found.start('space')].strip()} {rest}")
        hint = f"Ersetzen Sie es durch ein gewöhnliches Leerzeichen. {fixed}"
        return Mistake(index, found.end(), f"Nach {after} steht ein {name}", hint)
    indentation = line[: len(line) - len(re.sub(rf"^(?: |{_SPACES})*", "", line))]
    spaces = sum(unicodedata.category(char) == "Zs" for char in indentation)
    hint = (
        "Es sieht aus wie ein Leerzeichen, ist für YAML aber keines (oft aus Word kopiert). "
        f"Löschen Sie es und rücken Sie die Zeile mit {spaces} gewöhnlichen Leerzeichen ein."
    )
    return Mistake(index, found.end(), f"In der Einrückung steht ein {name}", hint)


def _tab(lines: Lines, index: int) -> Mistake:
    line = lines[index]
    column = line.index("\t") + 1
    before, fixed = line[: column - 1], re.sub(r"[ \t]*\t[ \t]*", " ", line.strip())
    if not before.strip():
        above = lines.previous(index)
        parent = KEY_LINE.match(lines[above]) if above is not None else None
        hint = "Rücken Sie nur mit Leerzeichen ein, ohne Tabulator."
        if parent:  # as far as the field above, or further if this line belongs to it
            spaces = len(parent["lead"]) + (0 if (parent["value"] or "").strip() else 2)
            hint = f"Rücken Sie die Zeile mit {spaces} Leerzeichen ein, ohne Tabulator."
        return Mistake(index, column, "Tabulatorzeichen in der Einrückung", hint)
    if not line[column:].strip():
        hint = "Löschen Sie das unsichtbare Zeichen am Ende der Zeile."
        return Mistake(index, column, "Tabulatorzeichen am Zeilenende", hint)
    field, bare = KEY_LINE.match(before + " "), WITHOUT_COLON.match(before.rstrip())
    where = "im Text"
    if field and not (field["value"] or "").strip():
        where = f"nach '{field['key']}:'"
    elif before.strip() == "-":
        where = "nach '-'"
    elif bare and not bare["rest"]:  # `summary<Tab>Ein Café`: the colon is missing, too
        where, fixed = f"nach '{bare['key']}'", f"{before.strip()}: {line[column:].strip()}"
    hint = f"Ersetzen Sie den Tabulator durch ein Leerzeichen. {corrected(fixed)}"
    return Mistake(index, column, f"Tabulatorzeichen {where}", hint)
