"""The whole pipeline on one screen: load → assemble → plan → render → check links →
index → swap. Each step takes the previous step's result; nothing is shared."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ssg.cache import keep_pages, last_folders, open_cache, save_cache
from ssg.catalogue import load_catalogue
from ssg.config import load_settings
from ssg.errors import ContentError, Problem, errors_in
from ssg.folders import folders_made
from ssg.incremental import Kept
from ssg.links import check_links
from ssg.mapdata import load_shapes
from ssg.markdown import MarkdownConverter
from ssg.opendata import open_data
from ssg.output import staged_site
from ssg.pages import load_pages
from ssg.plan import plan_outputs
from ssg.search import search_index
from ssg.site import Sources, action_fields, assemble_site
from ssg.sources import Copied, copied_files, links_out_of, stylesheet, template_dirs
from ssg.strayfiles import stray_files
from ssg.workers import Progress, no_progress


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
    cache: bool = False  # keep work in .ssg-cache/ for the next build (cache.py)


@dataclass(frozen=True)
class BuildResult:
    """The files of the site, the warnings to show, and how many internal links were checked."""

    files: list[str]
    warnings: list[Problem]
    links_checked: int = 0
    base_url: str = ""  # empty: sitemap and 404 page can only use relative addresses
    notes: tuple[str, ...] = ()  # about the build cache, one line each

    @property
    def page_count(self) -> int:
        return sum(1 for path in self.files if path.endswith(".html"))


def build(options: BuildOptions) -> BuildResult:
    """Build the site and replace the output folder; on ContentError it stays as it was.

    With the build cache, the build starts from the last one's state and pages;
    the cache changes only after a successful build.
    """
    if not options.cache:
        with staged_site(options.output) as folder:
            return render_site(options, folder)
    with (
        staged_site(options.output) as folder,
        folders_made(str(folder), last_folders(options.source)) as made,
    ):
        opened = open_cache(options.source)  # while the helper makes the last build's folders
        kept, notes = opened.kept, [opened.note] if opened.note else []
        kept.folders = made
        result = render_site(options, folder, kept)
        notes += keep_pages(kept, folder)
    notes += save_cache(options.source, kept)
    return replace(result, notes=tuple(notes))


class Superseded(Exception):
    """A file the build read changed while the build ran: it may have been read half
    saved (the preview's, which then builds again when the save is done)."""


def render_site(
    options: BuildOptions,
    folder: Path,
    kept: Kept | None = None,
    as_read: Callable[[], bool] | None = None,
) -> BuildResult:
    """Build the site into the empty `folder`; raises ContentError.

    With `kept` (the preview's), `folder` holds the last build with it, and only
    what changed is read and rendered again (incremental.py); with `as_read`,
    nothing is rendered (Superseded is raised) unless it says the files are still
    as they were read. Whatever is valid
    is rendered even when sources have errors, so that broken links are
    reported in the same pass as everything else.
    """
    kept = kept if kept is not None else Kept()
    dirs = template_dirs(options.source)
    copied = copied_files(options.source, dirs)
    sources = load(options, kept, copied)
    if as_read is not None and not as_read():  # read half saved: go no further
        raise Superseded
    assembled = assemble_site(sources, options.drafts)
    site, problems = assembled.site, assembled.problems
    encoded = dict(kept.open_data)  # kept once rendering goes ahead
    data = open_data(site, encoded)
    earlier = {path: output for path, (output, _reads) in kept.written.items()}
    outputs, clashes = plan_outputs(site, copied, stylesheet(copied), data, earlier)
    problems += clashes
    if as_read is not None and not as_read():  # saved on meanwhile: before rendering too
        raise Superseded
    kept.open_data = encoded
    try:
        kept.render(site, outputs, dirs, folder, options.progress)
    except ContentError as error:
        raise ContentError([*problems, *error.problems]) from None
    files = sorted(output.path for output in outputs)
    links = check_links(site, set(files), folder, assembled.unbuilt, assembled.drafts)
    problems += links.problems
    if options.strict:
        problems = [problem.as_error() for problem in problems]
    if errors_in(problems):
        raise ContentError(problems)
    if options.search:
        options.progress("Suchindex erstellen", 0, 1)
        files = sorted([*files, *search_index(folder)])
    return BuildResult(files, sorted(problems), links.checked, site.settings.base_url)


def load(options: BuildOptions, kept: Kept, copied: Copied | None = None) -> Sources:
    """Read and validate settings, pages and catalogue; unchanged ones come from `kept`."""
    settings, problems = load_settings(options.source, options.base_url)
    problems += links_out_of(options.source) + stray_files(options.source, copied or {})
    converter = MarkdownConverter()
    pages, found = load_pages(options.source, converter, kept.pages)
    fields = action_fields(pages)
    catalogue = load_catalogue(options.source, fields, converter, options.progress, kept.entries)
    shapes, drawn = load_shapes(options.source)
    problems += [*found, *catalogue.problems, *drawn]
    return Sources(settings, pages, catalogue, problems, shapes, copied)
