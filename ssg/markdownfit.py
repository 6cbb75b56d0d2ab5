"""Python-Markdown without the processors that cannot match in a text.

Python-Markdown tries every inline pattern on every piece of text and every
block processor on every block, and walks the whole tree for headings and
attribute lists; for plain prose that is most of its work. A pattern whose
characters do not occur in the text cannot change it, so for each text the
registries are swapped for copies without those (cached per combination).
Likewise its first step leaves out a search that cannot find anything.
tests/test_markdown.py checks that the output equals Python-Markdown's with
everything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, cast

import markdown
from markdown.preprocessors import NormalizeWhitespace
from markdown.treeprocessors import InlineProcessor
from markdown.util import ETX, STX, Registry


class FittedMarkdown:
    """Fits one Python-Markdown instance to each text before it converts it."""

    def __init__(self, instance: markdown.Markdown) -> None:
        self._markdown = instance
        instance.preprocessors.register(SpacesOnlyWhereFound(instance), "normalize_whitespace", 30)
        self._inline = cast(InlineProcessor, instance.treeprocessors["inline"])
        self._blockprocessors = instance.parser.blockprocessors
        self._treeprocessors = instance.treeprocessors
        self._preprocessors = instance.preprocessors
        self._searches = _searches(NEEDLES)
        self._needs = {
            (kind, name): sum(self._searches.bit[needle] for needle in alternatives)
            for kind, needles in NEEDLES.items()
            for name, alternatives in needles.items()
        }
        # Needles found (as bits) → what is left out → the fitted registries.
        self._absent: dict[int, frozenset[tuple[str, str]]] = {}
        self._fitted: dict[frozenset[tuple[str, str]], tuple[Registry[Any], ...]] = {}

    def fit_to(self, text: str) -> None:
        """Leave out what cannot match in `text` (for 4,000 pages of plain prose, 1.2 of
        the 1.8 s Python-Markdown takes). Each needle is looked for once per text,
        however many patterns need it; texts with the same needles share the result."""
        found = 0
        for bit, needle, first in self._searches.order:
            if (first is None or found & first) and _present(needle, text):
                found |= bit
        absent = self._absent.get(found)
        if absent is None:
            absent = self._absent[found] = frozenset(
                key for key, needs in self._needs.items() if not found & needs
            )
        fitted = self._fitted.get(absent)
        if fitted is None:
            registries: dict[str, Registry[Any]] = {
                "inline": self._markdown.inlinePatterns[:],  # copies
                "block": self._blockprocessors[:],
                "tree": self._treeprocessors[:],
                "pre": self._preprocessors[:],
            }
            for kind, name in absent:
                registries[kind].deregister(name, strict=False)
            fitted = self._fitted[absent] = tuple(registries.values())
        (
            self._inline.inlinePatterns,
            self._markdown.parser.blockprocessors,
            self._markdown.treeprocessors,
            self._markdown.preprocessors,
        ) = fitted


class SpacesOnlyWhereFound(NormalizeWhitespace):
    """Python-Markdown's first step, which also empties lines of nothing but spaces:
    its expression for them starts with a look behind, so it is tried at every
    character (30 µs for a page of three paragraphs). Where no space stands before a
    line break there is nothing to empty, and it is left out."""

    def run(self, lines: list[str]) -> list[str]:
        source = "\n".join(lines).replace(STX, "").replace(ETX, "")
        source = source.replace("\r\n", "\n").replace("\r", "\n") + "\n\n"
        source = source.expandtabs(self.md.tab_length)
        if " \n" in source:
            source = _SPACES_ONLY.sub("\n", source)
        return source.split("\n")


_SPACES_ONLY = re.compile(r"(?<=\n) +\n")


# What a pattern needs in a text: a string in it, or a match of a regular expression.
Needle = str | re.Pattern[str]


def _present(needle: Needle, text: str) -> bool:
    if isinstance(needle, str):  # `in` is many times faster than a regular expression
        return needle in text
    return needle.search(text) is not None


@dataclass
class _Searches:
    """Each needle once, as a bit; a longer string after its first character, which is
    looked for first (most texts lack `!`, `~` or tabs, and a missing character is
    found at a fifth of the cost of a longer string)."""

    bit: dict[Needle, int] = field(default_factory=dict)
    order: list[tuple[int, Needle, int | None]] = field(default_factory=list)

    def add(self, needle: Needle) -> int:
        if needle not in self.bit:
            first = self.add(needle[0]) if isinstance(needle, str) and len(needle) > 1 else None
            self.bit[needle] = 1 << len(self.bit)
            self.order.append((self.bit[needle], needle, first))
        return self.bit[needle]


def _searches(needles: dict[str, dict[str, tuple[Needle, ...]]]) -> _Searches:
    searches = _Searches()
    for by_name in needles.values():
        for alternatives in by_name.values():
            for needle in alternatives:
                searches.add(needle)
    return searches


# A line of only '=' or '-' (after quote and list markers): a setext heading's underline.
_UNDERLINE = re.compile(r"\n[ \t>]*(?:(?:[-*+]|[0-9]+[.)])[ \t]+)*[=-]+[ \t]*(?:\n|$)")


# Python-Markdown's inline patterns (by name) and what a text needs for each to match.
# Each of the six link, image and reference patterns stops at every `[` (or `![`) and
# looks for its `]`, character by character: a project's one link to its Träger
# doubled the cost of converting its description. A link needs `](` (its address
# follows the bracket at once), and a reference needs a definition (`[id]: …`, the
# block pattern "reference" below): without one, `[a][b]` and `[a]` stay text.
_INLINE_NEEDLES: dict[str, tuple[Needle, ...]] = {
    "backtick": ("`",),
    "escape": ("\\",),
    "footnote": ("[^",),
    "reference": ("]:",),
    "link": ("](",),
    "short_reference": ("]:",),
    "image_link": ("![",),
    "image_reference": ("]:",),
    "short_image_ref": ("]:",),
    "autolink": ("<",),
    "automail": ("<",),
    "linebreak": ("  \n", "\t\n"),
    "html": ("<",),
    "entity": ("&",),
    "em_strong": ("*", "_"),
    "em_strong2": ("_",),
    "not_strong": ("*", "_"),
}
# The block processors whose test searches each block, likewise. Blocks are pieces
# of the text, with tabs expanded and list or quote markers taken off the lines.
_BLOCK_NEEDLES: dict[str, tuple[Needle, ...]] = {
    "hashheader": ("#",),
    "setextheader": (_UNDERLINE,),
    # Three markers, each looked for alone: a regular expression that starts with one
    # character is searched for that character first (four times faster).
    "hr": tuple(re.compile(rf"{mark}[ \t]*{mark}[ \t]*{mark}") for mark in ("-", "_", r"\*")),
    "quote": (">",),
    "deflist": (":",),
    "table": ("|",),  # its test splits the block's first two lines at the pipes
    # These three test every block as true and search it in `run`.
    "reference": ("]:",),
    "footnote": ("[^",),
    "abbr": ("*[",),
}
# The tree processors that change only elements such text makes: headings (toc)
# and attribute lists.
_TREE_NEEDLES: dict[str, tuple[Needle, ...]] = {
    "toc": ("#", "[TOC]", _UNDERLINE),
    "attr_list": ("{",),
}
# The preprocessors that look for raw HTML and fenced code.
_PRE_NEEDLES: dict[str, tuple[Needle, ...]] = {
    "html_block": ("<",),
    "fenced_code_block": ("```", "~~~"),
}
NEEDLES: dict[str, dict[str, tuple[Needle, ...]]] = {
    "inline": _INLINE_NEEDLES,
    "block": _BLOCK_NEEDLES,
    "tree": _TREE_NEEDLES,
    "pre": _PRE_NEEDLES,
}
