"""Find the Markdown pages in content/, split their front matter, convert Markdown.

Front matter is parsed with its real line numbers (shifted by the opening
`---`), so an error in it points at the line the editor sees.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown

from ssg.errors import Problem
from ssg.model import Page, page_path
from ssg.schema import Rule, check_mapping
from ssg.slugs import slugify
from ssg.yamlfile import parse_yaml

FRONT_MATTER_RULES: dict[str, Rule] = {
    "title": Rule("text", required=True),
    "description": Rule("text"),
    "order": Rule("int"),
    "draft": Rule("bool"),
    "links": Rule("links"),
}
_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")
_HEADING_1 = re.compile(r"^#(?!#)\s*\S")


class MarkdownConverter:
    """One reusable Python-Markdown instance (building one per page is slow)."""

    def __init__(self) -> None:
        self._markdown = markdown.Markdown(
            extensions=["extra", "sane_lists", "toc"],
            extension_configs={"toc": {"slugify": lambda value, _separator: slugify(value)}},
            output_format="html",
        )

    def convert(self, text: str) -> str:
        return self._markdown.reset().convert(text)


def read_text(path: Path, display: str) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 file (BOM and CRLF tolerated); undecodable bytes are an error."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
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
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def load_pages(source: Path, converter: MarkdownConverter) -> tuple[list[Page], list[Problem]]:
    """Every Markdown page under `source/content`, in path order."""
    content = source / "content"
    pages: list[Page] = []
    problems: list[Problem] = []
    if not content.is_dir():
        return [], [
            Problem(
                "content",
                1,
                1,
                "Der Ordner content/ fehlt",
                "Legen Sie mindestens content/index.md (die Startseite) an.",
            )
        ]
    for file in sorted(content.rglob("*.md")):
        relative = file.relative_to(source)
        if any(part.startswith((".", "_")) for part in relative.parts):
            continue
        page, found = load_page(file, relative.as_posix(), converter)
        problems += found
        if page:
            pages.append(page)
    return pages, problems


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
        problems.append(
            Problem(
                display,
                1,
                1,
                "Pflichtfeld 'title' fehlt oder ist leer",
                "Ergänzen Sie eine Zeile 'title: …' im Vorspann.",
            )
        )
        return None, problems
    values, found = check_mapping(document, (), FRONT_MATTER_RULES)
    problems += found
    body = "\n".join(lines[closing + 1 :])
    problems += _check_headings(body, display, first_line=closing + 2)
    if "title" not in values:
        return None, problems
    page = Page(
        source=display,
        path=page_path(display),
        title=values["title"],
        body=converter.convert(body),
        description=values.get("description", ""),
        order=values.get("order"),
        draft=values.get("draft", False),
        links=values.get("links", ()),
    )
    return page, problems


def _check_headings(body: str, display: str, first_line: int) -> list[Problem]:
    """The page title is the only h1; a second one confuses screen-reader users."""
    problems = []
    in_code = False
    for index, line in enumerate(body.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        if not in_code and _HEADING_1.match(line):
            problems.append(
                Problem(
                    display,
                    first_line + index,
                    1,
                    "Überschrift der ersten Ebene ('# …') im Text",
                    "Der Titel aus dem Vorspann ist schon die Hauptüberschrift; "
                    "beginnen Sie Zwischenüberschriften mit '## '.",
                    "warning",
                )
            )
    return problems
