"""One catalogue entry read into a `Project`: its fields checked, its action fields,
awards and description resolved, and what is probably not meant said.

What a schema cannot know is checked here: action fields that exist (and are
not drafts), names that can make an address, a district without a city,
placeholders of `ssg new`, award titles that are only numbers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ssg.errors import Problem, suggest
from ssg.markdown import Converted, MarkdownConverter
from ssg.model import (
    ALL_DISTRICTS,
    AWARD_LEVELS,
    YEAR,
    Award,
    Origin,
    Page,
    Project,
    award_from,
    parse_award,
    project_slug,
    year_spans,
)
from ssg.paths import project_path
from ssg.placeholders import is_angled, is_placeholder, placeholder_problem
from ssg.schema import Checked, items_at, links_at, list_at, text_at, value_at
from ssg.slugs import slugify
from ssg.sources import CATALOGUE
from ssg.spelling import one_slip
from ssg.yamlfile import YamlDocument


def read_project(
    document: YamlDocument,
    checked: Checked,
    index: int,
    action_fields: Mapping[str, Page | None],
    converter: MarkdownConverter,
) -> tuple[Project | None, list[Problem]]:
    def text(name: str) -> str:
        return text_at(document, checked, (index, name))

    title, summary = text("title"), text("summary")
    if not title and not text("slug"):
        return None, []
    problems: list[Problem] = []
    slug = project_slug(title, text("slug"))
    if not slug:
        problems.append(
            document.problem(
                (index, "title"),
                "Aus dem Titel lässt sich keine Adresse bilden",
                "Geben Sie einen 'slug' an.",
            )
        )
    draft = value_at(document, checked, (index, "draft")) is True
    fields = []
    for position, name in items_at(document, checked, (index, "fields")):
        if not isinstance(name, str):  # in an entry already reported (a key glued to '-')
            continue
        page = action_fields.get(name)
        if page is not None:
            fields.append(page)
            if page.draft and not draft:
                problems.append(_draft_field(document, (index, "fields", position), page))
        elif name not in action_fields:
            hint = suggest(name, action_fields) or _known("Handlungsfelder", action_fields)
            problems.append(
                document.problem(
                    (index, "fields", position), f"Unbekanntes Handlungsfeld '{name}'", hint
                )
            )
    awards, found = _awards(document, checked, index)
    problems += found
    district = text("district")
    all_districts = " ".join(district.split()).casefold() == ALL_DISTRICTS
    if district and not all_districts and _all_districts_meant(district):
        problems.append(
            document.problem(
                (index, "district"),
                f"Der Stadtteil '{district}' gleicht 'Alle Stadtteile': so bekommt er eine "
                "eigene Seite",
                "Für ein Projekt in allen Stadtteilen der Stadt schreiben Sie genau "
                "'district: Alle Stadtteile'.",
                severity="warning",
            )
        )
    if district and not all_districts and not text("city") and checked.ok((index, "city")):
        problems.append(
            document.problem(
                (index, "district"),
                f"Stadtteil '{district}' ohne Stadt: das Projekt erscheint auf keiner "
                "Stadtteilseite",
                "Ergänzen Sie 'city: …'. Ein Stadtteil gehört immer zu einer Stadt "
                "(Nordstadt gibt es in Dortmund und in Hagen).",
                severity="warning",
            )
        )
    for name in ("summary", "description") if not draft else ():
        if is_placeholder(text(name)):
            line, column = document.text_position((index, name))
            problems.append(placeholder_problem(CATALOGUE, line, column, text(name)))
    names: list[tuple[tuple[str | int, ...], str]] = [
        (("city",), text("city")),
        (("district",), district),
    ]
    names += [(("awards", position), award.title) for position, award in enumerate(awards)]
    groups, where = _target_groups(document, checked, index)
    names += [(at, name) for name, at in zip(groups, where, strict=True)]
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
    converted = Converted("")
    if text("description"):
        start = document.text_position((index, "description"))
        converted = converter.convert(text("description"), CATALOGUE, project_path(slug), start)
        problems += converted.problems
    first_line = document.position((index,))[0]

    def below_first_line(path: tuple[str | int, ...]) -> tuple[int, int]:
        line, column = document.position((index, *path))
        return line - first_line, column

    project = Project(
        slug=slug,
        title=title,
        summary=summary,
        origin=Origin(document.path, *document.position((index,))),
        city=text("city"),
        district="" if all_districts else district,
        all_districts=all_districts,
        awards=awards,
        fields=tuple(dict.fromkeys(fields)),
        description=converted.html,
        links=links_at(document, checked, (index, "links")),
        references=converted.references,
        draft=draft,
        target_groups=groups,
        positions=_shared(
            {
                **{name: below_first_line((name,)) for name in document.value[index]},
                **{
                    f"target_groups.{number}": below_first_line(path)
                    for number, path in enumerate(where)
                },
            }
        ),
    )
    if not draft:
        problems += _angled_placeholders(project)
    return project, problems


# Entries written alike have equal positions (lines below the entry's first): at
# 5,000 projects, some hundred different ones. Each is held once, so the build cache
# stores, and each process holds, a hundred dictionaries instead of 5,000 (and some
# 60,000 small tuples fewer). Never changed once made: shared by many projects.
_POSITIONS: dict[tuple[tuple[str, tuple[int, int]], ...], dict[str, tuple[int, int]]] = {}


def _shared(positions: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    if len(_POSITIONS) > 10_000:  # a long preview session: start over, not grow on
        _POSITIONS.clear()
    return _POSITIONS.setdefault(tuple(positions.items()), positions)


def _target_groups(
    document: YamlDocument, checked: Checked, index: int
) -> tuple[tuple[str, ...], list[tuple[str | int, ...]]]:
    """The project's target groups (each once) and where each is written."""
    at = (index, "target_groups")
    raw = value_at(document, checked, at)
    groups: dict[str, tuple[str | int, ...]] = {}
    for position, name in enumerate(list_at(document, checked, at)):
        if isinstance(name, str) and name.strip():
            groups.setdefault(
                name.strip(),
                ("target_groups", position) if isinstance(raw, list) else ("target_groups",),
            )
    return tuple(groups), list(groups.values())


