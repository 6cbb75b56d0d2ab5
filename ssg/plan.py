"""Plan the site's files: for every output its path, template and context.

Planning comes before rendering, so that two things claiming one path are
reported before anything renders, and so that the preview can tell which
outputs an edit changed by comparing plans (incremental.py). It reads no
file: what it needs of files (copied files' stamps and sizes, the stylesheet
for the 404 page, the open-data bytes) is handed in.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from ssg.errors import Problem
from ssg.indexes import City, Site
from ssg.mapview import city_map, overview_map
from ssg.model import Origin
from ssg.paths import (
    AWARDS_SECTION,
    FIELDS_SECTION,
    HOME,
    NOT_FOUND,
    PLACES_SECTION,
    PROJECTS_SECTION,
    ROBOTS,
    SECTIONS,
    SIGN_LANGUAGE_SECTION,
    SITEMAP,
    TARGET_GROUPS_SECTION,
    pretty_url,
)
from ssg.sections import SECTION_DESCRIPTIONS, SECTION_TEMPLATES, sign_language_video
from ssg.sources import CATALOGUE, Copied

Crumbs = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Output:
    """One file to write: its path, the template that makes it, and what that template sees.

    Outputs without a template carry their bytes (`data`) or the file they copy
    (`copy`, with its `stamp`) in their context. Equal outputs of equal sites
    make equal files: the preview relies on it.
    """

    path: str
    template: str
    origin: Origin = field(compare=False)  # for messages; not part of the file
    title: str = ""
    crumbs: Crumbs = ()
    context: dict[str, Any] = field(default_factory=dict)

    def moved(self, origin: Origin) -> Output:
        """This output, from a source that moved: most preview edits move half the
        catalogue's entries. Made as catalogue._shifted makes copies, at less than
        half the cost of `__init__`; the fields it shares are never changed."""
        moved = object.__new__(Output)
        moved.__dict__.update(self.__dict__)
        object.__setattr__(moved, "origin", origin)  # a frozen dataclass
        return moved


def plan_outputs(
    site: Site,
    copied: Copied,
    inline_css: str,
    data_files: dict[str, bytes],
    earlier: Mapping[str, Output] | None = None,
) -> tuple[list[Output], list[Problem]]:
    """Every file the site consists of, and the clashes between them.

    `inline_css` is the stylesheet for the 404 page (hosts serve it at any
    depth, where a relative stylesheet would not load); `data_files` are the
    open-data files by path. `earlier` is the last plan (the preview's, or the
    build cache's): a project's page is planned from nothing but the project, so
    for the same project the very object planned before is planned again (moved
    with its entry), and the preview finds it unchanged at a glance.
    """
    outputs = list(_plan_pages(site, copied, earlier or {}))
    not_found = {
        "inline_css": inline_css,
        "description": "Unter dieser Adresse gibt es keine Seite.",
    }
    outputs.append(
        Output(
            NOT_FOUND,
            "404.html",
            Origin("templates/404.html"),
            "Seite nicht gefunden",
            (),
            not_found,
        )
    )
    outputs.append(Output(SITEMAP, "sitemap.xml", Origin("templates/sitemap.xml")))
    outputs.append(Output(ROBOTS, "robots.txt", Origin("templates/robots.txt")))
    for path, data in data_files.items():
        outputs.append(Output(path, "", Origin(CATALOGUE), context={"data": data}))
    for path, copy in copied.items():
        context = {"copy": copy.file, "stamp": copy.stamp}
        outputs.append(Output(path, "", Origin(copy.source), context=context))
    return outputs, _clashes(outputs)


def _plan_pages(site: Site, copied: Copied, earlier: Mapping[str, Output]) -> Iterator[Output]:
    home = ("Startseite", HOME)
    yield Output(
        HOME,
        "home.html",
        Origin(site.home.source),
        site.home.title,
        (home,),
        {"page": site.home, "description": site.home.description},
    )
    for path, title in SECTIONS.items():
        template = SECTION_TEMPLATES[path]
        intro = site.section_intros.get(path)
        origin = Origin(intro.source if intro else f"templates/{template}")
        yield Output(
            path,
            template,
            origin,
            intro.title if intro else title,
            (home, (intro.title if intro else title, path)),
            {
                "intro": intro,
                "description": intro.description if intro else SECTION_DESCRIPTIONS[path],
                "video": sign_language_video(site.settings.sign_language, copied)
                if path == SIGN_LANGUAGE_SECTION
                else None,
                "map": overview_map(site, site.map_shapes) if path == PLACES_SECTION else None,
            },
        )
    crumb = {path: (title, path) for path, title in SECTIONS.items()}
    for action_field in site.action_fields:
        page = action_field.page
        yield Output(
            page.path,
            "field.html",
            Origin(page.source),
            page.title,
            (home, crumb[FIELDS_SECTION], (page.title, page.path)),
            {"page": page, "field": action_field, "description": page.description},
        )
    for folder in site.folders:
        origin = Origin(folder.intro.source if folder.intro else folder.pages[0].source)
        yield Output(
            folder.path,
            "folder.html",
            origin,
            folder.title,
            (home, (folder.title, folder.path)),
            {
                "folder": folder,
                "intro": folder.intro,
                "description": folder.intro.description if folder.intro else folder.title,
            },
        )
    folder_crumbs = {path.split("/")[0]: section for path, section in crumb.items()}
    folder_crumbs |= {folder.name: (folder.title, folder.path) for folder in site.folders}
    for page in site.pages:
        parts = page.source.split("/")
        parent = [folder_crumbs[parts[1]]] if len(parts) > 2 and parts[1] in folder_crumbs else []
        yield Output(
            page.path,
            "page.html",
            Origin(page.source),
            page.title,
            (home, *parent, (page.title, page.path)),
            {"page": page, "description": page.description},
        )
    for project in site.projects:
        planned = earlier.get(project.path)
        if planned is not None and planned.context.get("project") is project:
            # An entry moved in the file is the same project, its origin moved in place.
            yield planned if planned.origin is project.origin else planned.moved(project.origin)
            continue
        yield Output(
            project.path,
            "project.html",
            project.origin,
            project.title,
            (home, crumb[PROJECTS_SECTION], (project.title, project.path)),
            {"project": project, "description": project.summary},
        )
    for city in site.cities:
        city_crumbs = (home, crumb[PLACES_SECTION], (city.name, city.path))
        yield Output(
            city.path,
            "city.html",
            Origin(city.page.source) if city.page else _city_origin(city),
            city.name,
            city_crumbs,
            {
                "city": city,
                "map": city_map(city, site.map_shapes),
                "description": (city.page.description if city.page else "")
                or f"Beispielprojekte in {city.name}.",
            },
        )
        for district in city.districts:
            profile_page = district.page
            yield Output(
                district.path,
                "district.html",
                Origin(profile_page.source) if profile_page else district.projects[0].origin,
                f"{district.name} ({city.name})",
                (*city_crumbs, (district.name, district.path)),
                {
                    "city": city,
                    "district": district,
                    "description": (profile_page.description if profile_page else "")
                    or f"Beispielprojekte im Stadtteil {district.name} in {city.name}.",
                },
            )
    if site.target_groups:
        groups = ("Zielgruppen", TARGET_GROUPS_SECTION)
        yield Output(
            TARGET_GROUPS_SECTION,
            "target_groups.html",
            min(group.projects[0].origin for group in site.target_groups),
            "Zielgruppen",
            (home, groups),
            {"description": "Die Beispielprojekte nach ihren Zielgruppen."},
        )
        for group in site.target_groups:
            yield Output(
                group.path,
                "target_group.html",
                group.projects[0].origin,
                group.name,
                (home, groups, (group.name, group.path)),
                {"group": group, "description": f"Beispielprojekte für {group.name}."},
            )
    for award_index in site.awards:
        award = award_index.award
        yield Output(
            award.path,
            "award.html",
            award_index.projects[0].origin,
            award.title,
            (home, crumb[AWARDS_SECTION], (award.title, award.path)),
            {"award": award_index, "description": f"Projekte mit dem {award.title}."},
        )


def _city_origin(city: City) -> Origin:
    """A city page comes from the first catalogue entry that names the city."""
    projects = [p for d in city.districts for p in d.projects]
    projects += [*city.city_wide, *city.without_district]
    return min(projects, key=_BY_ORIGIN).origin


# Origins in their order, as tuples: comparing Origin objects costs five times as much,
# and the preview plans every city after each edit.
_BY_ORIGIN = attrgetter("origin.path", "origin.line", "origin.column")


def _clashes(outputs: list[Output]) -> list[Problem]:
    """Two sources that would be written to the same file."""
    problems = []
    claimed: dict[str, Output] = {}
    for output in outputs:
        earlier = claimed.setdefault(output.path, output)
        if earlier is not output:
            where = earlier.origin
            problems.append(
                Problem(
                    output.origin.path,
                    output.origin.line,
                    output.origin.column,
                    f"Die Adresse /{pretty_url(output.path)} wird schon von "
                    f"{where.path}:{where.line} verwendet",
                    "Benennen Sie eine der beiden Seiten um (Dateiname oder 'slug').",
                )
            )
    return problems
