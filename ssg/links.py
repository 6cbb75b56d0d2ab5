"""Check every internal link against the rendered site: pages, files and anchors.

Links are checked after rendering, because only the rendered pages know all
their anchors (heading ids from Markdown, and the ids the templates add).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from ssg.errors import Problem, suggest
from ssg.model import Reference, Site, pretty_url

_ID = re.compile(rb'\sid="([^"]+)"')


def references_in(site: Site) -> Iterator[Reference]:
    """Every internal link the editors wrote: navigation, `links:` lists, Markdown."""
    pages = [site.home, *site.pages, *site.section_intros.values()]
    pages += [field.page for field in site.action_fields]
    links = [*site.settings.navigation]
    links += [link for page in pages for link in page.links]
    links += [link for project in site.projects for link in project.links]
    for link in links:
        if link.reference:
            yield link.reference
    for page in pages:
        yield from page.references
    for project in site.projects:
        yield from project.references


def check_references(
    references: Iterable[Reference], files: set[str], read: Callable[[str], bytes]
) -> list[Problem]:
    """A problem for every reference to a missing file or a missing anchor.

    `files` are the paths of the rendered site; `read` gives a file's bytes,
    needed only for links with an anchor.
    """
    pages = sorted("/" + pretty_url(path) for path in files if path.endswith(".html"))
    ids: dict[str, set[str]] = {}
    problems = []
    for reference in references:
        path, _, fragment = reference.target.partition("#")
        origin = reference.origin
        if not path:
            problems.append(
                Problem(
                    origin.path,
                    origin.line,
                    origin.column,
                    f"Der Link '{reference.url}' zeigt aus dem Handbuch heraus",
                    "Verlinken Sie Seiten in content/ (z. B. ../handlungsfelder/wohnen.md) "
                    "oder Adressen wie /projekte/.",
                )
            )
        elif path not in files:
            problems.append(
                Problem(
                    origin.path,
                    origin.line,
                    origin.column,
                    f"Der Link '{reference.url}' führt zu keiner Seite",
                    _missing_hint(reference, path, pages),
                )
            )
        elif fragment:
            if path not in ids:
                ids[path] = {match.decode() for match in _ID.findall(read(path))}
            if fragment not in ids[path]:
                problems.append(
                    Problem(
                        origin.path,
                        origin.line,
                        origin.column,
                        f"Den Anker '#{fragment}' gibt es auf /{pretty_url(path)} nicht",
                        suggest(f"#{fragment}", {f"#{name}" for name in ids[path]})
                        or "Anker sind die Überschriften der Zielseite in Kleinbuchstaben, "
                        "mit Bindestrichen: '## Typische Maßnahmen' wird zu "
                        "#typische-massnahmen.",
                    )
                )
    return problems


def _missing_hint(reference: Reference, path: str, pages: list[str]) -> str:
    if reference.url.partition("#")[0].endswith(".md"):
        source = "content/" + path.removesuffix("index.html").rstrip("/") + ".md"
        source = source.replace("content/.md", "content/index.md")
        return f"Die Datei {source} gibt es nicht, oder sie ist ein Entwurf."
    return suggest("/" + pretty_url(path), pages) or (
        "Interne Links sind Adressen wie /projekte/ oder Dateien wie "
        "../handlungsfelder/soziale-netze.md; ist die Zielseite ein Entwurf?"
    )
