"""List entries out of place, which PyYAML reports as something else a line later:
an entry begun with Word's dash (`– title: Neues Café`), one indented unlike the
entry above it, or one left of the field whose list it is (`- wohnen` right below
`  fields:`). Each is said at its line, with what to write there.
"""

from __future__ import annotations

import re

from ssg.yamllines import KEY_LINE, Lines, Mistake, corrected

_ITEM = re.compile(r"(?P<lead> *)- ")
# A list entry begun with a dash from Word or e-mails (en dash, em dash, bullet), or
# with Markdown's asterisk, which YAML takes for the start of a name (`*anker`).
_WORD_DASH = re.compile(r" *(?P<dash>[–—•*])[ \t\u00a0]+(?=[a-z_]+:|\S)")


def word_dash(lines: Lines, rows: list[int]) -> Mistake | None:
    """`– title: Neues Café`: a list entry begun with Word's dash, which YAML takes for
    text; PyYAML stops at that line or the next (`rows`, the nearest first)."""
    for index in rows:
        found = _WORD_DASH.match(lines[index])
        if found and not _in_value_above(lines, index):
            fixed = corrected(f"- {lines[index][found.end() :].strip()}")
            message = f"Der Eintrag beginnt mit '{found['dash']}' statt mit dem Bindestrich '-'"
            return Mistake(index, found.start("dash") + 1, message, fixed)
    return None


def _in_value_above(lines: Lines, index: int) -> bool:
    """Whether line `index` goes on with the value of a field above it (a text after
    `description: |` or one of several lines): the field nearest above that is indented
    less has a value on its own line."""
    indent = lines.indent(index)
    above = next(
        (
            row
            for row in range(index - 1, -1, -1)
            if lines.indent(row) < indent and lines[row].strip()[:1] not in ("", "#")
        ),
        None,
    )
    key = KEY_LINE.match(lines[above]) if above is not None else None
    return bool(key and key["value"])


def item_out_of_line(lines: Lines, rows: list[int]) -> Mistake | None:
    """A list entry indented unlike the one above it, but further than the field whose
    list it is (`   - wohnen` below `    - soziale-netze`), or not as far as that
    field (`- wohnen` right below `  fields:`): YAML reads it as part of the text
    above or as an entry of another list, and stops there or a line later."""
    for index in rows:
        item, above = _ITEM.match(lines[index]), lines.previous(index)
        if item is None or above is None or lines.text_above(index):
            continue  # one too little indented for a text above: less_indented says so
        found = _unlike_sibling(lines, index, above) or _left_of_field(lines, index, above)
        if found:
            return found
    return None


def _unlike_sibling(lines: Lines, index: int, above: int) -> Mistake | None:
    """The entry at `index` indented unlike the entry `above`, within the same list."""
    sibling = _ITEM.match(lines[above])
    indent, wanted = lines.indent(index), lines.indent(above)
    if sibling is None or wanted == indent:
        return None
    field = next((row for row in range(above, -1, -1) if lines.indent(row) < wanted), None)
    if field is None or lines.indent(field) >= indent:
        return None  # an entry of a list further out: not this one's
    message = f"Der Listeneintrag ist anders eingerückt als der in Zeile {lines.number(above)}"
    hint = f"Rücken Sie '{lines[index].strip()}' genauso weit ein ({wanted} Leerzeichen)."
    return Mistake(index, indent + 1, message, hint)


def _left_of_field(lines: Lines, index: int, above: int) -> Mistake | None:
    """The entry at `index` left of the field `above` (`fields:` without a value)."""
    key = KEY_LINE.match(lines[above])
    indent = lines.indent(index)
    if key is None or key["value"] or indent >= lines.indent(above):
        return None
    name, wanted = key["key"], lines.indent(above) + 2
    message = f"Der Listeneintrag steht weiter links als '{name}:' darüber"
    hint = (
        f"Rücken Sie ihn weiter ein als '{name}:', etwa {wanted} Leerzeichen: "
        f"'{' ' * wanted}{lines[index].strip()}'"
    )
    return Mistake(index, indent + 1, message, hint)
