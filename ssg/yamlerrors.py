"""YAML syntax errors in German, at the line where the editor went wrong.

libyaml and PyYAML's own reader word their errors differently and disagree on
tabs; both get the same answer here. Where the error stems from a mistake
editors make, `ssg.yamlspaces` (a tab or a space pasted from Word) or
`ssg.yamlmistakes` (everything else) finds its line; otherwise the problem keeps
PyYAML's position and a general explanation of its message.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Iterator

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ssg.errors import Problem
from ssg.yamllines import Mistake
from ssg.yamlmistakes import dash_glued, find_mistake
from ssg.yamlspaces import space_mistake
from ssg.yamltexts import entry_in_text, field_in_text


def syntax_problem(error: yaml.MarkedYAMLError, text: str, path: str, offset: int) -> Problem:
    """The German problem for PyYAML's `error` in `text`, whose first line is `offset` + 1."""
    found = (
        space_mistake(error, text, offset)
        or find_mistake(error, text, offset)
        or _general(error, text.split("\n"))
    )
    return _problem(found, path, offset)


def dash_problem(line: str, path: str, number: int) -> Problem | None:
    """`-title: Website` as line `number`: valid YAML, but the '-' is glued to the text."""
    found = dash_glued(line, number - 1)
    return _problem(found, path, 0) if found else None


def entry_problems(
    lines: list[str],
    path: str,
    offset: int,
    blocks: list[tuple[str, ScalarNode]],
    keys: Collection[str],
    first: int = 0,
    fields: Collection[str] = (),
) -> list[Problem]:
    """`    - title: Kalk` in one of the block texts of a list entry with the fields `keys`:
    valid YAML, but the new entry the editor meant vanishes into that text; and
    `    city: Arnsberg` in one of its texts of several lines (`blocks`, quoted ones
    too), one of the `fields` such an entry may have but this one lacks (a warning:
    a text may say so). `lines` are the document's from row `first` on."""
    problems = []
    missing = [field for field in fields if field not in keys]
    for name, block in blocks:
        end = block.end_mark
        rows = range(block.start_mark.line + 1 - first, end.line + (1 if end.column else 0) - first)
        in_block = block.style in ("|", ">") and "- " in block.value
        found = entry_in_text(lines, offset + first, rows, name, keys) if in_block else None
        quoted = block.style in ("'", '"')
        named = any(f"{field}:" in block.value for field in missing)  # before reading lines
        field = field_in_text(lines, rows, name, missing, quoted) if named else None
        if field and (found is None or field.row < found.row):
            # What follows the field's line in the text (a list of links, say) is its.
            line = field.row + 1 + offset + first
            problems.append(Problem(path, line, field.column, field.message, field.hint, "warning"))
        elif found:
            problems.append(_problem(found, path, offset + first))
    return problems


def _problem(found: Mistake, path: str, offset: int) -> Problem:
    line, message = found.row + 1 + offset, f"YAML-Syntaxfehler: {found.message}"
    return Problem(path, line, found.column, message, found.hint)


def loose_tab(root: Node, text: str) -> yaml.MarkedYAMLError | None:
    """PyYAML's own error for a tab outside quotes, block texts and comments, where
    libyaml reads it as a space: a file must mean the same to both."""
    spans = sorted(_quoted(root))
    starts, ends = [start for start, _end in spans], {end for _start, end in spans}

    def inside(at: tuple[int, int]) -> bool:
        nearest = bisect.bisect_right(starts, at) - 1
        return nearest >= 0 and at < spans[nearest][1]

    for index, line in enumerate(text.split("\n")):
        for column, char in enumerate(line if "\t" in line else ""):
            if (
                char == "#"
                and (line[column - 1 : column] in ("", " ") or (index, column) in ends)
                and not inside((index, column))
            ):
                break  # a comment
            if char == "\t" and not inside((index, column)):
                mark = yaml.Mark("<text>", 0, index, column, None, 0)
                problem = "found character '\\t' that cannot start any token"
                return yaml.scanner.ScannerError(None, None, problem, mark)
    return None


def _quoted(root: Node) -> Iterator[tuple[tuple[int, int], tuple[int, int]]]:
    """Where quoted texts and block texts lie: (line, column) from and to."""
    todo, seen = [root], set()
    while todo:
        node = todo.pop()
        if id(node) not in seen:
            seen.add(id(node))
            start, end = node.start_mark, node.end_mark
            if isinstance(node, ScalarNode) and node.style in ("'", '"', "|", ">"):
                block = node.style in ("|", ">")  # from the line after '|'
                yield (start.line + block, 0 if block else start.column), (end.line, end.column)
            elif isinstance(node, SequenceNode):
                todo += node.value
            elif isinstance(node, MappingNode):
                todo += [part for pair in node.value for part in pair]


