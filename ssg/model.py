"""The immutable site model that templates see, and where each thing is published.

Every output path is decided here, in one place: pages are published as
`<path>/index.html` so that servers show pretty URLs, and templates link to
them with relative hrefs that also work from a sub-path or from disk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePosixPath
from typing import Any

from ssg.slugs import slugify

ALL_DISTRICTS = "alle stadtteile"
# How a project can be honoured, from the highest distinction down.
AWARD_LEVELS = ("Preisträger", "Anerkennung", "engere Wahl", "Teilnahme")
_YEAR = re.compile(r"\b(19|20)\d\d\b")
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

    @property
    def slug(self) -> str:
        return PurePosixPath(self.source).stem


@dataclass(frozen=True)
class Award:
    """An award of one project: name, year and, if known, how it was honoured."""

    name: str
    year: int | None = None
    level: str = ""

    @property
    def title(self) -> str:
        """The award as people write it: "Preis Soziale Stadt 2004"."""
        if self.year is None or str(self.year) in self.name:
            return self.name
        return f"{self.name} {self.year}"

    @property
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


def parse_award(text: str) -> Award:
    """ "Preis Soziale Stadt 2004" → name "Preis Soziale Stadt", year 2004."""
    text = text.strip()
    trailing = _TRAILING_YEAR.fullmatch(text)
    if trailing:
        return Award(trailing.group(1), int(trailing.group(2)))
    found = _YEAR.search(text)
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
    positions: dict[str, Origin] = field(default_factory=dict, compare=False, repr=False)

    @property
    def path(self) -> str:
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
class District:
    """A Stadtteil, identified by its city and its name."""

    city: str
    name: str
    projects: tuple[Project, ...]

    @property
    def path(self) -> str:
        return district_path(self.city, self.name)


@dataclass(frozen=True)
class City:
    """A city with its districts, city-wide projects and projects without a district."""

    name: str
    districts: tuple[District, ...]
    city_wide: tuple[Project, ...]
    without_district: tuple[Project, ...]

    @property
    def path(self) -> str:
        return city_path(self.name)

    @property
    def project_count(self) -> int:
        listed = {p.slug for d in self.districts for p in d.projects}
        listed |= {p.slug for p in self.city_wide + self.without_district}
        return len(listed)


@dataclass(frozen=True)
class AwardIndex:
    """An award and the projects that carry it, with the level of each."""

    award: Award
    projects: tuple[Project, ...]

    def level_of(self, project: Project) -> str:
        return next((a.level for a in project.awards if a.slug == self.award.slug), "")

    @property
    def by_level(self) -> list[tuple[str, list[Project]]]:
        """Projects grouped by level, highest first; projects without a level last."""
        groups = [
            (level, [p for p in self.projects if self.level_of(p) == level])
            for level in (*AWARD_LEVELS, "")
        ]
        return [(level, projects) for level, projects in groups if projects]


@dataclass(frozen=True)
class ActionField:
    """An action-field page and the projects that belong to it."""

    page: Page
    projects: tuple[Project, ...]


@dataclass(frozen=True)
class Settings:
    """Site settings from data/site.yaml, after CLI overrides."""

    title: str = "Handbuch Soziale Stadt NRW"
    description: str = ""
    language: str = "de"
    base_url: str = ""
    navigation: tuple[Link, ...] = ()
    # Details for the legal pages: every field of the schema, "" where not given.
    operator: dict[str, str] = field(default_factory=dict)
    responsible_for_content: dict[str, str] = field(default_factory=dict)
    privacy: dict[str, str] = field(default_factory=dict)
    accessibility: dict[str, Any] = field(default_factory=dict)
    sign_language: dict[str, str] = field(default_factory=dict)
    open_data: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Site:
    """Everything the templates may see."""

    settings: Settings
    home: Page
    pages: tuple[Page, ...]
    action_fields: tuple[ActionField, ...]
    projects: tuple[Project, ...]
    cities: tuple[City, ...]
    unplaced: tuple[Project, ...]
    awards: tuple[AwardIndex, ...]
    section_intros: dict[str, Page] = field(default_factory=dict)
    show_drafts: bool = False
    folders: tuple[Folder, ...] = ()

    @cached_property
    def footer_pages(self) -> tuple[Page, ...]:
        """Pages directly in content/ (like Leichte Sprache); folders have their own lists.

        Cached: every page's footer asks for them."""
        return tuple(page for page in self.pages if page.source.count("/") == 1)


