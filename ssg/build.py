"""The whole pipeline on one screen: load → validate → model → render → write."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import jinja2

from ssg.catalogue import CATALOGUE, EntryCache, load_catalogue
from ssg.config import load_settings
from ssg.content import MarkdownConverter, PageCache, links_out_of, load_pages
from ssg.errors import ContentError, Problem, errors_in
from ssg.links import check_references, references_in
from ssg.model import Folder, Origin, Page, Project, Site, page_path
from ssg.opendata import EncodedProjects
from ssg.output import staged_site
from ssg.plan import (
    GENERATED_PAGES,
    ITEM_TEMPLATES,
    Output,
    copied_files,
    files_below,
    plan_outputs,
    template_dirs,
)
from ssg.render import make_environment, render_outputs
from ssg.search import search_index
from ssg.taxonomy import by_title, group_action_fields, group_awards, group_cities, sort_pages
from ssg.workers import Progress, no_progress

FIELDS_FOLDER = "content/handlungsfelder/"
SECTION_PAGES = tuple(GENERATED_PAGES)


@dataclass(frozen=True)
class BuildOptions:
    """What the command line asks for."""

    source: Path
    output: Path
    base_url: str | None = None
    drafts: bool = False
    strict: bool = False
    progress: Progress = no_progress
    search: bool = True


@dataclass(frozen=True)
class BuildResult:
    """The files of the site, the warnings to show, and how many internal links were checked."""

    files: list[str]
    warnings: list[Problem]
    links_checked: int = 0
    base_url: str = ""  # empty: sitemap and 404 page can only use relative addresses

    @property
    def page_count(self) -> int:
        return sum(1 for path in self.files if path.endswith(".html"))


def build(options: BuildOptions) -> BuildResult:
    """Build the site and replace the output folder; on ContentError it stays as it was."""
    with staged_site(options.output) as folder:
        return render_site(options, folder)


def render_site(options: BuildOptions, folder: Path) -> BuildResult:
    """Build the site into the empty `folder`, with its search index; raises ContentError."""
    result = update_site(options, folder, BuildState())
    if not options.search:
        return result
    options.progress("Suchindex erstellen", 0, 1)
    return replace(result, files=sorted([*result.files, *search_index(folder)]))


@dataclass
class BuildState:
    """What the preview keeps between builds, so that an edit costs what it changes."""

    pages: PageCache = field(default_factory=dict)
    entries: EntryCache = field(default_factory=EntryCache)
    written: dict[str, Output] = field(default_factory=dict)  # what the folder holds
    chrome: tuple[Any, ...] = ()  # what every page shows: settings, footer, navigation
    whole_site: tuple[Any, ...] = ()  # what the lists of everything show
    templates: dict[str, tuple[int, int]] = field(default_factory=dict)
    environment: jinja2.Environment | None = None  # compiled templates, while unchanged
    open_data: EncodedProjects = field(default_factory=dict)


def update_site(options: BuildOptions, folder: Path, state: BuildState) -> BuildResult:
    """Bring `folder`, the output of the last build with `state` (or an empty folder
    and a new state), up to date; raises ContentError.

    Only outputs whose plan differs from the one written are rendered, and files
    no longer planned are removed. Templates that read the whole site are
    rendered again when the site changed; every output when the templates or
    what every page shows changed. Even when the sources have errors, whatever
    is valid is rendered, so that broken links are reported in the same pass as
    everything else; links into parts of the site that could not be built from
    broken sources are skipped.
    """
    loaded = load_site(options, state)
    site, problems = loaded.site, loaded.problems
    dirs = template_dirs(options.source)
    templates = _stamps(dirs)
    chrome = (site.settings, site.footer_pages, site.folders, site.show_drafts)
    whole_site = (site.pages, site.projects, site.section_intros)
    environment = state.environment
    if environment is None or templates != state.templates:
        environment = state.environment = make_environment(dirs)
    if templates != state.templates or chrome != state.chrome:
        state.written = {}
    site_changed = whole_site != state.whole_site  # once: it compares every project
    changed = [
        index
        for index, output in enumerate(loaded.outputs)
        if state.written.get(output.path) != output
        or (site_changed and output.template and output.template not in ITEM_TEMPLATES)
    ]
    planned = {output.path: output for output in loaded.outputs}
    for path in state.written.keys() - planned.keys():
        _remove(folder, path)
    replace_files = any(folder.iterdir())  # readers of the preview never see half a file
    state.written, state.chrome, state.whole_site = {}, (), ()  # until rendering succeeds
    try:
        render_outputs(
            site,
            loaded.outputs,
            dirs,
            folder,
            options.progress,
            changed,
            replace_files,
            environment,
        )
    except ContentError as error:
        raise ContentError([*problems, *error.problems]) from None
    state.written, state.chrome, state.whole_site = planned, chrome, whole_site
    state.templates = templates
    references = [r for r in references_in(site) if not r.target.startswith(loaded.unbuilt)]
    problems += check_references(
        references, set(planned), lambda p: (folder / p).read_bytes(), loaded.drafts
    )
    _raise_if_failing(problems, options.strict)
    return BuildResult(sorted(planned), sorted(problems), len(references), site.settings.base_url)


def _remove(folder: Path, path: str) -> None:
    """Delete an output file, and the folders it leaves empty."""
    (folder / path).unlink(missing_ok=True)
    for parent in (folder / path).parents:
        if parent == folder or not parent.is_relative_to(folder) or any(parent.iterdir()):
            return
        parent.rmdir()


def _stamps(dirs: list[Path]) -> dict[str, tuple[int, int]]:
    """Modification time and size of every template file."""
    stamps = {}
    for file in (file for directory in dirs for file in files_below(directory)):
        status = file.stat()
        stamps[str(file)] = (status.st_mtime_ns, status.st_size)
    return stamps


@dataclass(frozen=True)
class LoadedSite:
    """The site made of every valid source, the outputs planned for it, and all problems."""

    site: Site
    outputs: list[Output]
    problems: list[Problem]
    unbuilt: tuple[str, ...]  # output paths (prefixes) that sources with errors would make
    drafts: frozenset[str] = frozenset()  # output paths of drafts left out of this build


def load_site(options: BuildOptions, state: BuildState | None = None) -> LoadedSite:
    """Read and validate all sources; raise ContentError only without a home page.

    With the `state` of earlier builds, unchanged pages and catalogue entries
    are taken from its caches.
    """
    settings, problems = load_settings(options.source, options.base_url)
    problems += links_out_of(options.source)
    converter = MarkdownConverter()
    state = state or BuildState()
    loaded, found = load_pages(options.source, converter, state.pages)
    problems += found
    pages = [page for page in loaded.values() if page is not None]
    home = loaded.get("content/index.md")
    if "content/index.md" not in loaded:
        problems.append(
            Problem(
                "content/index.md",
                1,
                1,
                "Die Startseite content/index.md fehlt",
                "Legen Sie die Datei mit einem Vorspann (title: …) an.",
            )
        )
    field_pages = {
        Path(source).stem: page for source, page in loaded.items() if _is_action_field(source)
    }
    catalogue = load_catalogue(
        options.source, field_pages, converter, options.progress, state.entries
    )
    problems += catalogue.problems
    projects = catalogue.projects
    if home is None:
        raise ContentError(problems)

    drafts: frozenset[str] = frozenset()
    if not options.drafts:
        drafts = frozenset(p.path for p in pages if p.draft)
        drafts |= {p.path for p in projects if p.draft}
        pages = [page for page in pages if not page.draft]
        projects = [_without_draft_fields(p) for p in projects if not p.draft]
    if not projects and not errors_in(catalogue.problems):
        problems.append(_empty_catalogue(catalogue.projects))
    projects = list(by_title(projects))
    cities, unplaced = group_cities(projects)
    plain = sort_pages(p for p in pages if _is_plain(p))
    site = Site(
        settings=settings,
        home=home,
        pages=tuple(plain),
        folders=_folders(plain, pages),
        action_fields=group_action_fields(
            (p for p in pages if _is_action_field(p.source)), projects
        ),
        projects=tuple(projects),
        cities=cities,
        unplaced=unplaced,
        awards=group_awards(projects),
        section_intros={p.path: p for p in pages if p.path in SECTION_PAGES},
        show_drafts=options.drafts,
    )
    copied = copied_files(options.source, template_dirs(options.source))
    outputs, clashes = plan_outputs(site, copied, state.open_data)
    unbuilt = [page_path(source) for source, page in loaded.items() if page is None]
    unbuilt_paths = (*unbuilt, *catalogue.unbuilt)
    return LoadedSite(site, outputs, problems + clashes, unbuilt_paths, drafts)


def _is_action_field(source: str) -> bool:
    name = source.removeprefix(FIELDS_FOLDER)
    return source.startswith(FIELDS_FOLDER) and "/" not in name and name != "index.md"


def _is_plain(page: Page) -> bool:
    return (
        page.source != "content/index.md"
        and not _is_action_field(page.source)
        and (page.path not in SECTION_PAGES)
        and not _is_folder_intro(page.source)
    )


def _is_folder_intro(source: str) -> bool:
    """content/<folder>/index.md introduces the list of the folder's pages."""
    parts = source.split("/")
    return len(parts) == 3 and parts[2] == "index.md" and not _is_action_field(source)


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
        if f"{name}/index.html" not in SECTION_PAGES
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
    return replace(project, fields=tuple(page for page in project.fields if not page.draft))


def _raise_if_failing(problems: list[Problem], strict: bool) -> None:
    if strict:
        problems[:] = [problem.as_error() for problem in problems]
    if errors_in(problems):
        raise ContentError(problems)
