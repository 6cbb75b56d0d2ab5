"""The mistakes editors make in YAML, found by looking back from where PyYAML stopped.

PyYAML stops where the text stops making sense, often a line or more after the
mistake: a field without its colon shows up at the next field, a text line
indented too little as a missing key, `-title: Website` in a list as a line that
fits nowhere. From PyYAML's position and the lines above it we find the line the
editor got wrong and say what to write there.
"""

from __future__ import annotations

import re

import yaml

from ssg.yamllines import (
    FIELD_NAME,
    KEY_LINE,
    WITHOUT_COLON,
    Lines,
    Mistake,
    corrected,
    shortened,
)
from ssg.yamllists import item_out_of_line, word_dash
from ssg.yamltexts import (
    ENTRY,
    FIELD_NAMES,
    less_indented,
    misplaced_entry,
    text_as_field,
    unindented_text,
)

_DASH_GLUED = re.compile(r" *-(?=[^\s\d.-])")
_COLON_GLUED = re.compile(r" *(?:- +)?([A-Za-z_][\w-]*):(?=[^\s:/])")
_QUOTED = re.compile(r"(?P<lead> *(?:- +)*(?:[^\s#:'\"][^:#]*?: +)?)(?P<quote>[\"'])")
_MISPLACED = ("did not find expected key", "expected <block end>", "expected '-' indicator")


def find_mistake(error: yaml.MarkedYAMLError, text: str, offset: int) -> Mistake | None:
    """The editor's mistake behind PyYAML's `error` in `text` (whose first line is
    `offset` + 1), if it is one we know."""
    mark, detail = error.problem_mark, f"{error.problem} {error.context}"
    if mark is None:
        return None
    lines, index, column = Lines(text, offset), mark.line, mark.column + 1
    context = error.context_mark.line if error.context_mark else index
    rows = [index, index - 1, context]  # PyYAML stops at the mistake or a line after it
    found = word_dash(lines, rows) or item_out_of_line(lines, rows)
    if found:
        return found
    key_lacks_colon = "could not find expected ':'" in detail
    if any(needle in detail for needle in _MISPLACED):
        bracketed = _bracket_then_text(lines, index, column)
        if bracketed:
            return bracketed
    if key_lacks_colon or any(needle in detail for needle in ("mapping values", *_MISPLACED)):
        below = text_as_field(lines, context if key_lacks_colon else index)
        if below:
            return below
    if key_lacks_colon:  # the line where the key began lacks it
        return (
            _glued(lines, context) or dash_glued(lines[context], context) or _stray(lines, context)
        )
    if "mapping values are not allowed" in detail:
        return _colon(lines, index, column)
    if any(needle in detail for needle in _MISPLACED):
        return (
            _quote_then_text(lines, index, column)
            or dash_glued(lines[index], index)
            or dash_glued(lines[context], context)
            or _misplaced(lines, index)
        )
    first = next((i for i, line in enumerate(lines.lines) if line.strip()[:1] not in ("", "#")), 0)
    if "document start" in detail and lines.indent(index) < lines.indent(first):
        hint = "Rücken Sie sie nicht ein: Die oberste Ebene beginnt am Zeilenanfang."
        return Mistake(first, lines.indent(first) + 1, "Die erste Zeile ist eingerückt", hint)
    return None


def dash_glued(line: str, index: int) -> Mistake | None:
    """`-title: Website`: a list entry whose '-' is glued to its text."""
    glued = _DASH_GLUED.match(line)
    if not glued:
        return None
    fixed = corrected("- " + line[glued.end() :].strip())
    return Mistake(index, glued.end(), "Nach '-' fehlt ein Leerzeichen", fixed)


def _glued(lines: Lines, index: int, before: int = 0) -> Mistake | None:
    """`city:Dortmund` is one word to YAML, and the error shows up later."""
    glued = _COLON_GLUED.match(lines[index])
    if not glued or (before and glued.end() >= before):
        return None
    fixed = corrected(f"{glued[1]}: {lines[index][glued.end() :].strip()}")
    return Mistake(index, glued.end(), f"Nach '{glued[1]}:' fehlt ein Leerzeichen", fixed)


