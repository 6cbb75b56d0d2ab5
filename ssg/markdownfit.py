"""Python-Markdown without the processors that cannot match in a text.

Python-Markdown tries every inline pattern on every piece of text and every
block processor on every block, and walks the whole tree for headings and
attribute lists; for plain prose that is most of its work. A pattern whose
characters do not occur in the text cannot change it, so for each text the
registries are swapped for copies without those (cached per combination).
tests/test_markdown.py checks that the output equals Python-Markdown's with
everything.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, cast

import markdown
from markdown.treeprocessors import InlineProcessor
from markdown.util import Registry


class FittedMarkdown:
    """Fits one Python-Markdown instance to each text before it converts it."""

    def __init__(self, instance: markdown.Markdown) -> None:
        self._markdown = instance
        self._inline = cast(InlineProcessor, instance.treeprocessors["inline"])
        self._blockprocessors = instance.parser.blockprocessors
        self._treeprocessors = instance.treeprocessors
        self._preprocessors = instance.preprocessors
        self._fitted: dict[frozenset[tuple[str, str]], tuple[Registry[Any], ...]] = {}

    def fit_to(self, text: str) -> None:
        """Leave out what cannot match in `text` (for 4,000 pages of plain prose, 1.2 of
        the 1.8 s Python-Markdown takes)."""
        absent = frozenset(
            (kind, name)
            for kind, needles in NEEDLES.items()
            for name, needle in needles.items()
            if not needle(text)
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


def _needles(*needles: str) -> Callable[[str], bool]:
    """Whether a text holds one of `needles` (`in` is many times faster than a regex)."""
    return lambda text: any(needle in text for needle in needles)


def _pattern(expression: str) -> Callable[[str], bool]:
    return lambda text: re.search(expression, text) is not None


# A line of only '=' or '-' (after quote and list markers): a setext heading's underline.
_UNDERLINE = r"\n[ \t>]*(?:(?:[-*+]|[0-9]+[.)])[ \t]+)*[=-]+[ \t]*(?:\n|$)"


# Python-Markdown's inline patterns (by name) and what a text needs for each to match.
_INLINE_NEEDLES = {
    "backtick": _needles("`"),
    "escape": _needles("\\"),
    "footnote": _needles("[^"),
    "reference": _needles("["),
    "link": _needles("["),
    "short_reference": _needles("["),
    "image_link": _needles("!["),
    "image_reference": _needles("!["),
    "short_image_ref": _needles("!["),
    "autolink": _needles("<"),
    "automail": _needles("<"),
    "linebreak": _needles("  \n", "\t\n"),
    "html": _needles("<"),
    "entity": _needles("&"),
    "em_strong": _needles("*", "_"),
    "em_strong2": _needles("_"),
    "not_strong": _needles("*", "_"),
}
# The block processors whose test searches each block, likewise. Blocks are pieces
# of the text, with tabs expanded and list or quote markers taken off the lines.
_BLOCK_NEEDLES = {
    "hashheader": _needles("#"),
    "setextheader": _pattern(_UNDERLINE),
    "hr": _pattern(r"-[ \t]*-[ \t]*-|_[ \t]*_[ \t]*_|\*[ \t]*\*[ \t]*\*"),
    "quote": _needles(">"),
    "deflist": _needles(":"),
}
# The tree processors that change only elements such text makes: headings (toc)
# and attribute lists.
_TREE_NEEDLES = {
    "toc": _pattern(r"#|\[TOC\]|" + _UNDERLINE),
    "attr_list": _needles("{"),
}
# The preprocessors that look for raw HTML and fenced code.
_PRE_NEEDLES = {"html_block": _needles("<"), "fenced_code_block": _needles("```", "~~~")}
NEEDLES = {
    "inline": _INLINE_NEEDLES,
    "block": _BLOCK_NEEDLES,
    "tree": _TREE_NEEDLES,
    "pre": _PRE_NEEDLES,
}
