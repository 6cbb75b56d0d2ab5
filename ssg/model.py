"""The immutable model of what was read (pages, profiles, projects, settings) that
templates see; the indexes of the assembled site are in indexes.py, and where each
thing is published is decided in paths.py."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePosixPath
from typing import Any

from ssg.paths import (
    award_path,
    city_path,
    district_path,
    output_path_for_url,
    project_path,
    target_group_path,
)
from ssg.slugs import slugify, sort_key

ALL_DISTRICTS = "alle stadtteile"
# How a project can be honoured, from the highest distinction down.
AWARD_LEVELS = ("Preisträger", "Anerkennung", "engere Wahl", "Teilnahme")
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_YEAR_SPAN = re.compile(r"\b((?:19|20)\d\d)\s*(?:/|–|-|bis)\s*((?:19|20)?\d\d)\b(?![-./]\d)")
_TRAILING_YEAR = re.compile(r"(.*\S)\s+((?:19|20)\d\d)")


@dataclass(frozen=True, order=True)
class Origin:
    """Where something was written in the sources, for error messages."""

    path: str
    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class Reference:
    """An internal link found in the sources, to be checked against the built site."""

    url: str  # as written
    target: str  # output path with '#fragment'; empty if it leads out of the sources
    origin: Origin = field(compare=False)  # where it is written matters for messages only


@dataclass(frozen=True)
class Link:
    """A link from `links:` lists or the navigation."""

    title: str
    url: str
    origin: Origin = field(default=Origin(""), compare=False)

    @property
    def internal_path(self) -> str | None:
        """The output path an internal link (`/projekte/`) points to, else None."""
        return output_path_for_url(self.url) if self.url.startswith("/") else None

    @property
    def reference(self) -> Reference | None:
        """This link as a reference to check, if it is internal."""
        if self.internal_path is None:
            return None
        fragment = self.url.partition("#")[2]
        return Reference(
            self.url, self.internal_path + (f"#{fragment}" if fragment else ""), self.origin
        )


@dataclass(frozen=True)
class Page:
    """A Markdown page from content/."""

    source: str
    path: str
    title: str
    body: str
    description: str = ""
    order: int | None = None
    draft: bool = False
    links: tuple[Link, ...] = ()
    references: tuple[Reference, ...] = ()
    easy_read: bool = False
    profile: Profile | None = None  # the facts of a district's or city's profile

    @property
    def slug(self) -> str:
        return PurePosixPath(self.source).stem


@dataclass(frozen=True)
class Contact:
    """A contact person of a programme area; everything but the name is optional."""

    name: str
    role: str = ""
    organisation: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""


@dataclass(frozen=True)
class Download:
    """A file offered for download on a profile: its title and where it is published."""

    title: str
    path: str  # output path of the file, e.g. stadtteile/dortmund/konzept.pdf


@dataclass(frozen=True)
class Profile:
    """What a profile in content/stadtteile/ says of its area beyond title and text."""

    status: str = ""  # "laufend", "abgeschlossen" or not given
    since: int | None = None
    until: int | None = None
    location: tuple[float, float] | None = None  # latitude, longitude (WGS84)
    contacts: tuple[Contact, ...] = ()
    downloads: tuple[Download, ...] = ()
    # Where `title` and `location` are written, for messages.
    positions: dict[str, Origin] = field(default_factory=dict, compare=False, repr=False)

    @property
    def status_text(self) -> str:
        """'laufendes Programmgebiet seit 2008', 'abgeschlossen, 2000–2014', …"""
        years = (
            f"{self.since}–{self.until}"
            if self.since and self.until
            else f"seit {self.since}"
            if self.since
            else f"bis {self.until}"
            if self.until
            else ""
        )
        if self.status == "laufend":
            return "laufendes Programmgebiet" + (f" {years}" if years else "")
        if self.status == "abgeschlossen":
            return "abgeschlossen" + (f", {years.removeprefix('seit ')}" if years else "")
        return f"Programmgebiet {years}" if years else ""


@dataclass(frozen=True)
class Award:
    """An award of one project: name, year and, if known, how it was honoured."""

    name: str
    year: int | None = None
    level: str = ""

    # Kept once computed: every award of every project is looked at after each edit.
    @cached_property
    def title(self) -> str:
        """The award as people write it: "Preis Soziale Stadt 2004"."""
        if self.year is None or str(self.year) in self.name:
            return self.name
        return f"{self.name} {self.year}"

    @cached_property
    def slug(self) -> str:
        return slugify(self.title)

    @property
    def path(self) -> str:
        return award_path(self.slug)


def award_from(item: str | dict[str, Any]) -> Award:
    """An award as the catalogue writes it: 'Preis Soziale Stadt 2004', or name/year/level."""
    if isinstance(item, str):
        return parse_award(item)
    year = int(item["year"])  # the schema also accepts 2004.0
    name = str(item["name"]).strip()
    return Award(name.removesuffix(str(year)).strip(), year, item.get("level", ""))


def project_slug(title: str, slug: str = "") -> str:
    """A project's address part: its own `slug`, or one made from its title."""
    return slug or slugify(title)


