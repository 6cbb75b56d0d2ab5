"""The lines of a YAML text, read the way an editor sees them.

To find the mistake behind a syntax error we read the lines around it as an
editor does: fields, list entries, texts and how far each is indented. The
mistakes themselves are found in `ssg.yamlmistakes` and `ssg.yamlspaces`.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_LEAD = r"(?P<lead> *(?:- +)*)"  # indentation and list dashes before a key
KEY_LINE = re.compile(
    _LEAD + r"(?P<key>[^\s#:'\"][^:#]*?|\"[^\"]*\"|'[^']*'):(?:[ \t]+(?P<value>.*))?$"
)
FIELD_NAME = re.compile(r"[a-z][a-z0-9_]*")
# `city Dortmund`: a line that could be a field, but has no colon at all.
WITHOUT_COLON = re.compile(
    r"(?!.*:(?:\s|$))" + _LEAD + r"(?P<key>[a-z][a-z0-9_]*)(?: +(?P<rest>.*))?$"
)
_BLOCK_HEADER = re.compile(_LEAD + r"(?:(?P<key>[^\s#:][^:#]*?): +)?[|>][1-9+-]*\s*(?:#.*)?$")


class Mistake(NamedTuple):
    """An editor's mistake at `row` (0-based line of the parsed text) and `column` (1-based)."""

    row: int
    column: int
    message: str
    hint: str


class Text(NamedTuple):
    """A text a line seems to continue: `key: |` (a block) or `key: words` (plain)."""

    header: int
    key: str
    key_column: int
    indent: int = 0  # a block's: that of its first line
    first: int = 0  # a block's first line


class Lines:
    """The parsed text's lines, read the way an editor sees them."""

    def __init__(self, text: str, offset: int) -> None:
        self.lines, self.offset = text.split("\n"), offset

    def __getitem__(self, index: int) -> str:
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def number(self, index: int) -> int:
        return index + 1 + self.offset

    def indent(self, index: int) -> int:
        return len(self[index]) - len(self[index].lstrip(" "))

    def below(self, index: int, column: int) -> bool:
        """Whether line `index` is blank, a comment or indented further than `column`."""
        return self[index].strip()[:1] in ("", "#") or self.indent(index) > column

    def previous(self, index: int) -> int | None:
        """The nearest line above `index` with more than spaces or a comment."""
        text = (i for i in range(index - 1, -1, -1) if self[i].strip()[:1] not in ("", "#"))
        return next(text, None)

    def known(self, name: str, besides: int) -> bool:
        """Whether `name:` starts a field on another line."""
        keys = (KEY_LINE.match(line) for i, line in enumerate(self.lines) if i != besides)
        return any(key and key["key"] == name for key in keys)

    def text_above(self, index: int) -> Text | None:
        """The block or plain text above that line `index` is indented too little to continue."""
        for row in range(index - 1, -1, -1):
            header = _BLOCK_HEADER.match(self[row])
            if header:
                first = next((i for i in range(row + 1, index) if self[i].strip()), index)
                if first == index or self.indent(first) <= self.indent(index):
                    return None
                lead = len(header["lead"])
                return Text(row, header["key"] or "", lead, self.indent(first), first)
            if self[row].strip() and self.indent(row) <= self.indent(index):
                break
        above = self.previous(index)
        while above is not None and index - above < 50:
            field = KEY_LINE.match(self[above])
            if field:
                value = (field["value"] or "").strip()
                if not value or value[0] in "'\"[{|>&*!#%@`":
                    return None
                return Text(above, field["key"], len(field["lead"]))
            above = self.previous(above)
        return None


def shortened(text: str, limit: int = 80) -> str:
    """`text`, or for a long one its start and end: a hint quoting a line of 5,000
    characters twice would fill the terminal."""
    if len(text) <= limit:
        return text
    return f"{text[: limit // 2 - 2].rstrip()} … {text[-(limit // 2 - 2) :].lstrip()}"


def corrected(line: str) -> str:
    """A hint that shows the corrected line (shortened, if long)."""
    line = shortened(line)
    if "'" in line:
        return f"Schreiben Sie: {line}"
    return f"Schreiben Sie '{line}'" + ("" if line.endswith((".", "!", "?")) else ".")
