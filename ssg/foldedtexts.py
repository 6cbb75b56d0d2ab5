"""Lists and paragraphs that YAML folds into one line of text, and texts a comment
cuts short, without a word.

A catalogue entry's `awards:` written as `A 2004, B 2012`, or as lines of their
own without `- ` (or with Word's `–` and `•`), is valid YAML: one text, so one
award page named "A 2004, B 2012", and the project is missing from the pages of
both. A `description:` without `|` over several lines loses its paragraphs and
lists the same way. Each is a warning at the line where the list or paragraph
was meant. A list written as one text in quotes is taken as meant; a name or a
sentence wrapped onto the next line is no list.
"""

from __future__ import annotations

import re

from yaml.nodes import ScalarNode

from ssg.errors import Problem
from ssg.model import YEAR, year_spans

# Fields of a catalogue entry that hold a list of names, each with a page of its own.
LIST_FIELDS = {"awards": ("Preise", "jeden"), "target_groups": ("Zielgruppen", "jede")}
MARKDOWN_FIELDS = ("description",)
TEXT_FIELDS = ("summary", "description")
# ' #' ends a plain text in YAML: before a word it is rarely meant, after a text never.
_CUT_BY_COMMENT = re.compile(r"[ \t]+#(?=[^\s#])")
_ANY_COMMENT = re.compile(r"[ \t]+#")
# Bullets Word and e-mails put before list items, which YAML takes for text.
_BULLET = re.compile(r"[–—•·▪‣◦]\s")
# A line that starts a list item in Markdown, or one with a bullet from Word.
_ITEM = re.compile(r"(?:[-*+]|[0-9]+[.)]|[–—•·▪‣◦])\s")


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
            row, message, hint = found
            column = (  # where the text, or its line, begins
                node.start_mark.column + 1
                if row == node.start_mark.line
                else len(lines[row]) - len(lines[row].lstrip()) + 1
            )
            problems.append(Problem(path, row + 1 + offset, column, message, hint, "warning"))
    return problems


def _rows(node: ScalarNode, lines: list[str]) -> list[int]:
    """The rows of a text after its first."""
    end = node.end_mark
    last = end.line + (1 if end.column else 0)  # a text that ends at a line's start
    return [row for row in range(node.start_mark.line + 1, last) if row < len(lines)]


def _list_as_text(name: str, node: ScalarNode, lines: list[str]) -> tuple[int, str, str] | None:
    """Where a list of awards or target groups was written as one text: Word's bullets,
    names after commas (for awards, each with its year), or awards on lines of their
    own (two years, not a range)."""
    value, (label, each) = " ".join(node.value.split()), LIST_FIELDS[name]
    years = len(YEAR.findall(value)) - len(year_spans(value))
    rows = _rows(node, lines)
    bullet = next((row for row in rows if _BULLET.match(lines[row].strip() + " ")), None)
    if _BULLET.match(value):
        row = node.start_mark.line
    elif bullet is not None:
        row = bullet
    elif (", " in value or "; " in value) and (name != "awards" or years > 1):
        row = node.start_mark.line
    elif rows and name == "awards" and years > 1:
        row = rows[0]
    else:
        return None
    message = f"Unter '{name}' steht keine Liste, sondern ein einziger Name: '{value}'"
    hint = (
        f"Schreiben Sie mehrere {label} untereinander, {each} in einer eigenen Zeile mit '- ' "
        "davor (Bindestrich und Leerzeichen; '–' oder '•' aus Word gelten nicht), oder in "
        f"eckigen Klammern: {name}: [Erster Name, Zweiter Name]. Ist es ein einziger Name, "
        "setzen Sie ihn in Anführungszeichen."
    )
    return row, message, hint


def _paragraphs_folded(
    name: str, node: ScalarNode, lines: list[str]
) -> tuple[int, str, str] | None:
    """Where a paragraph or a list begins in a text of several lines without '|', and
    YAML folds it into the line before: after one empty line (which YAML makes a
    line break, and Markdown a space; two make a paragraph), or as the second of
    two lines in a row that start items of one kind (which YAML joins). A list
    item after one empty line that follows another is a list still."""
    first = lines[node.start_mark.line][node.start_mark.column :].lstrip("'\"")
    before, blanks = _item_kind(first), 0
    for row in _rows(node, lines):
        text = lines[row].strip().lstrip("'\"")
        if not text:
            blanks += 1
            continue
        kind = _item_kind(text)
        same_list = kind is not None and kind == before
        if (blanks == 1 and not same_list) or (blanks == 0 and same_list):
            return (
                row,
                f"Der Text von '{name}' steht ohne '|': YAML fügt seine Zeilen zusammen, "
                "Absätze und Listen gehen verloren",
                f"Schreiben Sie '{name}: |' und den Text in die Zeilen darunter, eingerückt: "
                "dann bleiben Absätze, Listen und Überschriften erhalten.",
            )
        before, blanks = kind, 0
    return None


def _item_kind(text: str) -> str | None:
    """'-', '*', '+', '1.' (for any number) or a bullet: what starts a list item."""
    found = _ITEM.match(text)
    return None if found is None else re.sub(r"[0-9]+", "1", found.group().strip())


def comment_cut(
    node: ScalarNode, text: bool, lines: list[str], path: str, offset: int
) -> list[Problem]:
    """`summary: Treff #Nordstadt`: YAML drops everything from ' #' as a comment.

    A '#' followed directly by a word is rarely meant as a comment, so say so;
    after a `text` (a summary or description) any comment is: "Halle # 3" is cut.
    """
    empty = not node.value.strip() or node.tag == "tag:yaml.org,2002:null"
    if empty or node.end_mark.line >= len(lines):  # YAML also breaks lines at U+0085
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
