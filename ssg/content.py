"""Find the Markdown pages in content/, split their front matter, convert Markdown.

Front matter is parsed with its real line numbers (shifted by the opening
`---`), so an error in it points at the line the editor sees.
"""

from __future__ import annotations

import os
import posixpath
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

import markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import InlineProcessor, Treeprocessor
from markdown.util import Registry

from ssg.errors import Problem
from ssg.model import Origin, Page, Reference, output_path_for_url, page_path, relative_href
from ssg.placeholders import is_placeholder, placeholder_lines, placeholder_problem
from ssg.sanitize import Refused, markdown_attribute_problem, raw_html_problems
from ssg.sanitize import sanitized as sanitized_html
from ssg.schema import Checked, links_at, text_at, validate, value_at
from ssg.slugs import SLUG_PATTERN, slugify
from ssg.workers import chunked
from ssg.yamlfile import YamlDocument, parse_yaml

_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")
_HEADING_1 = re.compile(r"^#(?!#)\s*\S")
_SETEXT_1 = re.compile(r"^=+[ ]*$")  # a line of '=' under text makes it a heading too
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
        # "extra" without md_in_html: raw HTML stays raw, and is checked as such.
        extra = ["abbr", "attr_list", "def_list", "fenced_code", "footnotes", "tables"]
        extensions = [*extra, "sane_lists", "toc", *(["nl2br"] if line_breaks else [])]
        self._markdown = markdown.Markdown(
            extensions=extensions,
            extension_configs={
                "toc": {"slugify": lambda value, _separator: slugify(value)},
                "footnotes": {"BACKLINK_TITLE": "Zurück zur Fußnote %d im Text"},
            },
            output_format="html",
        )
        self._links = _InternalLinks(self._markdown)
        self._markdown.treeprocessors.register(self._links, "ssg-internal-links", 1)
        self._code_blocks = _CodeBlocks(self._markdown)
        # After fenced code (25) has stashed its blocks, before raw HTML (20) is.
        self._markdown.preprocessors.register(self._code_blocks, "ssg-code-blocks", 22)
        self._inline = cast(InlineProcessor, self._markdown.treeprocessors["inline"])
        self._blockprocessors = self._markdown.parser.blockprocessors
        self._fitted: dict[frozenset[tuple[str, str]], tuple[Registry[Any], Registry[Any]]] = {}
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
        self._fit_to(text)
        html = self._markdown.reset().convert(text)
        stashed = self._markdown.htmlStash.rawHtmlBlocks[self._code_blocks.count :]
        raw_html = [chunk for chunk in stashed if isinstance(chunk, str)]
        refused = [*self._links.refused, *(r for c in raw_html for r in raw_html_problems(c))]
        if any("<" in chunk for chunk in raw_html):  # what our check misreads, nh3 removes
            html = sanitized_html(html)
        problems = _located(refused, text, source, start)
        problems += _first_level_headings(text, source, start)
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

    def _fit_to(self, text: str) -> None:
        """Leave out the inline patterns and block processors that cannot match in `text`.

        Python-Markdown tries every inline pattern on every piece of text and
        every block processor on every block; for plain prose that is most of
        the work (1.2 of 1.8 s for 4,000 pages). A pattern whose characters do
        not occur in the text cannot change it. A test checks that the output
        equals that of Python-Markdown with everything.
        """
        absent = frozenset(
            (kind, name)
            for kind, needles in (("inline", _INLINE_NEEDLES), ("block", _BLOCK_NEEDLES))
            for name, needle in needles.items()
            if not needle.search(text)
        )
        fitted = self._fitted.get(absent)
        if fitted is None:
            inline: Registry[Any] = self._markdown.inlinePatterns[:]  # copies
            block: Registry[Any] = self._blockprocessors[:]
            for kind, name in absent:
                (inline if kind == "inline" else block).deregister(name, strict=False)
            fitted = self._fitted[absent] = (inline, block)
        self._inline.inlinePatterns, self._markdown.parser.blockprocessors = fitted


