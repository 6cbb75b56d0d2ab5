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
        the 1.8 s Python-Markdown takes). Each needle is looked for once per text,
        however many patterns need it."""
        found: dict[Needle, bool] = {}
        absent = frozenset(
            (kind, name)
            for kind, needles in NEEDLES.items()
            for name, alternatives in needles.items()
            if not any(_present(needle, text, found) for needle in alternatives)
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


# What a pattern needs in a text: a string in it, or a match of a regular expression.
Needle = str | re.Pattern[str]


def _present(needle: Needle, text: str, found: dict[Needle, bool]) -> bool:
    known = found.get(needle)
    if known is None:  # `in` is many times faster than a regular expression
        if isinstance(needle, re.Pattern):
            known = needle.search(text) is not None
        else:  # a first character that is not there (most texts lack `!`, `~`, tabs) is
            # found at a fifth of the cost of a longer string
            known = (len(needle) == 1 or _present(needle[0], text, found)) and needle in text
        found[needle] = known
    return known


# A line of only '=' or '-' (after quote and list markers): a setext heading's underline.
_UNDERLINE = re.compile(r"\n[ \t>]*(?:(?:[-*+]|[0-9]+[.)])[ \t]+)*[=-]+[ \t]*(?:\n|$)")


# Python-Markdown's inline patterns (by name) and what a text needs for each to match.
_INLINE_NEEDLES: dict[str, tuple[Needle, ...]] = {
    "backtick": ("`",),
    "escape": ("\\",),
    "footnote": ("[^",),
    "reference": ("[",),
    "link": ("[",),
    "short_reference": ("[",),
    "image_link": ("![",),
    "image_reference": ("![",),
    "short_image_ref": ("![",),
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