@dataclass(frozen=True)
class Folder:
    """A folder of pages in content/, listed on a page of its own (`/<folder>/`)."""

    name: str
    title: str
    pages: tuple[Page, ...]
    intro: Page | None = None

    @property
    def path(self) -> str:
        return folder_path(self.name)


# Where everything is published: every output path is decided here.
HOME = "index.html"
NOT_FOUND = "404.html"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
PROJECTS_JSON = "projekte.json"
PROJECTS_CSV = "projekte.csv"
SEARCH_FOLDER = "pagefind/"
# The overview pages made from templates, by path, with their titles.
SECTIONS = {
    "handlungsfelder/index.html": "Handlungsfelder",
    "projekte/index.html": "Projekte",
    "stadtteile/index.html": "Stadtteile",
    "preise/index.html": "Preise",
    "suche/index.html": "Suche",
    "impressum/index.html": "Impressum",
    "datenschutz/index.html": "Datenschutzerklärung",
    "barrierefreiheit/index.html": "Erklärung zur Barrierefreiheit",
    "gebaerdensprache/index.html": "Deutsche Gebärdensprache",
}
FIELDS_SECTION, PROJECTS_SECTION, PLACES_SECTION, AWARDS_SECTION = list(SECTIONS)[:4]
SIGN_LANGUAGE_SECTION = "gebaerdensprache/index.html"
# The folders the catalogue's pages are in: a catalogue that cannot be read makes none.
CATALOGUE_FOLDERS = ("projekte/", "stadtteile/", "preise/")


def project_path(slug: str) -> str:
    return f"projekte/{slug}/index.html"


def award_path(slug: str) -> str:
    return f"preise/{slug}/index.html"


def folder_path(name: str) -> str:
    """The list of a folder of pages, `content/<name>/`."""
    return f"{name}/index.html"


def page_path(source: str) -> str:
    """`content/a/b.md` → `a/b/index.html`; `index.md` files stay where they are."""
    relative = PurePosixPath(source).relative_to("content").with_suffix("")
    if relative.name == "index":
        return str(relative.parent / "index.html").removeprefix("./")
    return f"{relative}/index.html"


def city_path(city: str) -> str:
    return f"stadtteile/{slugify(city)}/index.html"


def district_path(city: str, district: str) -> str:
    return f"stadtteile/{slugify(city)}/{slugify(district)}/index.html"


def output_path_for_url(url: str) -> str:
    """`/projekte/` → `projekte/index.html`; `/robots.txt` stays a file."""
    path = url.split("#", 1)[0].split("?", 1)[0].lstrip("/")
    if not path or path.endswith("/"):
        return path + "index.html"
    if "." in PurePosixPath(path).name:
        return path
    return path + "/index.html"


def relative_href(from_path: str, to_path: str) -> str:
    """A link from one output file to another that works from any sub-path and from disk.

    Both are normalised output paths (`a/b/index.html`); plain string work here is
    ten times faster than posixpath.relpath, which asks the operating system for
    the working directory on every call, and every page has dozens of links.
    """
    target, _, fragment = to_path.partition("#")
    start = from_path.split("/")[:-1]
    parts = (target or from_path).split("/")
    common = 0
    while common < len(start) and common < len(parts) - 1 and start[common] == parts[common]:
        common += 1
    href = "/".join([".."] * (len(start) - common) + parts[common:])
    return href + (f"#{fragment}" if fragment else "")


def pretty_url(path: str) -> str:
    """`projekte/x/index.html` → `projekte/x/` for canonical and sitemap addresses."""
    return path.removesuffix("index.html")
