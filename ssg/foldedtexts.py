"""Lists and paragraphs that YAML folds into one line of text, and texts a comment
cuts short, without a word.

A catalogue entry's `awards:` written as `A, B`, or as lines of their own without
`- ` (or with Word's `–` and `•`), is valid YAML: one text, so one award page
named "A, B", and the project is missing from the pages of A and of B. A
`description:` without `|` over several lines loses its paragraphs and lists the
same way. Each is a warning at the line where the list or paragraph was meant;
a text in quotes is taken as meant.
"""

from __future__ import annotations

import re

from yaml.nodes import ScalarNode

from ssg.errors import Problem

# Fields of a catalogue entry that hold a list of names, each with a page of its own.
LIST_FIELDS = {"awards": ("Preise", "jeden"), "target_groups": ("Zielgruppen", "jede")}
MARKDOWN_FIELDS = ("description",)
TEXT_FIELDS = ("title", "summary", "description")
# ' #' ends a plain text in YAML: before a word it is rarely meant, after a text never.
_CUT_BY_COMMENT = re.compile(r"[ \t]+#(?=[^\s#])")
_ANY_COMMENT = re.compile(r"[ \t]+#")
# Bullets Word and e-mails put before list items, which YAML takes for text.
_BULLET = re.compile(r"[–—•·▪‣◦]\s")
# A line that starts a list item or a heading in Markdown, or a bullet from Word.
_MARKDOWN_LINE = re.compile(r"(?:[-*+]|[0-9]+[.)]|#{1,6}|[–—•·▪‣◦])(?:\s|$)")


def folded_problems(
    entry: list[tuple[str, ScalarNode]], lines: list[str], path: str, offset: int
) -> list[Problem]:
    """The warnings for the texts of one catalogue entry: (field, node) pairs, and the
    document's `lines` (0-based rows; `offset` lines precede the document)."""
    problems = []
    for name, node in entry:
        if node.style in ("|", ">") or not isinstance(node.value, str):
            continue
        found = None
        if name in LIST_FIELDS and not node.style:  # plain
            found = _list_as_text(name, node, lines)
        elif name in MARKDOWN_FIELDS:
            found = _paragraphs_folded(name, node, lines)
        if found:
            row, column, message, hint = found
            problems.append(Problem(path, row + 1 + offset, column, message, hint, "warning"))
    return problems


def _rows(node: ScalarNode) -> range:
    """The rows a text goes on to after its first."""
    end = node.end_mark
    return range(node.start_mark.line + 1, end.line + (1 if end.column else 0))


def _list_as_text(
    name: str, node: ScalarNode, lines: list[str]
) -> tuple[int, int, str, str] | None:
    value, (label, each) = " ".join(node.value.split()), LIST_FIELDS[name]
    message = f"Unter '{name}' steht keine Liste, sondern ein einziger Name: '{value}'"
    hint = (
        f"Schreiben Sie mehrere {label} untereinander, {each} in einer eigenen Zeile mit '- ' "
        "davor (Bindestrich und Leerzeichen; '–' oder '•' aus Word gelten nicht), oder in "
        f"eckigen Klammern: {name}: [Erster Name, Zweiter Name]. Ist es ein einziger Name, "
        "setzen Sie ihn in Anführungszeichen."
    )
    row, column = node.start_mark.line, node.start_mark.column + 1
    if _BULLET.match(value) or ", " in value or "; " in value:
        return row, column, message, hint
    rows = _rows(node)
    if rows and rows.stop <= len(lines):  # a second name on a line of its own
        row = rows.start
        return row, len(lines[row]) - len(lines[row].lstrip()) + 1, message, hint
    return None


def _paragraphs_folded(
    name: str, node: ScalarNode, lines: list[str]
) -> tuple[int, int, str, str] | None:
    rows = _rows(node)
    texts = [(row, lines[row].strip().lstrip("'\"")) for row in rows if rows.stop <= len(lines)]
    blank = False
    for row, text in texts:
        blank = blank or not text
        if text and (blank or _MARKDOWN_LINE.match(text)):  # where a paragraph or list begins
            return (
                row,
                len(lines[row]) - len(lines[row].lstrip()) + 1,
                f"Der Text von '{name}' steht ohne '|': YAML fügt seine Zeilen zusammen, "
                "Absätze und Listen gehen verloren",
                f"Schreiben Sie '{name}: |' und den Text in die Zeilen darunter, eingerückt: "
                "dann bleiben Absätze, Listen und Überschriften erhalten.",
            )
    return None


def comment_cut(
    node: ScalarNode, text: bool, lines: list[str], path: str, offset: int
) -> list[Problem]:
    """`summary: Treff #Nordstadt`: YAML drops everything from ' #' as a comment.

    A '#' followed directly by a word is rarely meant as a comment, so say so;
    after a `text` (a title or summary) any comment is: "Halle # 3" is cut.
    """
    if node.end_mark.line >= len(lines):  # YAML also breaks lines at U+0085
        return []
    line = lines[node.end_mark.line]
    cut = (_ANY_COMMENT if text else _CUT_BY_COMMENT).match(line, node.end_mark.column)
    if not cut:
        return []
    key = line[: node.start_mark.column].strip()
    whole = f"{node.value}{line[node.end_mark.column :].rstrip()}"
    problem = Problem(
        path,
        node.end_mark.line + 1 + offset,
        cut.end(),
        f"Der Text ab '#' gilt in YAML als Kommentar und wird nicht veröffentlicht: "
        f"'{line[cut.end() - 1 :].rstrip()}'",
        f"Ist er Teil des Textes, setzen Sie den ganzen Text in Anführungszeichen: "
        f'{key} "{whole}"'.replace("  ", " ").strip(),
        "warning",
    )
    return [problem]