def _needles(*needles: str) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(needle) for needle in needles))


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
    "setextheader": re.compile(r"\n[ \t>]*[=-]"),
    "hr": re.compile(r"-[ \t]*-[ \t]*-|_[ \t]*_[ \t]*_|\*[ \t]*\*[ \t]*\*"),
    "quote": _needles(">"),
    "deflist": _needles(":"),
}


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
            for attribute in ("href", "src"):
                url = element.get(attribute, "")
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


def internal_target(url: str, source: str, page: str) -> str | None:
    """The output file (and #fragment) an internal link points to; None for external links.

    Relative links are relative to the source file (in the catalogue, to
    content/), because that is where the editor sees the files. An empty string
    means the link points outside content/. Raises ValueError for invalid URLs.
    """
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not url:
        return None
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    path = unquote(parts.path)
    if not path:
        return page + fragment
    if path.startswith("/"):
        return output_path_for_url(path) + fragment
    base = posixpath.dirname(source) if source.startswith("content/") else "content"
    target = posixpath.normpath(posixpath.join(base, path))
    if target != "content" and not target.startswith("content/"):
        return ""
    if path.endswith(".md"):
        return page_path(target) + fragment
    address = target.removeprefix("content").lstrip("/")
    trailing = "/" if path.endswith("/") or not address else ""
    return output_path_for_url(f"/{address}{trailing}") + fragment


_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_COMPOUND_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")


