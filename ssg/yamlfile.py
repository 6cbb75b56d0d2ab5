"""Safe YAML loading that keeps the line and column of every key and value.

PyYAML's loaders forget positions and silently keep the last of two equal
keys. Editors need both: so we let the C parser build the node tree, then
turn nodes into plain Python values ourselves, recording where each came from
and rejecting duplicate keys, unknown tags and alias bombs on the way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ssg.errors import Problem

_BOOL = "tag:yaml.org,2002:bool"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def _core_schema(base: type[Any]) -> type[Any]:
    """A loader that reads plain words the way YAML 1.2 and editors' tools do.

    PyYAML follows YAML 1.1, where `no`, `on` or `2004-01-01` silently become
    false, true or a date; in YAML 1.2 (and in VS Code) they are text. Only
    `true` and `false` are booleans here, and there are no implicit dates.
    """

    class CoreSchemaLoader(base):  # type: ignore[misc]
        yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {
            first: [(tag, pattern) for tag, pattern in resolvers if tag not in (_BOOL, _TIMESTAMP)]
            for first, resolvers in base.yaml_implicit_resolvers.items()
        }

    CoreSchemaLoader.add_implicit_resolver(
        _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    return CoreSchemaLoader


_C_PARSER = hasattr(yaml, "CSafeLoader")
_Loader = _core_schema(yaml.CSafeLoader if _C_PARSER else yaml.SafeLoader)

YamlPath = tuple[str | int, ...]
Position = tuple[int, int]

_ALLOWED_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
_MAX_DEPTH = 50
_NO_SPACE_AFTER_COLON = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*):(?=[^\s:/])")
_MAX_NODES = 2_000_000

# PyYAML's English messages, said the way an editor understands them.
_SYNTAX_MESSAGES = {
    "mapping values are not allowed": (
        "Doppelpunkt an unerwarteter Stelle",
        "Enthält der Text ': ', setzen Sie ihn in Anführungszeichen; sonst die Einrückung prüfen.",
    ),
    "that cannot start any token": (
        "Zeichen, mit dem kein YAML-Wert beginnen darf",
        "Tabulatoren sind nicht erlaubt (mit Leerzeichen einrücken); Text, der mit "
        "@, ` oder % beginnt, in Anführungszeichen setzen.",
    ),
    "could not find expected ':'": (
        "Doppelpunkt nach dem Feldnamen fehlt",
        "Jede Zeile einer Zuordnung hat die Form 'feld: wert'.",
    ),
    "did not find expected key": (
        "Einrückung passt nicht zu den Zeilen davor",
        "Felder eines Eintrags müssen genau gleich weit eingerückt sein.",
    ),
    "did not find expected '-' indicator": (
        "Listeneintrag ('- ') erwartet",
        "Listeneinträge beginnen mit '- ' und sind gleich weit eingerückt.",
    ),
    "tab character": (
        "Tabulatorzeichen in der Einrückung",
        "Rücken Sie nur mit Leerzeichen ein; Tabulatoren sind in YAML nicht erlaubt.",
    ),
    "found undefined alias": (
        "Verweis (*name) auf einen unbekannten Anker",
        "Ein Anker wird mit &name definiert, bevor *name ihn verwendet.",
    ),
    "did not find expected node content": (
        "Hier fehlt ein Wert, oder er beginnt mit einem Zeichen, das YAML nicht erlaubt",
        "Text, der mit [, {, *, &, !, | oder > beginnt, in Anführungszeichen setzen.",
    ),
    "did not find expected ',' or": (
        "Eine Klammer ([ oder {) wird nicht geschlossen",
        "Prüfen Sie, ob jede öffnende Klammer eine schließende hat.",
    ),
    "exceeded maximum nesting depth": (
        "Die Daten sind zu tief verschachtelt",
        "Ein Projekt braucht nur wenige Ebenen: Felder, Listen, Links.",
    ),
    "but found another document": (
        "Die Datei enthält mehrere YAML-Dokumente ('---')",
        "Entfernen Sie die zusätzliche Zeile '---'.",
    ),
    "found unexpected end of stream": (
        "Die Datei endet mitten in einem Wert",
        "Fehlt ein schließendes Anführungszeichen?",
    ),
    "found unknown escape character": (
        "Unbekannte Escape-Sequenz in einem Text in doppelten Anführungszeichen",
        "Einfache Anführungszeichen verwenden oder den Backslash verdoppeln.",
    ),
    "expected escape sequence": (
        "Unvollständige Escape-Sequenz (\\x, \\u) in doppelten Anführungszeichen",
        "Einfache Anführungszeichen verwenden oder den Backslash verdoppeln.",
    ),
    "expected '<document start>'": (
        "Nach dem Ende des Dokuments ('...') oder einer %-Anweisung folgt weiterer Text",
        "Entfernen Sie die Zeile '...' oder die Zeile, die mit % beginnt.",
    ),
    "found unexpected document separator": (
        "Unerwartete Zeile '---' oder '...' mitten in einem Wert",
        "Steht '---' im Text, setzen Sie den Text in Anführungszeichen.",
    ),
    "expected <block end>": (
        "Die Einrückung passt nicht: eine Zeile gehört zu keinem Feld darüber",
        "Felder eines Eintrags müssen genau gleich weit eingerückt sein.",
    ),
    "expected a comment or a line break": (
        "Nach dem Wert folgt in derselben Zeile weiterer Text",
        "Setzen Sie den ganzen Text in Anführungszeichen.",
    ),
    "expected alphabetic or numeric character": (
        "Nach & oder * muss ein Name folgen",
        "Ist & oder * als Zeichen gemeint, setzen Sie den Text in Anführungszeichen.",
    ),
    "expected the node content": (
        "Hier fehlt ein Wert, oder er beginnt mit einem Zeichen, das YAML nicht erlaubt",
        "Text, der mit [, {, *, &, !, | oder > beginnt, in Anführungszeichen setzen.",
    ),
    "indentation indicator": (
        "Ungültige Angabe nach | oder >",
        "Nach | oder > folgt nur ein Zeilenumbruch (oder - bzw. +); der Text beginnt in "
        "der nächsten Zeile.",
    ),
    "tag": (
        "Ungültige Typangabe mit !",
        "Beginnt der Text mit !, setzen Sie ihn in Anführungszeichen.",
    ),
    "URI": (
        "Ungültige Typangabe mit !",
        "Beginnt der Text mit !, setzen Sie ihn in Anführungszeichen.",
    ),
    "directive": (
        "Ungültige Anweisung mit %",
        "Beginnt der Text mit %, setzen Sie ihn in Anführungszeichen.",
    ),
    "expected ' ', but found": (
        "Hier fehlt ein Leerzeichen",
        "Nach '-', ':' und nach Typangaben mit ! folgt ein Leerzeichen.",
    ),
}


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML value with the source position of every key and value."""

    value: Any
    path: str
    key_positions: dict[YamlPath, Position] = field(default_factory=dict)
    value_positions: dict[YamlPath, Position] = field(default_factory=dict)
    failed: frozenset[YamlPath] = frozenset()
    block_texts: dict[YamlPath, Position] = field(default_factory=dict)

    def position(self, at: YamlPath) -> Position:
        """Where the value at `at` starts, or its nearest known ancestor."""
        for length in range(len(at), -1, -1):
            found = self.value_positions.get(at[:length])
            if found:
                return found
        return (1, 1)

    def text_position(self, at: YamlPath) -> Position:
        """Where the text of the string at `at` begins: for `description: |` the next line."""
        return self.block_texts.get(at) or self.position(at)

    def key_position(self, at: YamlPath) -> Position:
        """Where the key of the mapping entry `at` starts."""
        return self.key_positions.get(at) or self.position(at)

    def problem(
        self,
        at: YamlPath,
        message: str,
        hint: str = "",
        *,
        key: bool = False,
        severity: str = "error",
    ) -> Problem:
        """A problem located at the value (or key) `at` of this document."""
        line, column = self.key_position(at) if key else self.position(at)
        return Problem(self.path, line, column, message, hint, severity)  # type: ignore[arg-type]


