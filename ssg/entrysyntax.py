"""A syntax error in one catalogue entry, reported without reading the whole file.

The catalogue is read entry by entry (catalogue.py). An entry that is no YAML
on its own used to send the whole file to the one-document reader only to
report its error: at 5,000 entries, 0.3 to 0.7 s for every mistake and for
every half-saved file the preview reads. When every entry before it reads on
its own, a reader of the whole file comes to the entry in the state a reader
of the entry alone starts in, so the error is the same:

- where it lies before the entry's last line: no part of the entry reaches
  into the next there. On the last line (a text in quotes may go on in the
  next entry: PyYAML accepts its next line in the first column, even one that
  starts with '- '), the rest of the file from the entry on is read instead;
- with its marks moved by the lines above the entry, and the start of the
  list (which a reader of the entry alone finds at the entry) at the first;
- but for a text in quotes that the entry does not close: where the file
  fails on the line where a later quote closes the text (what follows that
  quote makes no sense), and the whole file's error would be said below the
  quote, it is said where the quote opens, the editor's mistake;
- unless it is an alias to another entry's anchor, or the file has a tab
  (libyaml and PyYAML's own reader, which reads a file with tabs, say
  different things) or a control character (reported before any syntax error).

Anything else is read as a whole, as before; tests/test_entrysyntax.py
compares both ways on random mistakes.
"""

from __future__ import annotations

import copy

import yaml

from ssg import yamlloader
from ssg.errors import Problem
from ssg.sources import CATALOGUE
from ssg.textfiles import control_problem
from ssg.yamlerrors import syntax_problem


def entry_syntax_problem(text: str, entries: list[tuple[int, str]], failed: int) -> Problem | None:
    """The syntax error of the catalogue `text` as a whole, found from its entry number
    `failed` on (of `entries`, as split_entries found them), when every entry before
    it reads on its own. None where only the whole file can tell."""
    first_line, entry = entries[failed]
    last = failed == len(entries) - 1
    # The entries are the file from the first one on; only the last may have gained
    # a line break.
    after = sum(len(later) for _line, later in entries[failed:])
    rest = text[len(text) - after + (not text.endswith("\n")) :]  # from the entry on
    # The entries before it have no control character: they read on their own.
    if "\t" in text or control_problem(rest, CATALOGUE, first_line):
        return None
    error = _first_error(rest if last else entry)
    quote = None
    if error is not None and not last and _on_last_line(error, entry.count("\n")):
        alone, error = error, _first_error(rest)
        if error is not None and _quote_runs_on(alone, error, entry, rest):
            quote = _unclosed(alone, entry, first_line)
    if error is None:
        return None
    problem = _in_file(error, text, entries[0][0], first_line)
    if quote is not None and (problem is None or problem.line > quote.line):
        return quote  # the editor's mistake, not where the file fails entries later
    return problem


def _in_file(
    error: yaml.MarkedYAMLError, text: str, list_line: int, first_line: int
) -> Problem | None:
    """The problem for `error` of the part of `text` from `first_line` on, as a reader of
    the whole file (whose list starts at `list_line`) says it; None if it cannot tell."""
    context_mark = _moved(error.context_mark, first_line - 1)
    if _at_start(error.context_mark):
        if error.context != "while parsing a block collection":
            return None
        context_mark = yaml.Mark(CATALOGUE, 0, list_line - 1, 0, None, 0)  # where it found it
    moved = copy.copy(error)
    moved.context_mark = context_mark
    moved.problem_mark = _moved(error.problem_mark, first_line - 1)
    return syntax_problem(moved, text, CATALOGUE, 0)


def _quote_runs_on(
    alone: yaml.MarkedYAMLError, whole: yaml.MarkedYAMLError, entry: str, rest: str
) -> bool:
    """The entry's text in quotes is not closed in it, and the file fails right where
    a later quote closes it: what follows that quote makes no sense. (A text that
    goes on into the next entry and closes well may be meant; an error further on is
    then the file's own.)"""
    start = alone.context_mark
    if alone.context != "while scanning a quoted scalar" or start is None:
        return False
    # The quote opens in the entry, which `rest` begins with.
    opening = sum(len(line) + 1 for line in entry.split("\n")[: start.line]) + start.column
    closing = _closing_quote(rest, opening)
    if closing is None or whole.problem_mark is None:
        return False
    closing_line = rest.count("\n", 0, closing)
    return whole.problem_mark.line in (closing_line, closing_line + 1)


def _closing_quote(text: str, opening: int) -> int | None:
    """Where the text in quotes that opens at `opening` ends, as YAML reads it: '' is
    a single quote inside '…', a backslash escapes the next character inside "…"."""
    quote, index = text[opening], opening + 1
    while index < len(text):
        char = text[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and text[index + 1 : index + 2] == "'":
                index += 2
                continue
            return index
        index += 1
    return None


def _unclosed(error: yaml.MarkedYAMLError, entry: str, first_line: int) -> Problem | None:
    """A text in quotes that the entry does not close, in a file that is no YAML either:
    said where the quote opens, not where the whole file fails, entries later (where
    the next quote in the file ends the text and what follows it makes no sense)."""
    start = error.context_mark
    if start is None:
        return None
    quote = entry.split("\n")[start.line][start.column : start.column + 1]
    return Problem(
        CATALOGUE,
        first_line + start.line,
        start.column + 1,
        f"YAML-Syntaxfehler: Der Text in Anführungszeichen ({quote}) endet nicht in diesem Eintrag",
        f"Fehlt das schließende {quote}? Ohne es reicht der Text bis in die folgenden Einträge.",
    )


def _first_error(text: str) -> yaml.MarkedYAMLError | None:
    """The syntax error a reader finds first in `text`; None if there is none, or if
    it may be another entry's doing (an alias to its anchor)."""
    try:
        yaml.compose(text, Loader=yamlloader.LOADER)
    except yaml.composer.ComposerError:
        return None
    except yaml.MarkedYAMLError as error:
        return error if error.problem_mark is not None else None
    except yaml.YAMLError:
        return None
    return None


def _on_last_line(error: yaml.MarkedYAMLError, lines: int) -> bool:
    marks = (error.context_mark, error.problem_mark)
    return any(mark is not None and mark.line >= lines - 1 for mark in marks)


def _at_start(mark: yaml.Mark | None) -> bool:
    return mark is not None and mark.line == 0 and mark.column == 0


def _moved(mark: yaml.Mark | None, lines: int) -> yaml.Mark | None:
    if mark is None:
        return None
    return yaml.Mark(
        mark.name, mark.index, mark.line + lines, mark.column, mark.buffer, mark.pointer
    )
