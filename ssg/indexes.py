"""The assembled site that templates see: the projects indexed by place, award,
target group and action field, the folders of pages, and the `Site` itself
(made by site.py from what model.py holds)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from ssg.model import AWARD_LEVELS, Award, Page, Profile, Project, Settings
from ssg.paths import city_path, district_path, folder_path, target_group_path
from ssg.slugs import slugify

if TYPE_CHECKING:  # mapdata reads the cities of this model
    from ssg.mapdata import Shapes


@dataclass(frozen=True)
class District:
    """A Stadtteil, identified by its city and its name."""

    city: str
    name: str
    projects: tuple[Project, ...]
    page: Page | None = None  # its profile, content/stadtteile/<city>/<district>.md

    @property
    def path(self) -> str:
        return district_path(self.city, self.name)

    @property
    def profile(self) -> Profile:
        return self.page.profile or Profile() if self.page else Profile()


@dataclass(frozen=True)
class City:
    """A city with its districts, city-wide projects and projects without a district."""

    name: str
    districts: tuple[District, ...]
    city_wide: tuple[Project, ...]
    without_district: tuple[Project, ...]
    page: Page | None = None  # its profile, content/stadtteile/<city>/index.md

    @property
    def profile(self) -> Profile:
        return self.page.profile or Profile() if self.page else Profile()

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
class TargetGroup:
    """A target group (Zielgruppe) and the projects that address it."""

    name: str
    projects: tuple[Project, ...]

    @property
    def slug(self) -> str:
        return slugify(self.name)

    @property
    def path(self) -> str:
        return target_group_path(self.slug)


@dataclass(frozen=True)
class ActionField:
    """An action-field page and the projects that belong to it."""

    page: Page
    projects: tuple[Project, ...]


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
    target_groups: tuple[TargetGroup, ...] = ()
    map_shapes: Shapes | None = None  # the outline and areas of the map
    file_sizes: dict[str, int] = field(default_factory=dict)  # content/'s files by output path

    @cached_property
    def footer_pages(self) -> tuple[Page, ...]:
        """Pages directly in content/ (like Leichte Sprache); folders have their own lists.

        Cached: every page's footer asks for them."""
        return tuple(page for page in self.pages if page.source.count("/") == 1)

    @cached_property
    def footer_links(self) -> tuple[tuple[str, str], ...]:
        """(title, path) of the footer's pages and folders: what every page's footer
        reads, so that editing a page's text does not make every page stale."""
        items: tuple[Page | Folder, ...] = (*self.footer_pages, *self.folders)
        return tuple((item.title, item.path) for item in items)


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
