"""Render the planned outputs and write them into the output folder.

Rendering is spread over the cores; each process writes the files it renders,
so no page is held in memory longer than it takes to write it. What each
output read of the site comes back with it, for the preview (incremental.py).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from ssg.errors import ContentError, Problem
from ssg.model import Site
from ssg.paths import NOT_FOUND
from ssg.plan import Output
from ssg.templates import Reads, render_output, template_problem
from ssg.workers import Progress, chunked


def render_outputs(
    site: Site,
    outputs: list[Output],
    dirs: list[Path],
    folder: Path,
    progress: Progress,
    selected: Sequence[int],
    replace: bool,
    environment: jinja2.Environment,
) -> dict[str, Reads]:
    """Render the outputs at the `selected` indexes into `folder` and return what each
    rendered one read of the site, by path; template errors are raised together.

    With `replace`, each file is written beside its target and renamed over it,
    so that the preview never serves half a file. Large sites are rendered by
    one process per core, in chunks; the files written do not depend on how
    the work was split.
    """
    job = RenderJob(site, outputs, dirs, environment, folder, selected, replace)
    for name in {output.template for output in outputs if output.template}:
        with contextlib.suppress(Exception):  # a broken template is reported by its pages
            job.environment.get_template(name)  # compiled once, before workers start
    total = len(selected)
    problems: dict[ProblemKey, Problem] = {}
    reads: dict[str, Reads] = {}
    for indexes, (found, read) in chunked(job.render, total, 100, PARALLEL_FROM):
        for key, problem in found.items():
            problems.setdefault(key, problem)
        reads.update(read)
        progress("Seiten erzeugen", indexes.stop, total)
    if problems:
        raise ContentError(problems.values())
    return reads


PARALLEL_FROM = 400  # below this, starting workers costs more than it saves

ProblemKey = tuple[str, int, str]


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
    pages: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.pages = sitemap_pages(self.outputs)

    def render(self, indexes: range) -> tuple[dict[ProblemKey, Problem], dict[str, Reads]]:
        problems: dict[ProblemKey, Problem] = {}
        reads: dict[str, Reads] = {}
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
                text, reads[output.path] = render_output(
                    self.environment, self.site, output, self.pages
                )
            except Exception as error:  # whatever a template raises is a template problem
                problem = template_problem(error, output, self.dirs)
                problems.setdefault((problem.path, problem.line, problem.message), problem)
                continue
            _write(target, text.encode(), None, self.replace)
        return problems, reads


def sitemap_pages(outputs: list[Output]) -> list[str]:
    """The pages the sitemap lists: every HTML page but the 404 page."""
    return sorted(o.path for o in outputs if o.path.endswith(".html") and o.path != NOT_FOUND)


def _write(target: str, data: bytes | None, copy: Path | None, replace: bool) -> None:
    """Write `data` (or a copy of the file `copy`) to `target`, making its folders."""
    os.makedirs(os.path.dirname(target), exist_ok=True)
    written = f"{target}.ssg-{os.getpid()}.tmp" if replace else target
    if copy is not None:
        shutil.copyfile(copy, written)
    else:
        # os.open, not open(): no buffer, no seek, no terminal check; three system
        # calls a file fewer, which counts where creating files is slow.
        descriptor = os.open(written, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            view = memoryview(data or b"")
            while view:
                view = view[os.write(descriptor, view) :]
        finally:
            os.close(descriptor)
    if replace:
        os.replace(written, target)
