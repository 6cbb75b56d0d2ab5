"""Markdown to HTML, the handbook's dialect of it, with every link checked.

Python-Markdown with `extra` (without md_in_html), `sane_lists` and `toc`.
Internal links are rewritten into relative links between output files and
returned as references to check after rendering; raw HTML is limited to safe
markup (sanitize.py); a second h1 becomes an h2, with a warning. Most of the
cost of Python-Markdown is trying patterns that cannot match: those are left
out per text (markdownfit.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrExtension
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.nl2br import Nl2BrExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from ssg.errors import Problem
from ssg.headings import heading_problems
from ssg.links import internal_target
from ssg.markdownfit import FittedMarkdown
from ssg.model import Origin, Reference
from ssg.pasted import false_list_items, hidden_in_address
from ssg.paths import relative_href
from ssg.sanitize import Refused, markdown_attribute_problem, raw_html_problems
from ssg.sanitize import sanitized as sanitized_html
from ssg.slugs import slugify
from ssg.tables import table_mistakes

# Ids the templates give to their own elements; body headings must not repeat them.
TEMPLATE_IDS = {"inhalt", "projekte", "links", "beschreibung", "ohne-ort"}


class MarkdownConverter:
    """One reusable Python-Markdown instance (building one per page is slow).

    Internal links are rewritten into relative links between output files and
    returned as references to check: site addresses (`/projekte/`), links to
    other source files (`../handlungsfelder/wohnen.md#ziele`), relative
    addresses and anchors on the same page.
    """

    def __init__(self, line_breaks: bool = False) -> None:
        # "extra" without md_in_html: raw HTML stays raw, and is checked as such. The
        # extensions themselves, not their names: for a name Python-Markdown first reads
        # every installed package's entry points (importlib.metadata, 45 ms to import).
        extra: list[Extension] = [
            AbbrExtension(),
            AttrListExtension(),
            DefListExtension(),
            FencedCodeExtension(),
            FootnoteExtension(BACKLINK_TITLE="Zurück zur Fußnote %d im Text"),
            TableExtension(),
        ]
        extensions = [
            *extra,
            SaneListExtension(),
            TocExtension(slugify=lambda value, _separator: slugify(value)),
            *([Nl2BrExtension()] if line_breaks else []),
        ]
        self._markdown = markdown.Markdown(extensions=extensions, output_format="html")
        self._links = _InternalLinks(self._markdown)
        self._markdown.treeprocessors.register(self._links, "ssg-internal-links", 1)
        self._code_blocks = _CodeBlocks(self._markdown)
        # After fenced code (25) has stashed its blocks, before raw HTML (20) is.
        self._markdown.preprocessors.register(self._code_blocks, "ssg-code-blocks", 22)
        self._fitted = FittedMarkdown(self._markdown)
        self._line_breaks: MarkdownConverter | None = None

    def convert(
        self,
        text: str,
        source: str,
        page: str,
        start: tuple[int, int] = (1, 1),
        line_breaks: bool = False,
    ) -> Converted:
        """HTML for `text` from file `source` for the output file `page`.

        `start` is the line and column in `source` where the text begins; its lines
        are taken to be indented like the first one (as in a YAML block). With
        `line_breaks`, every line break is kept: Leichte Sprache puts each
        sentence on a line of its own.
        """
        if line_breaks:
            self._line_breaks = self._line_breaks or MarkdownConverter(line_breaks=True)
            converted = self._line_breaks.convert(text, source, page, start)
            return replace(converted, html=_keep_compounds(converted.html))
        self._links.source, self._links.page = source, page
        self._links.found, self._links.refused = [], []
        self._fitted.fit_to(text)
        html = self._markdown.reset().convert(text)
        stashed = self._markdown.htmlStash.rawHtmlBlocks[self._code_blocks.count :]
        raw_html = [chunk for chunk in stashed if isinstance(chunk, str)]
        refused = [*self._links.refused, *(r for c in raw_html for r in raw_html_problems(c))]
        refused += false_list_items(text) + table_mistakes(text)
        if any("<" in chunk for chunk in raw_html):  # what our check misreads, nh3 removes
            html = sanitized_html(html)
        problems = _located(refused, text, source, start)
        problems += heading_problems(text, source, start, _under(source))
        references = []
        searched_from: dict[str, int] = {}
        for url, target in self._links.found:
            found = _find_link(text, url, searched_from.get(url, 0))
            searched_from[url] = found + 1
            origin = _origin_at(text, found, source, start)
            if target is None:
                problems.append(
                    Problem(
                        origin.path,
                        origin.line,
                        origin.column,
                        f"Die Adresse '{url}' ist ungültig",
                        "Prüfen Sie Klammern und Sonderzeichen in der Adresse.",
                    )
                )
            else:
                references.append(Reference(url, target, origin))
        return Converted(html, tuple(references), problems)


@dataclass(frozen=True)
class Converted:
    html: str
    references: tuple[Reference, ...] = ()
    problems: list[Problem] = field(default_factory=list)


class _CodeBlocks(Preprocessor):
    """Counts the fenced code blocks, which Markdown stashes like raw HTML."""

    count = 0

    def run(self, lines: list[str]) -> list[str]:
        self.count = len(self.md.htmlStash.rawHtmlBlocks)
        return lines


class _InternalLinks(Treeprocessor):
    """Rewrite internal links, mark external ones, refuse unsafe attributes and
    footnotes that the text never refers to (their back-link would lead nowhere)."""

    source = "content/index.md"
    page = "index.html"
    found: list[tuple[str, str | None]]  # (url, target); target None: not a valid address
    refused: list[Refused]

    def run(self, root: Element) -> None:
        ids = {element.get("id") for element in root.iter()}
        for element in root.iter():
            for name, value in list(element.attrib.items()):
                problem = markdown_attribute_problem(str(element.tag), name, value)
                if problem:
                    self.refused.append(problem)
                    del element.attrib[name]
            if element.get("class") in ("footnote-ref", "footnote-backref"):
                back = element.get("href", "")  # made by Markdown: right if the note is used
                if back.startswith("#fnref") and back[1:] not in ids:
                    self.refused.append(_unused_footnote(back.partition(":")[2]))
                continue
            if element.tag not in ("code", "pre"):
                for text in (element.text, element.tail):
                    if text and "[" in text:
                        self.refused += _left_as_text(text)
            if element.tag == "img" and not element.get("alt", "").strip():
                self.refused.append(_undescribed(element.get("src", ""), element.get("alt", "")))
            for attribute in ("href", "src"):
                url = element.get(attribute)
                if not url:  # most elements (an empty address would be left alone)
                    continue
                hidden = hidden_in_address(url)
                if hidden:
                    self.refused.append(hidden)
                    continue
                try:
                    target = internal_target(url, self.source, self.page)
                except ValueError:
                    self.found.append((url, None))
                    continue
                if target is None and element.tag == "a" and _is_web_address(url):
                    element.set("rel", "noopener")  # the linked page gets no handle on ours
                elif target is not None:
                    self.found.append((url, target))
                    if target and not url.startswith("#"):
                        element.set(attribute, relative_href(self.page, target))
            identifier = element.get("id")
            if identifier and (identifier in TEMPLATE_IDS or identifier.startswith("stadt-")):
                element.set("id", f"{identifier}-text")  # keep ids unique on the page
            if element.tag == "h1":
                element.tag = "h2"  # the title is the page's only h1 (a warning says so)
            if element.tag == "th" and "scope" not in element.attrib:
                element.set("scope", "col")  # Markdown tables have header cells only on top


def _is_web_address(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https") or url.startswith("//")


_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_COMPOUND_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")


def _keep_compounds(html: str) -> str:
    """Non-breaking hyphens in the text (not in tags): Leichte Sprache never splits
    a word such as "Stadt-Teil" across two lines."""
    parts = _TAG_OR_TEXT.split(html)
    return "".join(
        part if part.startswith("<") else _COMPOUND_HYPHEN.sub("\u2011", part) for part in parts
    )


def _undescribed(url: str, blank: str) -> Refused:
    """An image without a text for those who cannot see it (BITV 2.0, WCAG 1.1.1)."""
    return Refused(
        f"![{blank}]({url}",
        f"Das Bild '{url}' hat keine Beschreibung",
        f"Schreiben Sie in die eckigen Klammern, was es zeigt: ![Beschreibung]({url}). "
        "Bildschirmleser lesen sonst nur den Dateinamen vor oder nichts.",
        "warning",
    )


def _left_as_text(text: str) -> list[Refused]:
    """Markup Python-Markdown left as text, which the page would show as typed: a
    footnote no `[^1]:` explains, a link with a space before its address."""
    refused = [_undefined_footnote(name) for name in _FOOTNOTE.findall(text)]
    return refused + [_spaced_link(found.group()) for found in _SPACED_LINK.finditer(text)]


_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]")
# `[Leichte Sprache] (../leichte-sprache.md)`: an address in the brackets, no words.
_SPACED_LINK = re.compile(r"\[[^\]\n]+\][ \t]+\((?:#|[^()\s]*[/.:])[^()\s]*\)")


def _spaced_link(typed: str) -> Refused:
    label, _space, address = typed.partition("]")
    return Refused(
        typed,
        f"Zwischen ']' und '(' steht ein Leerzeichen; so wird '{label[1:]}' kein Link",
        f"Schreiben Sie {label}]({address.strip()[1:-1]}).",
        "warning",
    )


def _undefined_footnote(name: str) -> Refused:
    return Refused(
        f"[^{name}]",
        f"Zur Fußnote [^{name}] fehlt die Erklärung; so steht '[^{name}]' im Text",
        f"Schreiben Sie unter den Text eine Zeile '[^{name}]: …' mit der Erklärung, "
        "oder löschen Sie den Verweis.",
        "warning",
    )


def _unused_footnote(name: str) -> Refused:
    return Refused(
        f"[^{name}]:",
        f"Die Fußnote [^{name}] wird im Text nicht verwendet",
        f"Verweisen Sie im Text mit [^{name}] auf sie, oder löschen Sie sie.",
    )


def _located(
    refused: list[Refused], text: str, source: str, start: tuple[int, int]
) -> list[Problem]:
    """A problem for each piece of refused markup, at the place in `text` it stands."""
    problems = []
    searched_from: dict[tuple[str, str], int] = {}
    for found in refused:  # the same tag twice: each is reported at its own place
        key = (found.needle, found.message)
        index = text.find(found.needle, searched_from.get(key, 0)) if found.at is None else found.at
        searched_from[key] = index + 1
        origin = _origin_at(text, index, source, start)
        problems.append(
            Problem(
                origin.path, origin.line, origin.column, found.message, found.hint, found.severity
            )
        )
    return problems


def _find_link(text: str, url: str, start: int) -> int:
    """Index of the next `](url` (else `url`) in the text from `start`; -1 if absent."""
    found = text.find(f"]({url}", start)
    return found + 2 if found >= 0 else text.find(url, start)


def _origin_at(text: str, index: int, source: str, start: tuple[int, int]) -> Origin:
    before = text[: max(index, 0)]
    column = len(before) - before.rfind("\n") + start[1] - 1
    return Origin(source, start[0] + before.count("\n"), column)


def _under(source: str) -> tuple[int, str]:
    """The heading a text stands under: a page's title, or a project's 'Beschreibung'
    (templates/project.html)."""
    if source.startswith("content/"):
        return 1, "dem Titel"
    return 2, "der Überschrift 'Beschreibung'"
