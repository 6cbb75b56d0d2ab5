"""Load and validate data/projects.yaml into `Project` objects.

All entries are checked, drafts included, and every problem is reported with
the line of the entry; the catalogue is only usable if none is an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ssg.content import MarkdownConverter, read_text
from ssg.errors import Problem, suggest
from ssg.model import ALL_DISTRICTS, Award, Link, Origin, Page, Project
from ssg.schema import Rule, check_mapping
from ssg.slugs import SLUG_PATTERN, slugify
from ssg.yamlfile import YamlDocument, parse_yaml

CATALOGUE = "data/projects.yaml"

PROJECT_RULES: dict[str, Rule] = {
    "title": Rule("text", required=True),
    "summary": Rule("text", required=True),
    "city": Rule("text"),
    "district": Rule("text"),
    "awards": Rule("text_list"),
    "fields": Rule("text_list"),
    "description": Rule("text"),
    "links": Rule("links"),
    "slug": Rule("text"),
    "draft": Rule("bool"),
}


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
    if not isinstance(document.value, list):
        problems.append(
            document.problem(
                (),
                "Der Katalog muss eine Liste von Projekten sein",
                "Jedes Projekt beginnt mit '- title: …' am Zeilenanfang.",
            )
        )
        return [], problems
    projects = []
    for index in range(len(document.value)):
        project, found = _load_project(document, index, action_fields, converter)
        problems += found
        if project:
            projects.append(project)
    problems += _check_unique(projects)
    return projects, problems


def _load_project(
    document: YamlDocument,
    index: int,
    action_fields: Mapping[str, Page | None],
    converter: MarkdownConverter,
) -> tuple[Project | None, list[Problem]]:
    values, problems = check_mapping(document, (index,), PROJECT_RULES)
    if "title" not in values or "summary" not in values:
        return None, problems
    slug = values.get("slug") or slugify(values["title"])
    if "slug" in values and not SLUG_PATTERN.match(slug):
        problems.append(
            document.problem(
                (index, "slug"),
                f"Ungültiger slug '{slug}'",
                f"Nur a–z, 0–9 und Bindestriche, z. B. '{slugify(slug)}'.",
            )
        )
    elif not slug:
        problems.append(
            document.problem(
                (index, "title"),
                "Aus dem Titel lässt sich keine Adresse bilden",
                "Geben Sie einen 'slug' an.",
            )
        )
    fields = []
    for position, name in enumerate(values.get("fields", [])):
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
    district = values.get("district", "")
    all_districts = " ".join(district.split()).casefold() == ALL_DISTRICTS
    for name in ("city", "district", "awards"):
        for position, text in enumerate(_as_list(values.get(name, []))):
            if not slugify(text):
                where = (index, name, position) if name == "awards" else (index, name)
                problems.append(
                    document.problem(
                        where,
                        f"Aus '{text}' lässt sich keine Adresse bilden",
                        "Der Name braucht mindestens einen Buchstaben oder eine Ziffer.",
                    )
                )
    line, column = document.position((index,))
    description, targets = "", list[str]()
    if "description" in values:
        description, targets = converter.convert(
            values["description"], f"projekte/{slug}/index.html"
        )
    description_origin = Origin(document.path, *document.position((index, "description")))
    project = Project(
        slug=slug,
        title=values["title"],
        summary=values["summary"],
        origin=Origin(document.path, line, column),
        city=values.get("city", ""),
        district="" if all_districts else district,
        all_districts=all_districts,
        awards=tuple(dict.fromkeys(Award(name) for name in values.get("awards", []))),
        fields=tuple(dict.fromkeys(fields)),
        description=description,
        links=values.get("links", ()),
        body_links=tuple(Link(url, url, description_origin) for url in targets),
        draft=values.get("draft", False),
        positions={
            name: Origin(document.path, *document.position((index, name))) for name in values
        },
    )
    return project, problems


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else value


def _known(label: str, names: Mapping[str, Any]) -> str:
    if not names:
        return f"Es gibt noch keine {label}; legen Sie content/handlungsfelder/<name>.md an."
    return f"Bekannte {label}: " + ", ".join(sorted(names)) + "."


def _check_unique(projects: list[Project]) -> list[Problem]:
    """Equal slugs would overwrite each other; differently spelt names would split an index."""
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
        names += [("awards", "Preis", award.name, (award.slug,)) for award in project.awards]
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
    return problems


def _problem(project: Project, message: str, hint: str, field: str = "") -> Problem:
    origin = project.positions.get(field, project.origin)
    return Problem(origin.path, origin.line, origin.column, message, hint)
