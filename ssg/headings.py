"""Headings as screen-reader users move through them: the title is the page's only
first-level heading, and no level is skipped (WCAG 1.3.1, BITV 2.0).

Both are warnings at the line of the heading: the page builds, and a heading of
the first level is written as one of the second (markdown.py).
"""

from __future__ import annotations

import re

from ssg.errors import Problem

_ATX = re.compile(r"(#{1,6})(?!#)[ \t]*\S")  # `## Ziele`, also `#Ziele` (Python-Markdown)
_SETEXT = re.compile(r"(=+|-+)[ ]*$")  # a line of '=' (or '-') under text


def heading_problems(
    text: str, source: str, start: tuple[int, int], above: tuple[int, str]
) -> list[Problem]:
    """Each first-level heading of `text`, and each that skips a level; `above` is the
    heading the text stands under (the title, or a project's 'Beschreibung').

    Only '#' and '=' make headings of the first or below the second level; a line of
    '-' makes one of the second, which skips no level below a heading. A text
    without them has nothing to warn about, and its lines are not looked at."""
    if "#" not in text and "=" not in text and (above[0] > 0 or "-" not in text):
        return []
    return _line_by_line(text, source, start, above)


def _line_by_line(
    text: str, source: str, start: tuple[int, int], above: tuple[int, str]
) -> list[Problem]:
    problems = []
    in_code = False
    level_before, name_before = above
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        if in_code:
            continue
        atx = _ATX.match(line)
        setext = _SETEXT.match(line) if _under_text(lines, index) else None
        if atx:
            row, level, written = index, len(atx[1]), f"'{atx[1]} …'"
        elif setext:
            row, level = index - 1, 1 if setext[1][0] == "=" else 2
            written = f"mit '{setext[1][0] * 3}' unterstrichen"
        else:
            continue
        if level == 1:
            problems.append(_problem(source, start, row, *_first_level(written, above[0])))
            level = 2  # as it is written
        elif level > level_before + 1:
            found = _skipped(level, level_before, written, name_before)
            problems.append(_problem(source, start, row, *found))
        level_before, name_before = level, f"der Überschrift in Zeile {start[0] + row}"
    return problems


def _first_level(written: str, under: int) -> tuple[str, str]:
    """`under` is the level of the heading the text stands under: one below it is
    what a subheading of the text should have."""
    return (
        f"Überschrift der ersten Ebene ({written}) im Text",
        "Der Titel ist schon die Hauptüberschrift; ssg macht daraus eine Überschrift der "
        f"zweiten Ebene. Beginnen Sie Zwischenüberschriften mit '{'#' * (under + 1)} '.",
    )


def _under_text(lines: list[str], index: int) -> bool:
    """Whether line `index` could underline a heading: Python-Markdown takes a block's
    first line for one, when a line of '=' or '-' follows it."""
    if index == 0 or not lines[index - 1].strip() or _ATX.match(lines[index - 1]):
        return False
    return index == 1 or not lines[index - 2].strip()


def _skipped(level: int, before: int, written: str, name: str) -> tuple[str, str]:
    wanted = before + 1  # at most one level below the heading before
    return (
        f"Überschrift der {level}. Ebene ({written}) nach {name}: eine Ebene fehlt",
        "Bildschirmleser führen von Überschrift zu Überschrift; eine übersprungene Ebene "
        f"lässt einen Abschnitt vermuten, den es nicht gibt. Beginnen Sie sie mit "
        f"'{'#' * wanted} ', oder ergänzen Sie die Ebene dazwischen.",
    )


def _problem(source: str, start: tuple[int, int], row: int, message: str, hint: str) -> Problem:
    return Problem(source, start[0] + row, start[1], message, hint, "warning")
