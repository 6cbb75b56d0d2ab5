"""Internal links: where each one points, and whether it arrives.

Links are checked after rendering, because only the rendered pages know all
their anchors (heading ids from Markdown, and the ids the templates add).
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ssg.errors import Problem, suggest
from ssg.indexes import Site
from ssg.model import Reference
from ssg.paths import output_path_for_url, page_path, pretty_url

_ID = re.compile(rb'\sid="([^"]+)"')


def references_in(site: Site) -> Iterator[Reference]:
    """Every internal link the editors wrote: navigation, `links:` lists, Markdown."""
    pages = [site.home, *site.pages, *site.section_intros.values()]
    pages += [field.page for field in site.action_fields]
    pages += [city.page for city in site.cities if city.page]
    pages += [d.page for city in site.cities for d in city.districts if d.page]
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


def internal_target(url: str, source: str, page: str) -> str | None:
    """The output file (and #fragment) an internal link points to; None for external links.

    Relative links are relative to the source file (in the catalogue, to
    content/), because that is where the editor sees the files; a link to a
    source file (`.md`) from `/` starts at content/ as well. An empty string
    means the link points outside content/. Raises ValueError for invalid URLs.
    """
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not url:
        return None
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    path = unquote(parts.path)
    if not path:
        return page + fragment
    if path.startswith("/") and not path.endswith(".md"):
        return output_path_for_url(path) + fragment
    if path.startswith("/"):  # a source file named from content/: the page made from it
        target = posixpath.normpath("content" + path)
    else:
        base = posixpath.dirname(source) if source.startswith("content/") else "content"
        target = posixpath.normpath(posixpath.join(base, path))
    if target != "content" and not target.startswith("content/"):
        return ""
    if path.endswith(".md"):
        return page_path(target) + fragment
    address = target.removeprefix("content").lstrip("/")
    trailing = "/" if path.endswith("/") or not address else ""
    return output_path_for_url(f"/{address}{trailing}") + fragment


@dataclass(frozen=True)
class Checked:
    """The problems with links, and how many internal links were checked."""

    problems: list[Problem]
    checked: int


def check_links(
    site: Site, files: set[str], folder: Path, unbuilt: tuple[str, ...], drafts: frozenset[str]
) -> Checked:
    """Every internal link of the site against the files written to `folder`.

    Links into parts that sources with errors would make (`unbuilt`) are not
    checked: those errors are reported already.
    """
    references = [r for r in references_in(site) if not r.target.startswith(unbuilt)]
    read = lambda path: (folder / path).read_bytes()  # noqa: E731
    return Checked(check_references(references, files, read, drafts), len(references))


def check_references(
    references: Iterable[Reference],
    files: set[str],
    read: Callable[[str], bytes],
    drafts: frozenset[str] = frozenset(),
) -> list[Problem]:
    """A problem for every reference to a missing file or a missing anchor.

    `files` are the paths of the rendered site; `read` gives a file's bytes,
    needed only for links with an anchor; `drafts` are the paths of drafts
    left out of this build, so that a link to one can say so.
    """

    @functools.cache
    def pages() -> list[str]:
        """The site's addresses, to suggest one: worked out only for a link that
        misses, not after every preview edit (3 ms at 5,000 projects)."""
        return sorted("/" + pretty_url(path) for path in files if path.endswith(".html"))

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
                    _outside_hint(reference),
                )
            )
        elif (
            path not in files
            and not path.endswith((".html", ".xml", ".txt"))
            and not looks_like_host(reference.url)
        ):
            folder, _, name = path.rpartition("/")
            neighbours = {f.rpartition("/")[2] for f in files if f.rpartition("/")[0] == folder}
            problems.append(
                Problem(
                    origin.path,
                    origin.line,
                    origin.column,
                    f"Die Datei '{reference.url}' gibt es nicht (gesucht: content/{path})",
                    suggest(name, neighbours - {"index.html"})
                    or "Legen Sie die Datei dort ab, oder korrigieren Sie den Namen "
                    "(Groß- und Kleinschreibung zählt).",
                )
            )
        elif path not in files:
            problems.append(
                Problem(
                    origin.path,
                    origin.line,
                    origin.column,
                    f"Der Link '{reference.url}' führt zu keiner Seite",
                    _DRAFT_HINT if path in drafts else _missing_hint(reference, path, pages),
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


_DRAFT_HINT = (
    "Die Zielseite ist ein Entwurf (draft: true) und wird nicht veröffentlicht. "
    "Veröffentlichen Sie sie, oder nehmen Sie den Link heraus."
)


def _outside_hint(reference: Reference) -> str:
    source, url = reference.origin.path, reference.url
    if _relative_to_content(source) and url.startswith("../"):
        inside = url
        while inside.startswith("../"):
            inside = inside.removeprefix("../")
        return f"Schreiben Sie {inside} (ohne ../).{_RELATIVE_TO_CONTENT}"
    return (
        f"Verlinken Sie Seiten in content/ (z. B. {_example(source)}) oder Adressen wie "
        "/projekte/." + (_RELATIVE_TO_CONTENT if _relative_to_content(source) else "")
    )


def _missing_hint(reference: Reference, path: str, pages: Callable[[], list[str]]) -> str:
    url = reference.url
    if looks_like_host(url):
        return f"Ist eine Website gemeint? Setzen Sie https:// davor: https://{url}"
    if url.partition("#")[0].endswith(".md"):
        source = "content/" + path.removesuffix("index.html").rstrip("/") + ".md"
        source = source.replace("content/.md", "content/index.md")
        hint = f"Die Datei {source} gibt es nicht, oder sie ist ein Entwurf."
        return hint + (_RELATIVE_TO_CONTENT if _relative_to_content(reference.origin.path) else "")
    return suggest("/" + pretty_url(path), pages()) or (
        "Interne Links sind Adressen wie /projekte/ oder Dateien wie "
        f"{_example(reference.origin.path)}; ist die Zielseite ein Entwurf?"
    )


_RELATIVE_TO_CONTENT = " Im Katalog sind Links auf Dateien relativ zum Ordner content/."
# A link without a scheme whose first part names a host: "www.example.de", "example.de/x".
_HOST = re.compile(
    r"(?:www\.[^/\s]+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:de|com|org|net|eu|info|nrw|ruhr|"
    r"koeln|berlin|io|at|ch|nl|be|lu|fr|uk|gov|edu|int))(?:[/?#]|$)",
    re.IGNORECASE,
)


def looks_like_host(url: str) -> bool:
    """Whether a link without a scheme is meant as a web address (`www.example.de`)."""
    return bool(_HOST.match(url))


def _relative_to_content(source: str) -> bool:
    """Links in the catalogue (and settings) are relative to content/, not to their file."""
    return not source.startswith("content/")


def _example(source: str) -> str:
    """A link to an action-field page as it is written where the link stands."""
    if _relative_to_content(source):
        return "handlungsfelder/soziale-netze.md"
    depth = source.count("/") - 1
    return (
        "../" * depth + "handlungsfelder/soziale-netze.md"
        if depth
        else ("handlungsfelder/soziale-netze.md")
    )
