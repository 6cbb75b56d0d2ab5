"""Markdown tables whose rows do not fit their header row.

Python-Markdown drops the cells of a row beyond the header's number, and makes
no table at all (but a paragraph of pipes) where the line of dashes below the
header has another number of columns. Both publish something else than the
editor wrote, so each is said at its line (markdown.py reports them).
"""

from __future__ import annotations

import re

from ssg.sanitize import Refused

# The line below a table's header: cells of dashes, with colons for the alignment.
_DASHES = re.compile(r"^[ ]{0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_CODE_FENCE = re.compile(r"^[ ]{0,3}(?:```|~~~)")
_CODE_SPAN = re.compile(r"`[^`\n]*`")  # a pipe in code does not end a cell
_PIPE = re.compile(r"(?<!\\)\|")


def table_mistakes(text: str) -> list[Refused]:
    """A warning for each table row with more cells than its header, and for each
    header whose line of dashes has another number of columns."""
    if "|" not in text or "-" not in text:
        return []
    lines = text.split("\n")
    starts = [0]  # where each line begins in `text`
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    in_code = [False] * len(lines)
    fenced = False
    for index, line in enumerate(lines):
        if _CODE_FENCE.match(line):
            fenced = not fenced
        in_code[index] = fenced or line.startswith(("    ", "\t"))
    refused = []
    for index in range(1, len(lines)):
        dashes, header = lines[index], lines[index - 1]
        if in_code[index] or "|" not in dashes or "|" not in header or not _DASHES.match(dashes):
            continue
        columns = len(_cells(header))
        if len(_cells(dashes)) != columns:
            at = starts[index] + len(dashes) - len(dashes.lstrip())
            refused.append(_no_table(dashes, len(_cells(dashes)), columns, at))
            continue
        for number in range(index + 1, len(lines)):
            row = lines[number]
            if not row.strip() or "|" not in row:
                break  # the table ends
            extra = [cell for cell in _cells(row)[columns:] if cell]
            if extra:  # empty cells are no loss
                at = starts[number] + len(row) - len(row.lstrip())
                refused.append(_cells_dropped(row, extra, columns, at))
    return refused


def _cells(line: str) -> list[str]:
    body = _CODE_SPAN.sub("code", line.strip())
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [cell.strip() for cell in _PIPE.split(body)]


def _no_table(dashes: str, count: int, columns: int, at: int) -> Refused:
    return Refused(
        dashes.strip(),
        f"Die Zeile mit Bindestrichen unter der Kopfzeile hat {count} Spalten, die "
        f"Kopfzeile {columns}: so wird keine Tabelle daraus",
        f"Geben Sie jeder der {columns} Spalten ihre Bindestriche, z. B. |{'---|' * columns}",
        "warning",
        at,
    )


def _cells_dropped(row: str, extra: list[str], columns: int, at: int) -> Refused:
    dropped = " | ".join(extra)
    return Refused(
        row.strip(),
        f"Die Zeile hat mehr Zellen als die Kopfzeile ({columns}): '{dropped}' "
        "erscheint nicht auf der Seite",
        "Ergänzen Sie die Kopfzeile (und die Zeile mit Bindestrichen) um eine Spalte, "
        "oder fassen Sie die Zellen zusammen.",
        "warning",
        at,
    )
