"""Group projects into the district, award and action-field indexes.

Pure functions: projects in, sorted index objects out. A district is
identified by city and name, so "Nordstadt" in Dortmund and in Hagen are two
entries; projects "für alle Stadtteile" are listed per city, never as a
district of their own; projects without a district are listed under their
city, and projects without a city under a heading of their own.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from operator import attrgetter

from ssg.indexes import ActionField, AwardIndex, City, District, TargetGroup
from ssg.model import Award, Page, Project
from ssg.slugs import folded, slugify, sort_key


def by_title(projects: Iterable[Project]) -> tuple[Project, ...]:
    """Projects in German alphabetical order of their titles."""
    return tuple(sorted(projects, key=_TITLE_ORDER))


_TITLE_ORDER = attrgetter("title_order")


def group_cities(
    projects: Iterable[Project], profiles: Mapping[tuple[str, str], Page] | None = None
) -> tuple[tuple[City, ...], tuple[Project, ...]]:
    """Cities in German order with their districts; and the projects without a city.

    `profiles` are the profile pages by (city slug, district slug; "" for the city's
    own): a profiled city or district has a page even without projects."""
    profiles = profiles or {}
    by_city: dict[str, list[Project]] = defaultdict(list)
    unplaced = []
    for project in projects:
        if project.city:
            by_city[slugify(project.city)].append(project)
        else:
            unplaced.append(project)
    for city, _district in profiles:
        by_city.setdefault(city, [])
    cities = [_city(slug, members, profiles) for slug, members in by_city.items()]
    return tuple(sorted(cities, key=lambda city: sort_key(city.name))), by_title(unplaced)


def _city(slug: str, projects: list[Project], profiles: Mapping[tuple[str, str], Page]) -> City:
    by_district: dict[str, list[Project]] = defaultdict(list)
    for project in projects:
        if project.district:
            by_district[slugify(project.district)].append(project)
    own = profiles.get((slug, ""))
    name = projects[0].city if projects else own.title if own else slug
    names = {district: members[0].district for district, members in by_district.items()}
    for city, district in profiles:
        if city == slug and district:
            names.setdefault(district, profiles[(city, district)].title)
    districts = [
        District(name, dname, by_title(by_district[d]), profiles.get((slug, d)))
        for d, dname in names.items()
    ]
    return City(
        name=name,
        districts=tuple(sorted(districts, key=lambda district: sort_key(district.name))),
        city_wide=by_title(p for p in projects if p.all_districts),
        without_district=by_title(p for p in projects if not p.district and not p.all_districts),
        page=own,
    )


def group_target_groups(projects: Iterable[Project]) -> tuple[TargetGroup, ...]:
    """Target groups in German order, each with its projects (spelt as first written)."""
    members: dict[str, list[Project]] = defaultdict(list)
    names: dict[str, str] = {}
    for project in projects:
        for name in project.target_groups:
            names.setdefault(slugify(name), name)
            members[slugify(name)].append(project)
    groups = [TargetGroup(names[slug], by_title(found)) for slug, found in members.items()]
    return tuple(sorted(groups, key=lambda group: sort_key(group.name)))


def group_awards(projects: Iterable[Project]) -> tuple[AwardIndex, ...]:
    """Awards newest year first (awards without a year last), then in German order."""
    by_award: dict[str, list[Project]] = defaultdict(list)
    awards: dict[str, Award] = {}
    for project in projects:
        for award in project.awards:
            slug = award.slug
            if slug not in awards:  # an Award made once, not for each project's
                awards[slug] = Award(award.name, award.year)
            by_award[slug].append(project)
    indexes = [AwardIndex(awards[slug], by_title(members)) for slug, members in by_award.items()]
    return tuple(sorted(indexes, key=_award_order))


def _award_order(index: AwardIndex) -> tuple[int, tuple[str, str]]:
    year = index.award.year
    return (-year if year is not None else 1, sort_key(index.award.title))


def group_action_fields(
    pages: Iterable[Page], projects: Iterable[Project]
) -> tuple[ActionField, ...]:
    """Action fields in their `order` (then title), each with its projects."""
    members: dict[str, list[Project]] = defaultdict(list)
    for project in projects:
        for page in project.fields:
            members[page.source].append(project)
    return tuple(ActionField(page, by_title(members[page.source])) for page in sort_pages(pages))


def sort_pages(pages: Iterable[Page]) -> list[Page]:
    """Pages with an `order` first (ascending), then the rest in German title order."""
    return sorted(
        pages,
        key=lambda page: (page.order is None, page.order or 0, sort_key(page.title), page.source),
    )


def awards_by_year(awards: Iterable[AwardIndex]) -> list[tuple[int | None, list[AwardIndex]]]:
    """Consecutive awards of one year together, keeping their (newest first) order."""
    groups: list[tuple[int | None, list[AwardIndex]]] = []
    for index in awards:
        if not groups or groups[-1][0] != index.award.year:
            groups.append((index.award.year, []))
        groups[-1][1].append(index)
    return groups


def by_initial(projects: Iterable[Project]) -> list[tuple[str, list[Project]]]:
    """Projects under their first letter (Ä under A); anything else under '#'."""
    groups: dict[str, list[Project]] = defaultdict(list)
    for project in projects:
        groups[_initial(project.title)].append(project)
    return sorted(groups.items(), key=lambda item: (item[0] == "#", item[0]))


@functools.lru_cache(maxsize=65536)
def _initial(title: str) -> str:
    """The letter a title is listed under: the first letter or digit of its sort key
    (`sort_key`), folded one character at a time up to it, as the list of all
    projects is grouped again in every build and after every edit in the preview."""
    for character in title:
        for base in folded(character):
            if base.isalnum() and not unicodedata.combining(base):
                return base.upper() if "a" <= base <= "z" else "#"
    return "#"