def _keep_compounds(html: str) -> str:
    """Non-breaking hyphens in the text (not in tags): Leichte Sprache never splits
    a word such as "Stadt-Teil" across two lines."""
    parts = _TAG_OR_TEXT.split(html)
    return "".join(
        part if part.startswith("<") else _COMPOUND_HYPHEN.sub("\u2011", part) for part in parts
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
        index = text.find(found.needle, searched_from.get(key, 0))
        searched_from[key] = index + 1
        origin = _origin_at(text, index, source, start)
        problems.append(Problem(origin.path, origin.line, origin.column, found.message, found.hint))
    return problems


def _find_link(text: str, url: str, start: int) -> int:
    """Index of the next `](url` (else `url`) in the text from `start`; -1 if absent."""
    found = text.find(f"]({url}", start)
    return found + 2 if found >= 0 else text.find(url, start)


def _origin_at(text: str, index: int, source: str, start: tuple[int, int]) -> Origin:
    before = text[: max(index, 0)]
    column = len(before) - before.rfind("\n") + start[1] - 1
    return Origin(source, start[0] + before.count("\n"), column)


def is_ignored(name: str) -> bool:
    """Hidden files, drafts folders and editors' backup files are no part of the site."""
    return name.startswith((".", "_", "#")) or name.endswith(("~", ".swp", ".swo", ".bak", ".tmp"))


def leads_outside(path: Path, root: Path) -> bool:
    """Whether `path` is a symbolic link to something outside the (resolved) `root`."""
    return path.is_symlink() and not path.resolve().is_relative_to(root)


def links_out_of(source: Path) -> list[Problem]:
    """An error for every symbolic link in content/, data/ or templates/ that leads
    out of the handbook: ssg never reads or publishes files from elsewhere."""
    inside = source.resolve()
    problems = []
    for folder in ("content", "data", "templates"):
        if not (source / folder).is_dir():
            continue
        for path in sorted(_links_below(source / folder)):
            if not path.resolve().is_relative_to(inside):
                problems.append(
                    Problem(
                        path.relative_to(source).as_posix(),
                        1,
                        1,
                        "Symbolischer Link aus dem Handbuch heraus "
                        f"(nach {os.readlink(path)}); ssg liest ihn nicht",
                        "Kopieren Sie die Datei in den Ordner des Handbuchs, statt auf sie "
                        "zu verweisen.",
                    )
                )
    return problems


def _links_below(folder: Path) -> Iterator[Path]:
    """The symbolic links below `folder`, without following any; the folder listing
    says which entries are links, so this costs no system call per file."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_symlink():
                yield Path(entry.path)
            elif entry.is_dir():
                yield from _links_below(Path(entry.path))


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def read_text(path: Path, display: str) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 file (BOM and CRLF tolerated) as NFC; undecodable bytes are an error."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [
            Problem(
                display,
                1,
                1,
                f"Die Datei kann nicht gelesen werden: {error.strerror}",
                "Ist es eine Datei, und darf ssg sie lesen?",
            )
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        line_start = before[before.rfind(b"\n") + 1 :]
        column = len(line_start.decode("utf-8", errors="replace")) + 1
        return None, [
            Problem(
                display,
                line,
                column,
                "Die Datei ist nicht in UTF-8 gespeichert",
                "Im Editor „Speichern mit Kodierung: UTF-8“ wählen; Texte aus Word "
                "oder E-Mails neu einfügen.",
            )
        ]
    # NFC: "Köln" typed with a combining diaeresis (as some systems paste it) is "Köln".
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    control = _CONTROL.search(text)
    if control:
        preceding = text[: control.start()]
        return None, [
            Problem(
                display,
                preceding.count("\n") + 1,
                len(preceding) - (preceding.rfind("\n") + 1) + 1,
                f"Unerlaubtes Steuerzeichen U+{ord(control.group()):04X} im Text",
                "Löschen Sie das unsichtbare Zeichen (oft aus Word oder E-Mails eingefügt) "
                "und tippen Sie die Stelle neu.",
            )
        ]
    return text, []


# A page's source path, modification time and size → what was read from it.
PageCache = dict[tuple[str, int, int], tuple[Page | None, list[Problem]]]


def load_pages(
    source: Path, converter: MarkdownConverter, cache: PageCache | None = None
) -> tuple[dict[str, Page | None], list[Problem]]:
    """Every Markdown page under `source/content` by source path, None where it has errors.

    With a `cache` (the preview keeps one), unchanged files are not read again.
    """
    content = source / "content"
    if not content.is_dir():
        return {}, [
            Problem(
                "content",
                1,
                1,
                "Der Ordner content/ fehlt",
                "Legen Sie mindestens content/index.md (die Startseite) an.",
            )
        ]
    inside = source.resolve()
    files = [
        file
        for file in sorted(content.rglob("*.md"))
        if not any(is_ignored(part) for part in file.relative_to(source).parts)
        and not file.is_dir()
        and not leads_outside(file, inside)
    ]

    cache = cache if cache is not None else {}
    keys = [_cache_key(file, source) for file in files]
    todo = [index for index, key in enumerate(keys) if key not in cache]

    def load(indexes: range) -> list[tuple[Page | None, list[Problem]]]:
        loaded = []
        for file in (files[todo[index]] for index in indexes):
            relative = file.relative_to(source)
            found = _check_file_name(relative)
            page, more = (None, []) if found else load_page(file, relative.as_posix(), converter)
            loaded.append((page, found + more))
        return loaded

    for indexes, chunk in chunked(load, len(todo), 200, parallel_from=500):
        for index, result in zip(indexes, chunk, strict=True):
            cache[keys[todo[index]]] = result
    for stale in cache.keys() - set(keys):
        del cache[stale]
    pages: dict[str, Page | None] = {}
    problems: list[Problem] = []
    for key in keys:
        pages[key[0]], found = cache[key]
        problems += found
    return pages, problems


def _cache_key(file: Path, source: Path) -> tuple[str, int, int]:
    try:
        status = file.stat()
    except OSError:  # deleted meanwhile: reading it will report that
        return file.relative_to(source).as_posix(), -1, -1
    return file.relative_to(source).as_posix(), status.st_mtime_ns, status.st_size


def _check_file_name(relative: Path) -> list[Problem]:
    """File names become addresses, so they must be slugs (no spaces, umlauts or '#')."""
    names = [*relative.parts[1:-1], relative.stem]
    bad = [name for name in names if not SLUG_PATTERN.match(name)]
    if not bad:
        return []
    suggestion = "/".join(slugify(name) or "seite" for name in names) + ".md"
    return [
        Problem(
            relative.as_posix(),
            1,
            1,
            f"Der Dateiname '{bad[0]}' taugt nicht als Adresse",
            f"Nur a–z, 0–9 und Bindestriche, z. B. content/{suggestion}",
        )
    ]


def load_page(
    file: Path, display: str, converter: MarkdownConverter
) -> tuple[Page | None, list[Problem]]:
    """Read one page: front matter, then Markdown body."""
    text, problems = read_text(file, display)
    if text is None:
        return None, problems
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]) or lines[0].startswith("..."):
        return None, [
            Problem(
                display,
                1,
                1,
                "Die Seite beginnt nicht mit einem Vorspann ('---')",
                "Die erste Zeile ist '---', dann z. B. 'title: Seitentitel', dann wieder '---'.",
            )
        ]
    closing = next((index for index in range(1, len(lines)) if _FENCE.match(lines[index])), None)
    if closing is None:
        return None, [
            Problem(
                display,
                1,
                1,
                "Der Vorspann wird nicht mit '---' abgeschlossen",
                "Fügen Sie nach den Feldern eine Zeile '---' ein.",
            )
        ]
    document, problems = parse_yaml("\n".join(lines[1:closing]), display, first_line=2)
    if document is None:
        return None, problems
    if document.value is None:
        document = replace(document, value={})  # an empty front matter lacks its title
    checked = validate(document, "page.schema.json")
    problems += checked.problems
    body = "\n".join(lines[closing + 1 :])
    title = text_at(document, checked, ("title",))
    if not title:
        return None, problems
    path = page_path(display)
    easy_read = value_at(document, checked, ("easy_read",)) is True
    converted = converter.convert(body, display, path, (closing + 2, 1), line_breaks=easy_read)
    problems += converted.problems
    draft = value_at(document, checked, ("draft",)) is True
    if not draft:
        problems += _placeholders(document, checked, body, display, closing + 2)
    page = Page(
        source=display,
        path=path,
        title=title,
        body=converted.html,
        references=converted.references,
        description=text_at(document, checked, ("description",)),
        order=value_at(document, checked, ("order",)),
        draft=draft,
        links=links_at(document, checked, ("links",)),
        easy_read=easy_read,
    )
    return page, problems


def _placeholders(
    document: YamlDocument, checked: Checked, body: str, display: str, first_line: int
) -> list[Problem]:
    """Warnings for texts of `ssg new` left in a page that is no longer a draft."""
    problems = []
    description = text_at(document, checked, ("description",))
    if is_placeholder(description):
        line, column = document.text_position(("description",))
        problems.append(placeholder_problem(display, line, column, description))
    lines = body.split("\n")
    for index in placeholder_lines(body):
        text = lines[index].strip()
        problems.append(placeholder_problem(display, first_line + index, 1, text))
    return problems


def _first_level_headings(text: str, source: str, start: tuple[int, int]) -> list[Problem]:
    """The title is the page's only h1; a second one confuses screen-reader users.

    Such headings are written as h2 (see _InternalLinks); this says so where
    they stand: `# …`, or a line under a line of `=`.
    """
    problems = []
    in_code = False
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        if in_code:
            continue
        if _HEADING_1.match(line):
            heading, written = index, "'# …'"
        elif _SETEXT_1.match(line) and index and lines[index - 1].strip():
            heading, written = index - 1, "mit '===' unterstrichen"
        else:
            continue
        problems.append(
            Problem(
                source,
                start[0] + heading,
                start[1],
                f"Überschrift der ersten Ebene ({written}) im Text",
                "Der Titel ist schon die Hauptüberschrift; ssg macht daraus eine Überschrift "
                "der zweiten Ebene. Beginnen Sie Zwischenüberschriften mit '## '.",
                "warning",
            )
        )
    return problems
