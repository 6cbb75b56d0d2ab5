"""Render the planned outputs and write them into the output folder.

Rendering is spread over the cores; each process writes the files it renders,
so no page is held in memory longer than it takes to write it. What each
output read of the site comes back with it, for the preview (incremental.py);
with the build cache, unchanged pages are taken from its page store
(pagestore.py) instead of rendered.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from ssg.entries import Pieces, drain_pieces
from ssg.errors import ContentError, Problem
from ssg.folders import FolderMaker, make_folder
from ssg.indexes import Site
from ssg.model import Project
from ssg.pagestore import Found, PageStore, digest, write_file
from ssg.paths import NOT_FOUND
from ssg.plan import Output
from ssg.templates import Reads, render_output, template_problem
from ssg.workers import Progress, chunked


def render_outputs(job: RenderJob, progress: Progress) -> Rendered:
    """Render the outputs at the job's `selected` indexes into its folder (taking
    those it may restore from the page store) and return what each rendered one
    read of the site and each page's name in the store; template errors are
    raised together.

    Large sites are rendered by one process per core, in chunks; the files
    written do not depend on how the work was split. Pages are restored last:
    by then the folder helper (folders.py) has made most of their folders.
    """
    total = len(job.selected)
    rendered = Rendered()
    # Compiled once, before workers start (partials too, so that the build cache keeps
    # them); a broken template is reported by the pages that use it.
    for name in job.environment.list_templates(filter_func=_is_template):
        with contextlib.suppress(Exception):
            job.environment.get_template(name)
    restorable: list[int] = []
    fresh = list(job.selected)
    if job.store is not None and job.restore:
        restorable = [i for i in job.selected if job.outputs[i].path in job.restore]
        fresh = [i for i in job.selected if job.outputs[i].path not in job.restore]
    problems: dict[ProblemKey, Problem] = {}
    job.selected = fresh
    _render(job, rendered, problems, Counted(progress, 0, total))
    if job.store is not None and restorable:
        as_kept, anew = _check(job, job.store, restorable, rendered)  # while folders are made
        if job.folders is not None:
            job.folders.wait()
        counted = Counted(progress, len(fresh), total)
        gone = _restore(job, job.store, as_kept, rendered, counted)
        counted(len(as_kept) - len(gone))
        job.selected = anew + gone
        _render(job, rendered, problems, Counted(progress, total - len(job.selected), total))
    if problems:
        raise ContentError(problems.values())
    return rendered


@dataclass
class Counted:
    """Reports progress of a part of the pages: `done` more after `before` of `total`."""

    progress: Progress
    before: int
    total: int

    def __call__(self, done: int) -> None:
        self.progress("Seiten erzeugen", self.before + done, self.total)


def _render(
    job: RenderJob, rendered: Rendered, problems: dict[ProblemKey, Problem], counted: Counted
) -> None:
    """Render the job's `selected` outputs, adding to `rendered` and `problems`."""
    for indexes, (found, part) in chunked(job.render, len(job.selected), 100, PARALLEL_FROM):
        for key, problem in found.items():
            problems.setdefault(key, problem)
        rendered.reads.update(part.reads)
        rendered.stored.update(part.stored)
        rendered.entries.update(part.entries)
        counted(indexes.stop)


def _check(
    job: RenderJob, store: PageStore, restorable: list[int], rendered: Rendered
) -> tuple[list[int], list[int]]:
    """The restorable pages the store keeps as they were, and those it does not, to be
    rendered anew (the damaged ones among them noted)."""
    as_kept: list[int] = []
    anew: list[int] = []
    for index in restorable:
        path = job.outputs[index].path
        found = store.check(job.restore[path])
        if found is Found.AS_KEPT:
            as_kept.append(index)
            continue
        anew.append(index)
        if found is Found.DAMAGED:
            rendered.damaged.append(path)
    return as_kept, anew