def parse_yaml(
    text: str, path: str, first_line: int = 1
) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse `text` (from file `path`, starting at line `first_line`) safely."""
    offset = first_line - 1
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(error, text, path, offset)]
    except yaml.reader.ReaderError as error:  # a control character the YAML spec forbids
        if _C_PARSER:  # libyaml counts bytes, not characters
            before = text.encode()[: error.position].decode(errors="ignore")
        else:
            before = text[: error.position]
        line = before.count("\n") + first_line
        column = len(before) - (before.rfind("\n") + 1) + 1
        return None, [
            Problem(
                path,
                line,
                column,
                f"Unerlaubtes Steuerzeichen U+{error.character:04X} im Text",
                "Löschen Sie das unsichtbare Zeichen (oft aus Word oder E-Mails "
                "eingefügt) und tippen Sie die Stelle neu.",
            )
        ]
    builder = _Builder(path, offset)
    value = builder.build(root, (), 0) if root is not None else None
    lines = text.split("\n")
    block_texts = {}
    for at, index in builder.block_lines.items():
        while index < len(lines) - 1 and not lines[index].strip():
            index += 1
        indent = len(lines[index]) - len(lines[index].lstrip(" ")) if index < len(lines) else 0
        block_texts[at] = (index + 1 + offset, indent + 1)
    document = YamlDocument(
        value,
        path,
        builder.key_positions,
        builder.value_positions,
        frozenset(builder.failed),
        block_texts,
    )
    return document, builder.problems


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, path: str, offset: int) -> Problem:
    mark = error.problem_mark or error.context_mark
    detail = str(error.problem or error.context or "")
    lines = text.split("\n")
    if ("end of stream" in detail or "expected ',' or" in detail) and error.context_mark:
        mark = error.context_mark  # where the unclosed quote or bracket began
    index, column = (mark.line, mark.column + 1) if mark else (0, 1)
    if not "".join(lines[index:]).strip():  # at the end of the file: show the last text
        index = max((i for i, line in enumerate(lines[:index]) if line.strip()), default=0)
        column = len(lines[index]) + 1
    if "mapping values are not allowed" in detail or "could not find expected ':'" in detail:
        for earlier in range(index, max(index - 3, -1), -1):
            glued = _NO_SPACE_AFTER_COLON.match(lines[earlier])
            if glued:  # 'city:Dortmund' is one word to YAML; the error shows up later
                return Problem(
                    path,
                    earlier + 1 + offset,
                    glued.end(),
                    f"YAML-Syntaxfehler: Nach '{glued.group(1)}:' fehlt ein Leerzeichen",
                    f"Schreiben Sie '{glued.group(1)}: {lines[earlier][glued.end() :].strip()}'.",
                )
    line = index + 1 + offset
    for needle, (message, hint) in _SYNTAX_MESSAGES.items():
        if needle in f"{error.problem} {error.context}":
            return Problem(path, line, column, f"YAML-Syntaxfehler: {message}", hint)
    return Problem(
        path,
        line,
        column,
        "YAML-Syntaxfehler: Die Zeile ist kein gültiges YAML",
        f"Prüfen Sie Einrückung, Doppelpunkte und Anführungszeichen (YAML-Leser: {detail}).",
    )


class _Builder:
    """Turns a node tree into plain values, recording positions and problems."""

    def __init__(self, path: str, offset: int) -> None:
        self.path = path
        self.offset = offset
        self.constructor = yaml.constructor.SafeConstructor()
        self.key_positions: dict[YamlPath, Position] = {}
        self.value_positions: dict[YamlPath, Position] = {}
        self.problems: list[Problem] = []
        self.failed: set[YamlPath] = set()  # values already reported, not to be checked again
        self.active: set[int] = set()
        self.nodes = 0
        self.too_big = False
        self.block_lines: dict[YamlPath, int] = {}  # 0-based line after a block indicator

    def where(self, node: Node) -> Position:
        return node.start_mark.line + 1 + self.offset, node.start_mark.column + 1

    def fail(self, node: Node, message: str, hint: str = "", at: YamlPath | None = None) -> None:
        if at is not None:
            self.failed.add(at)
        line, column = self.where(node)
        self.problems.append(Problem(self.path, line, column, message, hint))

    def build(self, node: Node, at: YamlPath, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > _MAX_NODES or depth > _MAX_DEPTH:
            if not self.too_big:
                self.too_big = True
                self.fail(
                    node,
                    "Die Daten sind zu groß oder zu tief verschachtelt",
                    "Verwenden Sie Anker und Verweise (&, *) sparsam.",
                    at,
                )
            self.failed.add(at)
            return None
        self.value_positions.setdefault(at, self.where(node))
        if node.tag not in _ALLOWED_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.fail(
                node,
                f"YAML-Tag '{tag}' ist nicht erlaubt",
                "Entfernen Sie das Tag (mit ! beginnend); nur einfache Werte sind möglich.",
                at,
            )
            return None
        if id(node) in self.active:
            self.fail(node, "Ein Verweis (*name) zeigt auf sich selbst", at=at)
            return None
        if isinstance(node, ScalarNode):
            return self.scalar(node, at)
        self.active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return [
                    self.build(item, (*at, index), depth + 1)
                    for index, item in enumerate(node.value)
                ]
            assert isinstance(node, MappingNode)
            return self.mapping(node, at, depth)
        finally:
            self.active.discard(id(node))

    def scalar(self, node: ScalarNode, at: YamlPath) -> Any:
        if node.style in ("|", ">"):
            self.block_lines[at] = node.start_mark.line + 1
        try:
            return self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError) as error:
            self.fail(node, f"Ungültiger Wert '{node.value}'", str(error).split("\n")[0], at)
            return None

    def mapping(self, node: MappingNode, at: YamlPath, depth: int) -> dict[str, Any]:
        own_keys = {id(key_node) for key_node, _ in node.value}
        try:
            self.constructor.flatten_mapping(node)  # resolves '<<' merge keys
        except yaml.YAMLError:
            self.fail(
                node,
                "Ungültige Zusammenführung ('<<')",
                "Nach '<<:' steht ein Verweis auf eine Zuordnung (*name) oder eine Liste davon.",
                at,
            )
            return {}
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.fail(key_node, "Ein Feldname muss ein einfacher Text sein")
                continue
            key = key_node.value if key_node.tag != "tag:yaml.org,2002:null" else ""
            key_line = self.where(key_node)[0]
            if id(key_node) not in own_keys:  # merged in: later entries and own keys win
                result[key] = self.build(value_node, (*at, key), depth + 1)
                continue
            if key in first_seen:
                self.fail(
                    key_node,
                    f"Das Feld '{key}' steht doppelt in diesem Eintrag",
                    f"Zuerst in Zeile {first_seen[key]}; YAML würde den ersten Wert "
                    "stillschweigend verwerfen. Löschen Sie eines der beiden.",
                )
                continue
            first_seen[key] = key_line
            self.key_positions[(*at, key)] = self.where(key_node)
            result[key] = self.build(value_node, (*at, key), depth + 1)
        return result
