"""Safe YAML loading that keeps the line and column of every key and value.

PyYAML's loaders forget positions and silently keep the last of two equal
keys. Editors need both: so we let the C parser build the node tree, then
turn nodes into plain Python values ourselves, recording where each came from
and rejecting duplicate keys, unknown tags and alias bombs on the way.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ssg import yamlloader
from ssg.errors import Problem
from ssg.foldedtexts import TEXT_FIELDS, comment_cut, folded_problems
from ssg.textfiles import CONTROL, control_character
from ssg.yamlerrors import dash_problem, entry_problems, syntax_problem

YamlPath = tuple[str | int, ...]
Position = tuple[int, int]

_ALLOWED_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
_MAX_DEPTH = 50
_MAX_NODES = 2_000_000  # a catalogue of 50,000 projects has about a million
_MAX_REPEATED = 100_000  # values copied by aliases (*name): a "billion laughs" stops early


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML value with the source position of every key and value."""

    value: Any
    path: str
    key_positions: dict[YamlPath, Position] = field(default_factory=dict)
    value_positions: dict[YamlPath, Position] = field(default_factory=dict)
    failed: frozenset[YamlPath] = frozenset()
    block_texts: dict[YamlPath, Position] = field(default_factory=dict)
    numbers: dict[YamlPath, str] = field(default_factory=dict)  # as written: 01067, not 1067

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
    text: str, path: str, first_line: int = 1, fields: Collection[str] = ()
) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse `text` (from file `path`, starting at line `first_line`) safely; `fields`
    are those a list entry may have (a line naming one in a text is looked at)."""
    offset = first_line - 1
    try:
        root = yamlloader.compose(text)
    except yaml.MarkedYAMLError as error:
        return None, [syntax_problem(error, text, path, offset)]
    except yaml.reader.ReaderError as error:  # a control character the YAML spec forbids
        if yamlloader.C_PARSER:  # libyaml counts bytes, not characters
            before = text.encode()[: error.position].decode(errors="ignore")
        else:
            before = text[: error.position]
        return None, [control_character(path, before, chr(error.character), first_line)]
    lines = text.split("\n")
    builder = _Builder(path, offset, lines, fields)
    value = builder.build(root, (), 0) if root is not None else None
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
        builder.numbers,
    )
    return document, builder.problems


def _text_of_lines(node: Node) -> bool:
    """A block text, or one in quotes that goes on over several lines."""
    if not isinstance(node, ScalarNode) or node.style not in ("|", ">", "'", '"'):
        return False
    return node.end_mark.line > node.start_mark.line


class _Builder:
    """Turns a node tree into plain values, recording positions and problems."""

    def __init__(self, path: str, offset: int, lines: list[str], fields: Collection[str]) -> None:
        self.path = path
        self.fields = fields
        self.offset = offset
        self.lines = lines
        self.entry_lines = (0, len(lines))  # those of the top-level entry being built
        self.constructor = yaml.constructor.SafeConstructor()
        self.key_positions: dict[YamlPath, Position] = {}
        self.value_positions: dict[YamlPath, Position] = {}
        self.problems: list[Problem] = []
        self.failed: set[YamlPath] = set()  # values already reported, not to be checked again
        self.active: set[int] = set()
        self.expanded: set[int] = set()  # lists and mappings built once (an alias repeats one)
        self.repeating = 0  # how many repeated lists and mappings the current node is in
        self.nodes = 0
        self.repeated = 0
        self.too_big = False
        self.block_lines: dict[YamlPath, int] = {}  # 0-based line after a block indicator
        self.numbers: dict[YamlPath, str] = {}

    def where(self, node: Node) -> Position:
        return node.start_mark.line + 1 + self.offset, node.start_mark.column + 1

    def fail(self, node: Node, message: str, hint: str = "", at: YamlPath | None = None) -> None:
        if at is not None:
            self.failed.add(at)
        line, column = self.where(node)
        self.problems.append(Problem(self.path, line, column, message, hint))

    def build(self, node: Node, at: YamlPath, depth: int) -> Any:
        self.nodes += 1
        self.repeated += self.repeating > 0
        if self.nodes > _MAX_NODES or depth > _MAX_DEPTH or self.repeated > _MAX_REPEATED:
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
            hint = "Entfernen Sie das Tag (mit ! beginnend); nur einfache Werte sind möglich."
            if isinstance(node, ScalarNode):
                hint = (
                    "Ein Wert, der mit ! beginnt, ist für YAML eine Typangabe. Gehört das ! "
                    f'zum Text, setzen Sie ihn ganz in Anführungszeichen: "{tag} {node.value}"'
                )
            self.fail(node, f"YAML-Tag '{tag}' ist nicht erlaubt", hint, at)
            return None
        if id(node) in self.active:
            self.fail(node, "Ein Verweis (*name) zeigt auf sich selbst", at=at)
            return None
        if isinstance(node, ScalarNode):
            return self.scalar(node, at)
        repeat = id(node) in self.expanded
        self.expanded.add(id(node))
        self.active.add(id(node))
        self.repeating += repeat
        try:
            if isinstance(node, SequenceNode) and not at:
                return self.top_level_list(node)
            if isinstance(node, SequenceNode):
                return [
                    self.build(item, (*at, index), depth + 1)
                    for index, item in enumerate(node.value)
                ]
            assert isinstance(node, MappingNode)
            return self.mapping(node, at, depth)
        finally:
            self.active.discard(id(node))
            self.repeating -= repeat

    def top_level_list(self, node: SequenceNode) -> list[Any]:
        """Each entry of a list that is the whole document (the catalogue) is checked
        within its own lines: as when it is read on its own (catalogue.py)."""
        starts = [item.start_mark.line for item in node.value] + [len(self.lines)]
        built = []
        for index, item in enumerate(node.value):
            self.entry_lines = (starts[index], starts[index + 1])
            built.append(self.build(item, (index,), 1))
        self.entry_lines = (0, len(self.lines))
        return built

    def dash_glued(self, node: ScalarNode, at: YamlPath) -> None:
        """`-title: Website` or `-Preis 2004` is valid YAML, but not what the editor meant."""
        if node.style or not node.value.startswith("-"):
            return
        line = node.start_mark.line
        text = self.lines[line] if line < len(self.lines) else ""  # \x85 breaks lines, too
        found = dash_problem(text, self.path, line + 1 + self.offset)
        if found and found.column == node.start_mark.column + 1:
            self.failed.add(at)
            self.problems.append(found)

    def scalar(self, node: ScalarNode, at: YamlPath) -> Any:
        self.dash_glued(node, at)
        if node.style in ("|", ">"):
            self.block_lines[at] = node.start_mark.line + 1
        try:
            value = self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError) as error:
            self.fail(node, f"Ungültiger Wert '{node.value}'", str(error).split("\n")[0], at)
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            self.numbers[at] = node.value
        elif node.style == '"' and isinstance(value, str) and CONTROL.search(value):
            code = f"U+{ord(CONTROL.findall(value)[0]):04X}"
            hint = "YAML macht es aus einer Angabe mit \\ (wie \\0): löschen Sie sie."
            self.fail(node, f"Unerlaubtes Steuerzeichen {code} im Text", hint, at)
            return None
        elif not node.style and node.start_mark.line == node.end_mark.line:
            text = bool(at) and at[-1] in TEXT_FIELDS
            self.problems += comment_cut(node, text, self.lines, self.path, self.offset)
        return value

    def twice(self, key: str, first: int, node: ScalarNode, restarted: bool) -> tuple[str, str]:
        """What to say about a field that a mapping has twice."""
        if restarted:  # `  title: Laden` below an entry's fields: a new entry without '- '
            line = self.lines[node.start_mark.line].strip()
            return (
                f"Das Feld '{key}' steht doppelt in diesem Eintrag – beginnt hier ein neuer?",
                f"Dann fehlt der Strich: '- {line}', der Strich so weit eingerückt wie in "
                f"Zeile {first}. Sonst löschen Sie eines der beiden Felder.",
            )
        return (
            f"Das Feld '{key}' steht doppelt in diesem Eintrag",
            f"Zuerst in Zeile {first}; YAML würde den ersten Wert stillschweigend verwerfen. "
            "Löschen Sie eines der beiden.",
        )

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
        restarted = False  # a list entry's first field again: the next entry lacks its '- '
        blocks: list[tuple[str, ScalarNode]] = []
        texts: list[tuple[str, ScalarNode]] = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.fail(key_node, "Ein Feldname muss ein einfacher Text sein")
                continue
            self.dash_glued(key_node, at)
            key = key_node.value if key_node.tag != "tag:yaml.org,2002:null" else ""
            key_line = self.where(key_node)[0]
            if id(key_node) not in own_keys:  # merged in: later entries and own keys win
                result[key] = self.build(value_node, (*at, key), depth + 1)
                continue
            if key in first_seen and not restarted:
                restarted = bool(at) and isinstance(at[-1], int) and key == next(iter(first_seen))
                self.fail(key_node, *self.twice(key, first_seen[key], key_node, restarted))
                continue
            if key in first_seen:
                continue  # the entry the editor began without '- ' is reported at its start
            first_seen[key] = key_line
            self.key_positions[(*at, key)] = self.where(key_node)
            result[key] = self.build(value_node, (*at, key), depth + 1)
            if _text_of_lines(value_node):
                blocks.append((key, value_node))
            if isinstance(value_node, ScalarNode) and len(at) == 1 and self.fields:
                texts.append((key, value_node))  # a catalogue entry's
        if blocks and at and isinstance(at[-1], int):  # a list entry: no new one in its texts
            start, end = self.entry_lines
            lines = self.lines[start:end]
            fields = self.fields if len(at) == 1 else ()  # a catalogue entry's, not a link's
            found = entry_problems(lines, self.path, self.offset, blocks, result, start, fields)
            self.problems += found
        self.problems += folded_problems(texts, self.lines, self.path, self.offset)
        return result
