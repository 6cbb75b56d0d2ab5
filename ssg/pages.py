"""The Markdown pages in content/: front matter, then body.

Front matter is parsed with its real line numbers (shifted by the opening
`---`), so an error in it points at the line the editor sees.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ssg.errors import Problem
from ssg.markdown import MarkdownConverter
from ssg.model import Page, Profile, Reference
from ssg.paths import file_stem, page_path
from ssg.placeholders import is_placeholder, placeholder_lines, placeholder_problem
from ssg.profiles import PROFILES_FOLDER, profile_kind, read_profile, schema_of
from ssg.schema import Checked, links_at, schema_properties, text_at, validate, value_at
from ssg.slugs import SLUG_PATTERN, slugify
from ssg.sources import page_files
from ssg.textfiles import control_problem, decoded, in_nfc, read_bytes, unreadable
from ssg.workers import chunked
from ssg.yamlfile import YamlDocument, parse_yaml

_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")
# What a district's profile has and a plain page has not.
_PROFILE_FIELDS = set(schema_properties("district.schema.json")) - set(
    schema_properties("page.schema.json")
)
_FIELD_LINE = re.compile(r"[A-Za-z_][\w-]*[ \t]*:(?:[ \t]|$)")


# A page's source path and bytes → what was read from it. Keyed on the bytes themselves,
# so a file saved twice within the same second at the same size is still read anew;
# an unchanged page is not even decoded, and the build cache stores the bytes as they
# are (text would be encoded to UTF-8 again, a fifth of the time it takes to store).
PageCache = dict[tuple[str, bytes], tuple[Page | None, list[Problem]]]


def load_pages(
    source: Path, converter: MarkdownConverter, cache: PageCache | None = None
) -> tuple[dict[str, Page | None], list[Problem]]:
    """Every Markdown page under `source/content` by source path, None where it has errors.

    With a `cache` (the preview keeps one), unchanged pages are not parsed again.
    """
    if not (source / "content").is_dir():
        return {}, [
            Problem(
                "content",
                1,
                1,
                "Der Ordner content/ fehlt",
                "Legen Sie mindestens content/index.md (die Startseite) an.",
            )
        ]
    cache = cache if cache is not None else {}
    read: list[tuple[str, bytes | None, list[Problem]]] = []
    for display, file in page_files(source):
        try:
            read.append((display, read_bytes(file), []))
        except OSError as error:
            read.append((display, None, [unreadable(display, error)]))
    keys = [(display, data) for display, data, _problems in read if data is not None]
    todo = [key for key in keys if key not in cache]

    def load(indexes: range) -> list[tuple[Page | None, list[Problem]]]:
        return [_load_read(*todo[index], converter) for index in indexes]

    for indexes, chunk in chunked(load, len(todo), 200, parallel_from=500):
        for index, result in zip(indexes, chunk, strict=True):
            cache[todo[index]] = result
    for stale in cache.keys() - set(keys):
        del cache[stale]
    pages: dict[str, Page | None] = {}
    problems: list[Problem] = []
    for display, data, not_read in read:
        pages[display], found = cache[(display, data)] if data is not None else (None, not_read)
        problems += found
    return pages, problems


def _load_read(
    display: str, data: bytes, converter: MarkdownConverter
) -> tuple[Page | None, list[Problem]]:
    """A page from its file's bytes: decoded, in NFC and checked for control characters
    only if not read before (at 4,000 pages that is a tenth of a build with the cache)."""
    text, problems = decoded(data, display)
    if text is None:
        return None, problems
    text = in_nfc(text)
    problem = control_problem(text, display)
    return (None, [problem]) if problem else load_page(display, text, converter)


def _check_file_name(display: str) -> list[Problem]:
    """File names become addresses, so they must be slugs (no spaces, umlauts or '#')."""
    parts = display.split("/")
    names = [*parts[1:-1], file_stem(parts[-1])]
    bad = [name for name in names if not SLUG_PATTERN.match(name)]
    if not bad:
        return []
    suggestion = "/".join(slugify(name) or "seite" for name in names) + ".md"
    return [
        Problem(
            display,
            1,
            1,
            f"Der Dateiname '{bad[0]}' taugt nicht als Adresse",
            f"Nur a–z, 0–9 und Bindestriche, z. B. content/{suggestion}",
        )
    ]


def _too_deep(display: str) -> list[Problem]:
    """`content/stadtteile/dortmund/nordstadt/index.md` with a profile's fields: a
    district's profile in a folder of its own would be a plain page at the district's
    address. (A page of its own below a city, without them, is one.)"""
    parts = display.split("/")
    if not display.startswith(PROFILES_FOLDER) or len(parts) != 5 or parts[4] != "index.md":
        return []
    city, district = parts[2], parts[3]
    return [
        Problem(
            display,
            1,
            1,
            "Ein Stadtteilprofil liegt nicht in einem eigenen Ordner",
            f"Ein Stadtteilprofil liegt im Ordner der Stadt: {PROFILES_FOLDER}{city}/"
            f"{district}.md; das Profil der Stadt ist {PROFILES_FOLDER}{city}/index.md.",
        )
    ]


def load_page(
    display: str, text: str, converter: MarkdownConverter
) -> tuple[Page | None, list[Problem]]:
    """One page from its text: the file name, the front matter, then the Markdown body."""
    problems = _check_file_name(display)
    if problems:
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
    unclosed = _text_in_front_matter(lines, closing, display)
    failed = document is None or any(problem.severity == "error" for problem in problems)
    keys = {line for line, _column in document.key_positions.values()} if document else set()
    if unclosed and (failed or unclosed.line in keys):  # not a text in quotes, say
        return None, [unclosed]  # the editor's mistake, not what YAML made of the text
    if document is None:
        return None, problems
    if document.value is None:
        document = replace(document, value={})  # an empty front matter lacks its title
    deep = _too_deep(display) if isinstance(document.value, dict) else []
    if deep and document.value.keys() & _PROFILE_FIELDS:
        return None, [*problems, *deep]
    checked = validate(document, schema_of(display))
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
    profile: Profile | None = None
    downloads: list[Reference] = []
    if profile_kind(display):
        profile, downloads, found = read_profile(document, checked, display)
        problems += found
    page = Page(
        source=display,
        path=path,
        title=title,
        body=converted.html,
        references=(*converted.references, *downloads),
        description=text_at(document, checked, ("description",)),
        order=value_at(document, checked, ("order",)),
        draft=draft,
        links=links_at(document, checked, ("links",)),
        easy_read=easy_read,
        profile=profile,
    )
    return page, problems


def _text_in_front_matter(lines: list[str], closing: int, display: str) -> Problem | None:
    """The page's text in its front matter: the '---' after the fields is missing, and
    a '---' in the text (a line across the page) was taken for it. A line of prose
    after an empty line, not indented, is where the text begins: there a field, a
    comment, a list or the rest of an indented text would stand."""
    for index in range(2, closing):
        line = lines[index]
        if lines[index - 1].strip() or not line.strip() or line[0] in " \t#-'\"":
            continue
        if not _FIELD_LINE.match(line):
            return Problem(
                display,
                index + 1,
                1,
                "Hier beginnt wohl der Text, aber der Vorspann davor ist nicht mit '---' "
                "abgeschlossen",
                f"Fügen Sie über dieser Zeile eine Zeile '---' ein. Ohne sie liest ssg alles "
                f"bis zur Zeile '{lines[closing].strip()}' in Zeile {closing + 1} als Vorspann.",
            )
    return None


def _placeholders(
    document: YamlDocument, checked: Checked, body: str, display: str, first_line: int
) -> list[Problem]:
    """Warnings for texts of `ssg new` left in a page that is no longer a draft."""
    problems = []
    description = text_at(document, checked, ("description",))
    if is_placeholder(description):
        line, column = document.text_position(("description",))
        problems.append(placeholder_problem(display, line, column, description))
    found = placeholder_lines(body)
    lines = body.split("\n") if found else []
    for index in found:
        text = lines[index].strip()
        problems.append(placeholder_problem(display, first_line + index, 1, text))
    return problems