def year_spans(text: str) -> list[str]:
    """'2010/2011', '2010-11', '2010 bis 2011' in `text`: one thing over two years (not
    a date, 2012-01-01, nor '2010 - 25 Jahre')."""
    spans = []
    for found in _YEAR_SPAN.finditer(text):
        first, second = int(found[1]), found[2]
        later = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
        if 0 < later - first <= 2:
            spans.append(found.group())
    return spans


def parse_award(text: str) -> Award:
    """ "Preis Soziale Stadt 2004" → name "Preis Soziale Stadt", year 2004."""
    text = text.strip()
    trailing = _TRAILING_YEAR.fullmatch(text)
    if trailing:
        return Award(trailing.group(1), int(trailing.group(2)))
    found = YEAR.search(text)
    return Award(text, int(found.group()) if found else None)


@dataclass(frozen=True)
class Project:
    """One catalogue entry, validated, with its action fields resolved."""

    slug: str
    title: str
    summary: str
    origin: Origin = field(compare=False)  # not shown: moving an entry changes no page
    city: str = ""
    district: str = ""
    all_districts: bool = False
    awards: tuple[Award, ...] = ()
    fields: tuple[Page, ...] = ()
    description: str = ""
    links: tuple[Link, ...] = ()
    references: tuple[Reference, ...] = ()
    draft: bool = False
    target_groups: tuple[str, ...] = ()
    # Where each field is written, as (lines below `origin`, column): an entry that
    # moves in the file keeps them (see `position`).
    positions: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False, repr=False)

    def position(self, name: str) -> Origin:
        """Where the field `name` (or `target_groups.<n>`) is written; else the entry."""
        at = self.positions.get(name)
        if at is None:
            return self.origin
        return Origin(self.origin.path, self.origin.line + at[0], at[1])

    @cached_property
    def title_order(self) -> str:
        """Its place in German order of titles; kept, as lists are sorted after every
        preview edit. One string, ordered as the tuple (sort key, slug) would be ("\0"
        comes before any character a title may have), compares several times faster."""
        return "\0".join((*sort_key(self.title), self.slug))

    @cached_property
    def names(self) -> tuple[Any, ...]:
        """Everything the checks of addresses and spellings read of a project without
        problems (spelling.py): catalogues whose projects name the same find the same."""
        awards = tuple(award.title for award in self.awards)
        return (self.slug, self.city, self.district, awards, self.target_groups)

    @property
    def target_group_links(self) -> tuple[tuple[str, str], ...]:
        """Each target group with the path of its page."""
        return tuple((name, target_group_path(slugify(name))) for name in self.target_groups)

    @cached_property
    def path(self) -> str:
        """Kept once computed: planning and link checks ask for every project's path
        after each preview edit."""
        return project_path(self.slug)

    @property
    def city_path(self) -> str | None:
        return city_path(self.city) if self.city else None

    @property
    def district_path(self) -> str | None:
        if self.city and self.district:
            return district_path(self.city, self.district)
        return None


@dataclass(frozen=True)
class Settings:
    """Site settings from data/site.yaml, after CLI overrides."""

    title: str = "Handbuch Soziale Stadt NRW"
    description: str = ""
    language: str = "de"
    base_url: str = ""
    navigation: tuple[Link, ...] = ()
    map_sources: tuple[str, ...] = ()  # where the profiles' locations come from
    # Details for the legal pages: every field of the schema, "" where not given.
    operator: dict[str, str] = field(default_factory=dict)
    responsible_for_content: dict[str, str] = field(default_factory=dict)
    privacy: dict[str, str] = field(default_factory=dict)
    accessibility: dict[str, Any] = field(default_factory=dict)
    sign_language: dict[str, str] = field(default_factory=dict)
    open_data: dict[str, str] = field(default_factory=dict)
