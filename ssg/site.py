"""Assemble the one immutable `Site` from what was read: settings, pages, projects.

Which page is what (the home page, an action field, an introduction to an
overview, a folder's list) is decided here, drafts are left out unless asked
for, and the projects are grouped into cities, districts, awards and action
fields (taxonomy.py). Nothing here reads a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import PurePosixPath

from ssg.catalogue import Catalogue
from ssg.errors import ContentError, Problem, errors_in
from ssg.indexes import Folder, Site
from ssg.mapdata import Shapes, check_map, packaged_shapes
from ssg.model import Link, Origin, Page, Project, Settings
from ssg.paths import PLACES_SECTION, SECTIONS, TARGET_GROUPS_SECTION, folder_path, page_path
from ssg.profiles import match_profiles, profile_kind
from ssg.sources import CATALOGUE, Copied
from ssg.taxonomy import (
    by_title,
    group_action_fields,
    group_awards,
    group_cities,
    group_target_groups,
    sort_pages,
)

HOME_PAGE = "content/index.md"
FIELDS_FOLDER = "content/handlungsfelder/"


@dataclass(frozen=True)
class Sources:
    """Everything read from a handbook, before it is put together."""

    settings: Settings
    pages: dict[str, Page | None]  # by source path; None where the page has errors
    catalogue: Catalogue
    problems: list[Problem]
    shapes: Shapes | None = None  # of the map; None: the packaged outline
    copied: Copied | None = None  # files published as they are


@dataclass(frozen=True)
class Assembled:
    """The site, the problems found so far, and what the site leaves out."""

    site: Site
    problems: list[Problem]
    unbuilt: tuple[str, ...]  # output paths (prefixes) that sources with errors would make
    drafts: frozenset[str]  # output paths of drafts left out of this build


def is_action_field(source: str) -> bool:
    """`content/handlungsfelder/<name>.md` is an action field (its index.md is not)."""
    name = source.removeprefix(FIELDS_FOLDER)
    return source.startswith(FIELDS_FOLDER) and "/" not in name and name != "index.md"


def action_fields(pages: Mapping[str, Page | None]) -> dict[str, Page | None]:
    """Each action field's slug (its file name) → its page, None where it has errors."""
    return {PurePosixPath(s).stem: page for s, page in pages.items() if is_action_field(s)}


def assemble_site(sources: Sources, drafts: bool) -> Assembled:
    """The site made of every valid source; raises ContentError only without a home page."""
    problems = list(sources.problems)
    home = sources.pages.get(HOME_PAGE)
    if HOME_PAGE not in sources.pages:
        problems.append(
            Problem(
                HOME_PAGE,
                1,
                1,
                "Die Startseite content/index.md fehlt",
                "Legen Sie die Datei mit einem Vorspann (title: …) an.",
            )
        )
    if home is None:
        raise ContentError(problems)
    pages = [page for page in sources.pages.values() if page is not None]
    projects = sources.catalogue.projects
    left_out: frozenset[str] = frozenset()
    if not drafts:
        left_out = frozenset(p.path for p in pages if p.draft)
        left_out |= {p.path for p in projects if p.draft}
        pages = [page for page in pages if not page.draft]
        projects = [_without_draft_fields(p) for p in projects if not p.draft]
    if not projects and not errors_in(sources.catalogue.problems):
        problems.append(_empty_catalogue(sources.catalogue.projects))
    profiles, found = match_profiles([p for p in pages if p.profile], projects)
    projects = list(by_title(projects))
    problems += found
    cities, unplaced = group_cities(projects, profiles)
    shapes = sources.shapes or packaged_shapes()
    problems += check_map(cities, shapes)
    plain = sort_pages(p for p in pages if _is_plain(p))
    target_groups = group_target_groups(projects)
    site = Site(
        settings=with_target_groups(sources.settings) if target_groups else sources.settings,
        home=home,
        pages=tuple(plain),
        folders=_folders(plain, pages),
        action_fields=group_action_fields(
            (p for p in pages if is_action_field(p.source)), projects
        ),
        projects=tuple(projects),
        cities=cities,
        unplaced=unplaced,
        awards=group_awards(projects),
        section_intros={p.path: p for p in pages if p.path in SECTIONS},
        show_drafts=drafts,
        target_groups=target_groups,
        map_shapes=shapes,
        file_sizes={
            path: copy.size
            for path, copy in (sources.copied or {}).items()
            if copy.source.startswith("content/")
        },
    )
    unbuilt = [page_path(source) for source, page in sources.pages.items() if page is None]
    return Assembled(site, problems, (*unbuilt, *sources.catalogue.unbuilt), left_out)


def with_target_groups(settings: Settings) -> Settings:
    """The navigation with an entry for the target groups, after the districts (or
    before the search), unless the handbook's navigation links them already."""
    navigation = list(settings.navigation)
    if not navigation or any(link.internal_path == TARGET_GROUPS_SECTION for link in navigation):
        return settings
    paths = [link.internal_path for link in navigation]
    if PLACES_SECTION in paths:
        position = paths.index(PLACES_SECTION) + 1
    elif "suche/index.html" in paths:
        position = paths.index("suche/index.html")
    else:
        position = len(navigation)
    navigation.insert(position, Link("Zielgruppen", "/zielgruppen/"))
    return replace(settings, navigation=tuple(navigation))


def _is_plain(page: Page) -> bool:
    return (
        page.source != HOME_PAGE
        and not is_action_field(page.source)
        and (page.path not in SECTIONS)
        and not _is_folder_intro(page.source)
        and not profile_kind(page.source)
    )


def _is_folder_intro(source: str) -> bool:
    """content/<folder>/index.md introduces the list of the folder's pages."""
    parts = source.split("/")
    return len(parts) == 3 and parts[2] == "index.md" and not is_action_field(source)


def _folders(plain: list[Page], pages: list[Page]) -> tuple[Folder, ...]:
    """A list page for every top-level folder of content/ with pages in it."""
    members: dict[str, list[Page]] = {}
    for page in plain:
        parts = page.source.split("/")
        if len(parts) > 2:
            members.setdefault(parts[1], []).append(page)
    intros = {page.source.split("/")[1]: page for page in pages if _is_folder_intro(page.source)}
    return tuple(
        Folder(
            name,
            intros[name].title if name in intros else name.replace("-", " ").capitalize(),
            tuple(folder_pages),
            intros.get(name),
        )
        for name, folder_pages in sorted(members.items())
        if folder_path(name) not in SECTIONS
    )


def _empty_catalogue(drafts: list[Project]) -> Problem:
    """A site without projects builds, but is hardly what anyone meant to publish."""
    first = min((project.origin for project in drafts), default=Origin(CATALOGUE))
    return Problem(
        first.path,
        first.line,
        first.column,
        "Der Projektkatalog enthält nur Entwürfe"
        if drafts
        else "Der Projektkatalog enthält kein Projekt",
        "Ohne Projekte bleiben die Listen der Website leer. Legen Sie ein Projekt an "
        "(ssg new project \"Titel\") oder löschen Sie bei einem fertigen 'draft: true'.",
        "warning",
    )


def _without_draft_fields(project: Project) -> Project:
    """The project itself where it names no draft field: the build cache and the
    preview compare projects, and an object is quickest compared with itself."""
    if not any(page.draft for page in project.fields):
        return project
    return replace(project, fields=tuple(page for page in project.fields if not page.draft))