def _colon(lines: Lines, index: int, column: int) -> Mistake | None:
    """A ': ' where YAML allows none: in a text, or after a line that went wrong."""
    line, previous = lines[index], lines.previous(index)
    own = KEY_LINE.match(line[: column - 1])
    glued = _glued(lines, index, column)
    if glued:
        return glued
    if own and own["value"] is not None:
        start = own.start("value")
        hint = (
            f"YAML liest '{shortened(line[start : column - 1].strip())}:' sonst als Feldnamen. "
            f"Setzen Sie den Text in Anführungszeichen: {line[:start].strip()} "
            f"{shortened(_quote(line[start:].strip()))}"
        )
        return _quote_then_text(lines, index, column) or Mistake(
            index, column, "Doppelpunkt mit Leerzeichen im Text", hint
        )
    if previous is not None:
        bare = WITHOUT_COLON.match(lines[previous])
        if bare and len(bare["lead"]) == lines.indent(index):  # YAML read on into this key
            return _stray(lines, previous)
        found = _glued(lines, previous) or dash_glued(lines[previous], previous)
        if found:
            return found
    return _misplaced(lines, index)


def _missing_colon(index: int, bare: re.Match[str]) -> Mistake:
    fixed = corrected(f"{bare['key']}: {bare['rest'] or '…'}")
    column = len(bare["lead"]) + len(bare["key"]) + 1
    return Mistake(index, column, f"Nach '{bare['key']}' fehlt ein Doppelpunkt", fixed)


def _quote_then_text(lines: Lines, index: int, column: int) -> Mistake | None:
    """`summary: "Wir sind da" – sagt das Team`: the text ended at the closing quote."""
    line = lines[index]
    before = line[: column - 1].rstrip()
    quoted = _QUOTED.match(before)
    if not quoted or len(before) - quoted.end() < 1 or not before.endswith(quoted["quote"]):
        return None
    lead, value = line[: quoted.end("lead")].strip(), line[quoted.end("lead") :].strip()
    inner = before[quoted.end() : -1]
    opening, closing = ("„", "“") if quoted["quote"] == '"' else ("‚", "‘")
    typographic = opening + inner + closing + value[len(inner) + 2 :]
    hint = (
        f"Setzen Sie den ganzen Text in Anführungszeichen (und ändern Sie die inneren), z. B. "
        f"{lead} {_quote(value)} – oder schreiben Sie typografische Anführungszeichen: "
        f"{lead} {typographic}"
    )
    return Mistake(index, column, "Nach dem Text in Anführungszeichen geht die Zeile weiter", hint)


def _bracket_then_text(lines: Lines, index: int, column: int) -> Mistake | None:
    """`summary: [Neu] ein Café`: a text that starts with [ or { is a list or a mapping
    to YAML, which ends at the closing bracket."""
    line = lines[index]
    before = line[: column - 1].rstrip()
    bracketed = _BRACKETED.match(before)
    if not bracketed or before[-1] != _CLOSING[bracketed["bracket"]]:
        return None
    lead, value = line[: bracketed.end("lead")].strip(), line[bracketed.end("lead") :].strip()
    if _LISTS.fullmatch(value):  # `fields: [wohnen], [soziale-netze]`: one list was meant
        items = [item.strip() for group in _LIST.findall(value) for item in group.split(",")]
        hint = f"Eine Liste steht in einer Klammer: {lead} [{', '.join(filter(None, items))}]"
        return Mistake(index, column, "Nach der Klammer geht die Zeile weiter", hint)
    kind = "eine Liste" if bracketed["bracket"] == "[" else "eine Zuordnung"
    hint = (
        f"Ein Text, der mit {bracketed['bracket']} beginnt, steht in Anführungszeichen: "
        f"{lead} {_quote(value)} – für YAML beginnt dort {kind}, die an der Klammer endet."
    )
    return Mistake(index, column, "Nach der Klammer geht die Zeile weiter", hint)