def _restore(
    job: RenderJob, store: PageStore, restorable: list[int], rendered: Rendered, counted: Counted
) -> list[int]:
    """Put the pages the store keeps into the folder, in this process: two processes
    would only wait for each other's folders (creating folders in one folder is one
    at a time), and together spend twice the system time. Returns the indexes of
    those removed from the store since they were checked, to be rendered."""
    gone = []
    for done, index in enumerate(restorable, 1):
        output = job.outputs[index]
        name = job.restore[output.path]
        target = os.path.join(job.folder, output.path)
        make_folder(os.path.dirname(target))
        if store.restore(name, target):
            rendered.stored[output.path] = name
        else:
            gone.append(index)
        if done % 500 == 0:
            counted(done - len(gone))
    return gone


PARALLEL_FROM = 400  # below this, starting workers costs more than it saves

ProblemKey = tuple[str, int, str]


@dataclass
class Rendered:
    """What rendering found out: each rendered output's reads, each page's name in the
    page store, and the pages whose kept bytes were damaged (and were rendered anew)."""

    reads: dict[str, Reads] = field(default_factory=dict)
    stored: dict[str, str] = field(default_factory=dict)
    entries: dict[tuple[str, int], Pieces] = field(default_factory=dict)  # for the cache
    damaged: list[str] = field(default_factory=list)


@dataclass
class RenderJob:
    """Everything a worker needs; forked workers inherit it instead of unpickling it."""

    site: Site
    outputs: list[Output]
    dirs: list[Path]
    environment: jinja2.Environment
    folder: Path
    selected: Sequence[int]
    replace: bool  # write each file beside its target first, then rename it
    store: PageStore | None = None  # with the build cache
    restore: dict[str, str] = field(default_factory=dict)  # path: name in the store
    folders: FolderMaker | None = None  # making the folders of restored pages
    pages: list[str] = field(default_factory=list)
    projects: dict[str, Project] = field(default_factory=dict)  # by slug

    def __post_init__(self) -> None:
        self.pages = self.pages or sitemap_pages(self.outputs, self.site.show_drafts)
        self.projects = {project.slug: project for project in self.site.projects}

    def render(self, indexes: range) -> tuple[dict[ProblemKey, Problem], Rendered]:
        problems: dict[ProblemKey, Problem] = {}
        rendered = Rendered()
        for index in indexes:
            output = self.outputs[self.selected[index]]
            target = os.path.join(self.folder, output.path)
            if "copy" in output.context:
                _write(target, None, output.context["copy"], self.replace)
                continue
            if not output.template:
                _write(target, output.context["data"], None, self.replace)
                continue
            try:
                text, rendered.reads[output.path] = render_output(
                    self.environment, self.site, output, self.pages
                )
            except Exception as error:  # whatever a template raises is a template problem
                problem = template_problem(error, output, self.dirs)
                problems.setdefault((problem.path, problem.line, problem.message), problem)
                continue
            data = text.encode()
            _write(target, data, None, self.replace)
            if self.store is not None:
                rendered.stored[output.path] = digest(data)
        drained = drain_pieces(self.environment, self.projects)  # also where not kept
        if self.store is not None:
            rendered.entries = drained
        return problems, rendered


def sitemap_pages(outputs: list[Output], drafts: bool = False) -> list[str]:
    """The pages the sitemap lists: every HTML page but the 404 page; none where drafts
    are shown, as then every page asks search engines not to index it."""
    if drafts:
        return []
    return sorted(o.path for o in outputs if o.path.endswith(".html") and o.path != NOT_FOUND)


def _is_template(name: str) -> bool:
    return name.endswith((".html", ".xml", ".txt")) and not name.startswith("static/")


def _write(target: str, data: bytes | None, copy: Path | None, replace: bool) -> None:
    """Write `data` (or a copy of the file `copy`) to `target`, making its folders.
    Copies are made beside it and renamed: like write_file, never into a file."""
    make_folder(os.path.dirname(target))
    written = f"{target}.ssg-{os.getpid()}.tmp" if replace or copy is not None else target
    if copy is not None:
        shutil.copyfile(copy, written)
    else:
        write_file(written, data or b"")
    if written != target:
        os.replace(written, target)