def _angled_placeholders(project: Project) -> list[Problem]:
    """Warnings for `<Stadt>` and the like of `ssg new project`, left in a published entry."""
    values = [(name, getattr(project, name)) for name in ("title", "summary", "city")]
    values += [("district", project.district)]
    values += [("awards", award.title) for award in project.awards]
    values += [(f"target_groups.{n}", name) for n, name in enumerate(project.target_groups)]
    found = [(project.position(name), value) for name, value in values if is_angled(value)]
    found += [
        (link.origin, text)
        for link in project.links
        for text in (link.title, link.url)
        if is_angled(text)
    ]
    return [placeholder_problem(o.path, o.line, o.column, value) for o, value in found]


def _awards(
    document: YamlDocument, checked: Checked, index: int
) -> tuple[tuple[Award, ...], list[Problem]]:
    """The awards of one project; the same award twice is merged if the levels agree."""
    at = (index, "awards")
    raw = value_at(document, checked, at)
    awards: dict[str, Award] = {}
    problems = []
    for position, item in enumerate(list_at(document, checked, at)):
        where = (*at, position) if isinstance(raw, list) else at
        award = award_from(item)
        if isinstance(item, str):
            problems += _more_than_an_award(document, where, item.strip())
        else:
            named = parse_award(item["name"]).year
            if named is not None and named != award.year:
                problems.append(
                    document.problem(
                        (*where, "name"),
                        f"Der Name '{item['name'].strip()}' nennt das Jahr {named}, 'year' "
                        f"aber {award.year}",
                        "Schreiben Sie den Namen ohne Jahr; das Jahr steht in 'year'.",
                    )
                )
        if award.title.replace(" ", "").isdigit():
            problems.append(
                document.problem(
                    where,
                    f"Der Preis '{award.title}' ist nur eine Zahl",
                    "Schreiben Sie den vollen Namen des Preises, z. B. "
                    f"Preis Soziale Stadt {award.title}.",
                    severity="warning",
                )
            )
        earlier = awards.get(award.slug)
        if earlier and earlier.level and award.level and earlier.level != award.level:
            problems.append(
                document.problem(
                    where,
                    f"'{award.title}' steht zweimal da, mit den Stufen '{earlier.level}' und "
                    f"'{award.level}'",
                    "Ein Projekt hat jede Auszeichnung nur einmal; löschen Sie einen Eintrag.",
                )
            )
        elif not earlier or award.level:
            awards[award.slug] = award
    return tuple(awards.values()), problems


def _more_than_an_award(
    document: YamlDocument, at: tuple[str | int, ...], text: str
) -> list[Problem]:
    """'Preis Soziale Stadt 2004 (Anerkennung)' or '… 2004/2005': a level or a second
    year in the award's name makes an award page of its own, and the project is
    missing from the award's page."""
    year = YEAR.search(text)
    if year is None:
        return []
    after = text[year.end() :]
    level = next((level for level in AWARD_LEVELS if _word(level).search(after)), None)
    if level is None and not year_spans(text):
        return []
    name = _word(level).sub("", text) if level else text
    for span in year_spans(name):
        name = name.replace(span, "")
    name = " ".join(YEAR.sub("", name).replace("()", "").strip(" -–,/()").split())
    fields = f"'name: {name}', 'year: {year.group()}'"
    hint = (
        f"Schreiben Sie den Preis mit seinen Angaben in eigenen Zeilen: {fields} und "
        f"'level: {level}' (Abschnitt „Alle Felder eines Projekts“)."
        if level
        else f"Ein Preis hat ein Jahr: schreiben Sie das, das die Quelle nennt, etwa {fields}."
    )
    what = f"die Stufe '{level}'" if level else "zwei Jahre"
    message = f"Der Preis '{text}' nennt {what}: so bekommt er eine eigene Seite"
    return [document.problem(at, message, hint, severity="warning")]


def _word(text: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(text)}\b", re.IGNORECASE)


def _known(label: str, names: Mapping[str, Any]) -> str:
    if not names:
        return f"Es gibt noch keine {label}; legen Sie content/handlungsfelder/<name>.md an."
    return f"Bekannte {label}: " + ", ".join(sorted(names)) + "."


def _draft_field(document: YamlDocument, at: tuple[str | int, ...], page: Page) -> Problem:
    return document.problem(
        at,
        f"Das Handlungsfeld '{page.slug}' ist ein Entwurf: veröffentlicht fehlt das Projekt dort",
        f"Löschen Sie 'draft: true' in {page.source}, wenn das Handlungsfeld fertig ist, "
        "oder nehmen Sie es hier heraus.",
        severity="warning",
    )


def _all_districts_meant(district: str) -> bool:
    """'Alle Stadtteile.' or 'Alle Stadteile': the special name, but for a slip."""
    slug = slugify(district)
    return slug == slugify(ALL_DISTRICTS) or one_slip(slug, slugify(ALL_DISTRICTS))
