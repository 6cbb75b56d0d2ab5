"""What the preview keeps between builds, and the choice of what to render again.

The contract, in one place: an output is rendered again when
- its plan (path, template, title, crumbs, context: the whole `Output`) differs
  from the one last written, or
- any part of the site it read while rendering differs from the site it was
  rendered from (templates.py notes every read of `site`, `settings`, `href`
  and the page list, whatever template, macro or include makes it), or
- a template file changed (then everything is rendered again).
Nothing else reaches a template: its context holds the plan and those tracked
names, filters and globals are pure, and list entries (`project_item`) see only
their project. So the preview equals a fresh build by construction, whatever
a customised template reads; tests/test_incremental.py checks it on random edits.
One exception is made on purpose: where in the catalogue or a page a thing is
written (`origin`, `positions`) counts for messages only, is not compared, and
must not be shown by a template (moving an entry changes no page).

Reading is kept the same way: a page by its text, a catalogue entry by its
text and action fields (pages.py, catalogue.py); open data by project.
`ssg build` keeps the same state on disk between builds (cache.py); template
files are then compared by content, so that a fresh checkout keeps it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from ssg.catalogue import EntryCache
from ssg.entries import Pieces, keep_entry_html, packed, remember_pieces, unpacked
from ssg.folders import FolderMaker
from ssg.indexes import Site
from ssg.model import Project
from ssg.opendata import EncodedProjects
from ssg.pages import PageCache
from ssg.pagestore import PageStore
from ssg.plan import Output
from ssg.render import RenderJob, render_outputs, sitemap_pages
from ssg.sources import template_digests
from ssg.templates import Reads, make_environment
from ssg.workers import Progress


@dataclass
class Kept:
    """Everything a preview keeps between builds; a new one for every fresh build."""

    pages: PageCache = field(default_factory=dict)
    entries: EntryCache = field(default_factory=EntryCache)
    open_data: EncodedProjects = field(default_factory=dict)
    templates: dict[str, str] = field(default_factory=dict)
    environment: jinja2.Environment | None = None  # compiled templates, while unchanged
    written: dict[str, tuple[Output, Reads]] = field(default_factory=dict)  # the folder's files
    site: Site | None = None  # what the written files were rendered from
    sitemap: list[str] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)  # what the last build wrote anew
    # With the build cache (cache.py): each page's name in its page store; a build then
    # starts with an empty folder and takes unchanged pages from the store.
    stored: dict[str, str] = field(default_factory=dict)
    store: PageStore | None = None
    folders: FolderMaker | None = None  # making the last build's folders (folders.py)
    damaged: list[str] = field(default_factory=list)  # kept pages that had to be rendered
    compiled: dict[str, bytes] = field(default_factory=dict)  # templates, for the cache
    checks: dict[str, bytes] = field(default_factory=dict)  # schema checks (schema.py), too
    # The preview's: it renders again after every edit, so list entries are kept as
    # HTML too (entries.py); a build renders each only once in a folder.
    again: bool = False
    # List entries with stand-ins (entries.py) for the build cache, by (slug, level).
    entry_pieces: dict[tuple[str, int], tuple[Project, Pieces]] = field(default_factory=dict)

    def __getstate__(self) -> dict[str, Any]:
        """What the build cache stores: not the compiled environment or the page store.
        The open data's lines are kept: unchanged projects come back as the very
        objects the catalogue entries hold, so only edited ones are encoded again."""
        pieces = {
            key: (project, packed(kept)) for key, (project, kept) in self.entry_pieces.items()
        }
        return {
            **self.__dict__,
            "environment": None,
            "store": None,
            "folders": None,
            "entry_pieces": pieces,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        pieces = state["entry_pieces"]
        self.__dict__.update(state)
        self.entry_pieces = {
            key: (project, unpacked(kept)) for key, (project, kept) in pieces.items()
        }

    def render(
        self,
        site: Site,
        outputs: list[Output],
        dirs: list[Path],
        folder: Path,
        progress: Progress,
    ) -> None:
        """Bring `folder` (the output of the last build with this, or an empty folder)
        up to date with `outputs`: render what changed, remove what is no longer planned.
        With `store` (the build cache), `folder` is empty but for the folders the
        `folders` helper makes ahead (those in the way of a file are removed first,
        those left unused after), and what did not change is taken from the store.
        Raises ContentError for template errors; the next build then renders
        everything."""
        stamps = template_digests(dirs)
        if stamps != self.templates:
            self.environment, self.templates, self.written = None, stamps, {}
            self.entry_pieces = {}
        if self.environment is None:  # a new preview, or one from the build cache
            self.environment = make_environment(dirs)
            remember_pieces(self.environment, self.entry_pieces)
            if self.again:
                keep_entry_html(self.environment)
        sitemap = sitemap_pages(outputs, site.show_drafts)
        differs = _Differences(self.site, site, self.sitemap, sitemap)
        selected = [
            index
            for index, output in enumerate(outputs)
            if _stale(self.written.get(output.path), output, differs)
        ]
        self.rendered = [outputs[index].path for index in selected]
        planned = {output.path: output for output in outputs}
        restore: dict[str, str] = {}
        if self.store is not None:  # an empty folder: take from the store what is unchanged
            stale = set(self.rendered)
            restore = {p: self.stored[p] for p in planned.keys() - stale if p in self.stored}
            selected = list(range(len(outputs)))
        else:
            for path in self.written.keys() - planned.keys():
                _remove(folder, path)
        if self.folders is not None:
            self.folders.give_way(planned)
        # Readers of the preview never see half a file; a build's folder has no readers.
        replace = self.store is None and any(folder.iterdir())
        before, self.written, self.site = self.written, {}, None  # until rendering succeeds
        rendering = RenderJob(
            site,
            outputs,
            dirs,
            self.environment,
            folder,
            selected,
            replace,
            self.store,
            restore,
            self.folders,
            pages=sitemap,
        )
        rendered = render_outputs(rendering, progress)
        if self.folders is not None:
            self.folders.tidy(planned)
        # Pages the store lacked or had damaged were rendered too.
        self.rendered, self.damaged = sorted({*self.rendered, *rendered.reads}), rendered.damaged
        same: dict[Reads, Reads] = {}  # one object for equal reads: a smaller build cache
        self.written = {}
        for path, output in planned.items():
            read = rendered.reads.get(path, before[path][1] if path in before else Reads())
            self.written[path] = (output, same.setdefault(read, read))
        self.stored = rendered.stored
        if self.store is not None:
            self.entry_pieces = _entry_pieces(self.entry_pieces, rendered.entries, rendering)
        self.site, self.sitemap = site, sitemap


def _entry_pieces(
    kept: dict[tuple[str, int], tuple[Project, Pieces]],
    rendered: dict[tuple[str, int], Pieces],
    rendering: RenderJob,
) -> dict[tuple[str, int], tuple[Project, Pieces]]:
    """The entries kept before whose project is still the same object (read from the
    same text), and those rendered now, paired with their projects again."""
    projects = rendering.projects
    pieces = {key: kept[key] for key in kept if projects.get(key[0]) is kept[key][0]}
    pieces.update({key: (projects[key[0]], found) for key, found in rendered.items()})
    return pieces


def _stale(written: tuple[Output, Reads] | None, output: Output, differs: _Differences) -> bool:
    if written is None:
        return True
    return (written[0] is not output and written[0] != output) or differs.any_of(written[1])


class _Differences:
    """Whether a part of the site differs between two builds, each part compared once
    (comparing every project costs as much as reading them)."""

    def __init__(self, old: Site | None, new: Site, old_pages: list[str], pages: list[str]):
        self.old, self.new = old, new
        self.pages_differ = old_pages != pages
        self.known: dict[str, bool] = {}
        self.known_reads: dict[Reads, bool] = {}

    def any_of(self, reads: Reads) -> bool:
        """Whether any of `reads` differs; equal reads are one object (`Kept.written`), so
        each set is looked at once, not once for each of thousands of outputs."""
        found = self.known_reads.get(reads)
        if found is None:
            found = self.known_reads[reads] = any(self(name) for name in reads)
        return found

    def __call__(self, name: str) -> bool:
        if name == "sitemap":
            return self.pages_differ
        if self.old is None:
            return True
        if name not in self.known:
            attribute = name.removeprefix("site.")
            self.known[name] = getattr(self.old, attribute, None) != getattr(
                self.new, attribute, None
            )
        return self.known[name]


def _remove(folder: Path, path: str) -> None:
    """Delete an output file, and the folders it leaves empty."""
    (folder / path).unlink(missing_ok=True)
    for parent in (folder / path).parents:
        if parent == folder or not parent.is_relative_to(folder) or any(parent.iterdir()):
            return
        parent.rmdir()
