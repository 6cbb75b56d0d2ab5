"""Load and validate data/projects.yaml into `Project` objects.

The file is checked against ssg/schemas/projects.schema.json (the schema that
also drives autocompletion in editors), then against what a schema cannot
know: action fields that exist, unique addresses and consistent spelling.
All entries are checked, drafts included, and every problem is reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ssg.content import Converted, MarkdownConverter, read_text
from ssg.errors import Problem, suggest
from ssg.model import ALL_DISTRICTS, Award, Origin, Page, Project, parse_award
from ssg.schema import Checked, links_at, list_at, text_at, validate, value_at
from ssg.slugs import slugify
from ssg.yamlfile import YamlDocument, parse_yaml

CATALOGUE = "data/projects.yaml"
SCHEMA = "projects.schema.json"


def load_catalogue(
    source: Path, action_fields: Mapping[str, Page | None], converter: MarkdownConverter
) -> tuple[list[Project], list[Problem]]:
    """Every project in the catalogue (drafts included), and the problems found.

    `action_fields` maps each action-field slug to its page, or to None where the
    page itself has errors (already reported, so references to it are not).
    """
    file = source / CATALOGUE
    if not file.exists():
        return [], []
    text, problems = read_text(file, CATALOGUE)
    if text is None:
        return [], problems
    document, problems = parse_yaml(text, CATALOGUE)
    if document is None or document.value is None:
        return [], problems
    checked = validate(document, SCHEMA)
    problems += checked.problems
    if not isinstance(document.value, list):
        return [], problems
    projects = []
    for index in range(len(document.value)):
        project, found = _load_project(document, checked, index, action_fields, converter)
        problems += found
        if project:
            projects.append(project)
    unique, found = _check_unique(projects)
    return unique, problems + found


def _load_project(
    document: YamlDocument,
    checked: Checked,
    index: int,
    action_fields: Mapping[str, Page | None],
    converter: MarkdownConverter,
) -> tuple[Project | None, list[Problem]]:
    def text(name: str) -> str:
        return text_at(document, checked, (index, name))

    title, summary = text("title"), text("summary")
    if not title or not summary:
        return None, []
    problems = []
    slug = text("slug") or slugify(title)
    if not slug:
        problems.append(
            document.problem(
                (index, "title"),
                "Aus dem Titel lässt sich keine Adresse bilden",
                "Geben Sie einen 'slug' an.",
            )
        )
    fields = []
    for position, name in enumerate(list_at(document, checked, (index, "fields"))):
        page = action_fields.get(name)
        if page is not None:
            fields.append(page)
        elif name not in action_fields:
            hint = suggest(name, action_fields) or _known("Handlungsfelder", action_fields)
            problems.append(
                document.problem(
                    (index, "fields", position), f"Unbekanntes Handlungsfeld '{name}'", hint
                )
            )
    awards = [_award(item) for item in list_at(document, checked, (index, "awards"))]
    district = text("district")
    all_districts = " ".join(district.split()).casefold() == ALL_DISTRICTS
    names: list[tuple[tuple[str | int, ...], str]] = [
        (("city",), text("city")),
        (("district",), district),
    ]
    names += [(("awards", position), award.title) for position, award in enumerate(awards)]
    for at, name in names:
        if name and not slugify(name):
            slug = ""  # no page can be made for it
            problems.append(
                document.problem(
                    (index, *at),
                    f"Aus '{name}' lässt sich keine Adresse bilden",
                    "Der Name braucht mindestens einen Buchstaben oder eine Ziffer.",
                )
            )
    if not slug:
        return None, problems
    converted = Converted("", ())
    if text("description"):
        start = document.text_position((index, "description"))
        path = f"projekte/{slug}/index.html"
        converted = converter.convert(text("description"), CATALOGUE, path, start)
    project = Project(
        slug=slug,
        title=title,
        summary=summary,
        origin=Origin(document.path, *document.position((index,))),
        city=text("city"),
        district="" if all_districts else district,
        all_districts=all_districts,
        awards=tuple(dict.fromkeys(awards)),
        fields=tuple(dict.fromkeys(fields)),
        description=converted.html,
        links=links_at(document, checked, (index, "links")),
        references=converted.references,
        draft=value_at(document, checked, (index, "draft")) is True,
        positions={
            name: Origin(document.path, *document.position((index, name)))
            for name in document.value[index]
        },
    )
    return project, problems


def _award(item: str | dict[str, Any]) -> Award:
    """An award entry as written: "Preis Soziale Stadt 2004" or {name, year, level}."""
    if isinstance(item, str):
        return parse_award(item)
    name = item["name"].strip().removesuffix(str(item["year"])).strip()
    return Award(name, item["year"], item.get("level", ""))


def _known(label: str, names: Mapping[str, Any]) -> str:
    if not names:
        return f"Es gibt noch keine {label}; legen Sie content/handlungsfelder/<name>.md an."
    return f"Bekannte {label}: " + ", ".join(sorted(names)) + "."


def _check_unique(projects: list[Project]) -> tuple[list[Project], list[Problem]]:
    """Equal slugs would overwrite each other; differently spelt names would split an index.

    Returns the projects without the later ones of equal slugs, and the problems.
    """
    problems = []
    first_by_slug: dict[str, Project] = {}
    spellings: dict[tuple[str, ...], tuple[str, Project]] = {}
    for project in projects:
        earlier = first_by_slug.setdefault(project.slug, project)
        if earlier is not project:
            problems.append(
                _problem(
                    project,
                    f"Die Projekte '{earlier.title}' (Zeile "
                    f"{earlier.origin.line}) und '{project.title}' (Zeile "
                    f"{project.origin.line}) haben dieselbe Adresse "
                    f"projekte/{project.slug}/",
                    "Ändern Sie den Titel oder geben Sie einem der beiden einen eigenen 'slug'.",
                )
            )
        names: list[tuple[str, str, str, tuple[str, ...]]] = [
            ("city", "Stadt", project.city, (slugify(project.city),))
        ]
        if project.city and project.district:
            district = (slugify(project.city), slugify(project.district))
            names.append(("district", "Stadtteil", project.district, district))
        names += [("awards", "Preis", award.title, (award.slug,)) for award in project.awards]
        for field, label, name, identity in names:
            if not name:
                continue
            spelt, where = spellings.setdefault((label, *identity), (name, project))
            if spelt != name:
                line = where.positions.get(field, where.origin).line
                problems.append(
                    _problem(
                        project,
                        f"{label} '{name}' ist anders geschrieben als '{spelt}' (Zeile {line})",
                        "Schreiben Sie den Namen überall gleich, sonst entstehen "
                        "zwei Seiten für dasselbe.",
                        field,
                    )
                )
    return list(first_by_slug.values()), problems


def _problem(project: Project, message: str, hint: str, field: str = "") -> Problem:
    origin = project.positions.get(field, project.origin)
    return Problem(origin.path, origin.line, origin.column, message, hint)