_BRACKETED = re.compile(r"(?P<lead> *(?:- +)*(?:[^\s#:'\"\[{][^:#]*?: +)?)(?P<bracket>[\[{])")
_CLOSING = {"[": "]", "{": "}"}
_LIST = re.compile(r"\[([^\[\]]*)\]")
_LISTS = re.compile(r"\[[^\[\]]*\](?:\s*,\s*\[[^\[\]]*\])+\s*(?:#.*)?")


def _misplaced(lines: Lines, index: int) -> Mistake | None:
    """A field whose indentation differs from the field above, or else a stray line."""
    field, text = KEY_LINE.match(lines[index]), lines.text_above(index)
    above = text.header if text else lines.previous(index)
    sibling = KEY_LINE.match(lines[above]) if above is not None else None
    if (
        field
        and sibling
        and above is not None
        and not field["lead"].strip()
        and FIELD_NAME.fullmatch(field["key"])
        and len(sibling["lead"]) != len(field["lead"])
    ):
        name, other, spaces = field["key"], sibling["key"], len(sibling["lead"])
        further = "weiter" if len(field["lead"]) > spaces else "weniger"
        message = (
            f"Die Zeile ist {further} eingerückt als '{other}:' in Zeile {lines.number(above)}"
        )
        hint = f"Rücken Sie '{name}:' genauso weit ein wie '{other}:' ({spaces} Leerzeichen)."
        if not spaces:
            hint = f"Rücken Sie '{name}:' nicht ein: Es beginnt wie '{other}:' am Zeilenanfang."
        return Mistake(index, len(field["lead"]) + 1, message, hint)
    return _stray(lines, index)


def _stray(lines: Lines, index: int) -> Mistake | None:
    """A line that is no field: a field without its colon, or a text line out of line."""
    if ENTRY.match(lines[index]):  # no text line, whatever is above
        return misplaced_entry(lines, index)
    unindented = unindented_text(lines, index)
    if unindented:
        return unindented
    bare, text = WITHOUT_COLON.match(lines[index]), lines.text_above(index)
    # Below a text, a line of words more likely goes on with it than names a field,
    # unless another line names that field, or (below a text in one line) ssg does.
    schema_field = text is not None and not text.indent and bare and bare["key"] in FIELD_NAMES
    if bare and (not text or schema_field or lines.known(bare["key"], index)):
        return _missing_colon(index, bare)
    if text is None:
        return None
    indent = lines.indent(index)
    source = f"von '{text.key}' " if text.key else ""
    source += f"aus Zeile {lines.number(text.header)}"
    if text.indent and text.first == lines.previous(index) and indent >= text.key_column + 2:
        hint = (
            "Die erste Zeile bestimmt die Einrückung des ganzen Textes: Rücken Sie sie genauso "
            f"weit ein wie die folgenden Zeilen ({indent} Leerzeichen)."
        )
        message = "Die erste Zeile des Textes ist weiter eingerückt als die folgenden"
        return Mistake(text.first, text.indent + 1, message, hint)
    if text.indent:
        message, hint = less_indented(lines, text)
    elif ": " in lines[index] and indent > text.key_column:
        message = "Doppelpunkt mit Leerzeichen im Text"
        hint = f"Setzen Sie den ganzen Text {source} in Anführungszeichen."
        return Mistake(index, lines[index].index(": ") + 1, message, hint)
    else:
        message = "Die Zeile ist nicht weit genug eingerückt"
        hint = (
            f"Sie setzt den Text {source} fort: Rücken Sie sie {text.key_column + 2} "
            "Leerzeichen ein, oder schreiben Sie den Text in eine Zeile."
        )
    # Where a field could start too, and the word is one: say so as well.
    if (
        bare
        and indent == text.key_column
        and (bare["key"] in FIELD_NAMES or lines.known(bare["key"], index))
    ):
        hint += f" Ist '{bare['key']}' ein Feld, fehlt der Doppelpunkt: "
        hint += corrected(f"{bare['key']}: {bare['rest'] or '…'}")
    return Mistake(index, indent + 1, message, hint)


def _quote(text: str) -> str:
    """`text` in quotes that need no escaping, if there are such."""
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