def _general(error: yaml.MarkedYAMLError, lines: list[str]) -> Mistake:
    """PyYAML's own position, and its message said the way an editor understands it."""
    detail = str(error.problem or error.context or "")
    mark = error.problem_mark or error.context_mark
    if error.context_mark and any(
        needle in detail for needle in ("end of stream", "expected ',' or", "expected ':'")
    ):
        mark = error.context_mark  # where the unclosed quote or bracket began
    index, column = (mark.line, mark.column + 1) if mark else (0, 1)
    if not "".join(lines[index:]).strip():  # at the end of the file: show the last text
        index = max((i for i, line in enumerate(lines[:index]) if line.strip()), default=0)
        column = len(lines[index]) + 1
    for needles, message, hint in _MESSAGES:
        if any(needle in f"{error.problem} {error.context}" for needle in needles):
            return Mistake(index, column, message, hint)
    message = "Die Zeile ist kein gültiges YAML"
    hint = (
        "Prüfen Sie Einrückung, Doppelpunkte und Anführungszeichen; beginnt ein Text mit "
        "einem Sonderzeichen, setzen Sie ihn in Anführungszeichen."
    )
    return Mistake(index, column, message, hint)


def _table(text: str) -> list[tuple[tuple[str, ...], str, str]]:
    """Entries of a line of needles (split by |), then message and hint, indented."""
    entries = [entry.split("\n") for entry in re.split(r"\n(?=\S)", text.strip())]
    return [
        (tuple(needles.split("|")), message.strip(), " ".join(line.strip() for line in hint))
        for needles, message, *hint in entries
    ]


# PyYAML's English messages, libyaml's and its own reader's, said the way editors understand them.
_MESSAGES = _table(
    r"""
mapping values are not allowed
    Doppelpunkt an unerwarteter Stelle
    Enthält der Text ': ', setzen Sie ihn in Anführungszeichen; sonst die Einrückung prüfen.
mapping keys are not allowed
    Ein Fragezeichen mit Leerzeichen ('? ') beginnt in YAML einen Feldnamen
    Beginnt der Text mit '?', setzen Sie ihn in Anführungszeichen.
sequence entries are not allowed
    Listeneintrag ('- ') an unerwarteter Stelle
    Jeder Listeneintrag steht in einer eigenen Zeile; beginnt ein Text mit '- ', setzen Sie ihn
    in Anführungszeichen.
that cannot start any token
    Zeichen, mit dem kein YAML-Wert beginnen darf
    Text, der mit @, ` oder % beginnt, in Anführungszeichen setzen.
could not find expected ':'
    Doppelpunkt nach dem Feldnamen fehlt
    Jede Zeile einer Zuordnung hat die Form 'feld: wert'.
did not find expected key|expected <block end>|expected '-' indicator
    Die Einrückung passt nicht zu den Zeilen darüber
    Felder eines Eintrags und die Einträge einer Liste ('- ') sind genau gleich weit eingerückt.
found undefined alias
    Verweis (*name) auf einen unbekannten Anker
    Ein Anker wird mit &name definiert, bevor *name ihn verwendet.
found duplicate anchor
    Derselbe Anker (&name) steht zweimal in der Datei
    Geben Sie dem zweiten einen eigenen Namen (und den Verweisen *name, die ihn meinen).
expected node content|expected the node content
    Hier fehlt ein Wert, oder er beginnt mit einem Zeichen, das YAML nicht erlaubt
    Text, der mit [, {, *, &, !, | oder > beginnt, in Anführungszeichen setzen.
expected ',' or
    Eine Klammer ([ oder {) wird nicht geschlossen
    Prüfen Sie, ob jede öffnende Klammer eine schließende hat.
exceeded maximum nesting depth
    Die Daten sind zu tief verschachtelt
    Ein Projekt braucht nur wenige Ebenen: Felder, Listen, Links.
but found another document
    Die Datei enthält mehrere YAML-Dokumente ('---')
    Entfernen Sie die zusätzliche Zeile '---'.
found unexpected end of stream
    Die Datei endet mitten in einem Wert
    Fehlt ein schließendes Anführungszeichen?
found unknown escape character
    Unbekannte Escape-Sequenz in einem Text in doppelten Anführungszeichen
    Einfache Anführungszeichen verwenden oder den Backslash verdoppeln.
expected escape sequence|hexdecimal number
    Unvollständige Escape-Sequenz (\x, \u) in doppelten Anführungszeichen
    Einfache Anführungszeichen verwenden oder den Backslash verdoppeln.
document start
    Nach dem Ende des Dokuments ('...') oder einer %-Anweisung folgt weiterer Text
    Entfernen Sie die Zeile '...' oder die Zeile, die mit % beginnt.
found unexpected document separator
    Unerwartete Zeile '---' oder '...' mitten in einem Wert
    Steht '---' im Text, setzen Sie den Text in Anführungszeichen.
indentation indicator|while scanning a block scalar
    Ungültige Angabe nach | oder >
    Nach | oder > folgt nur ein Zeilenumbruch (oder - bzw. +); der Text beginnt in der nächsten
    Zeile.
expected a comment or a line break|expected comment or line break
    Nach dem Wert folgt in derselben Zeile weiterer Text
    Setzen Sie den ganzen Text in Anführungszeichen.
expected alphabetic or numeric character
    Nach & oder * muss ein Name folgen
    Ist & oder * als Zeichen gemeint, setzen Sie den Text in Anführungszeichen.
tag|URI
    Ungültige Typangabe mit !
    Beginnt der Text mit !, setzen Sie ihn in Anführungszeichen.
directive
    Ungültige Anweisung mit %
    Beginnt der Text mit %, setzen Sie ihn in Anführungszeichen.
expected ' ', but found
    Hier fehlt ein Leerzeichen
    Nach '-', ':' und nach Typangaben mit ! folgt ein Leerzeichen.
"""
)
