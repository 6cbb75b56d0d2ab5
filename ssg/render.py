"""Render the planned outputs with Jinja and write them into the output folder.

Rendering is spread over the cores; each process writes the files it renders,
so no page is held in memory longer than it takes to write it. Template
errors become content problems naming template and line.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import re
import shutil
import traceback
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from ssg.errors import ContentError, Problem
from ssg.model import Project, Site, pretty_url, relative_href
from ssg.plan import Output
from ssg.slugs import slugify
from ssg.taxonomy import awards_by_year, by_initial
from ssg.workers import Progress, chunked


def make_environment(dirs: list[Path]) -> jinja2.Environment:
    """Autoescaping, strict about undefined names: a typo in a template is an error."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d.resolve()) for d in dirs if d.is_dir()]),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # every build makes a new environment, or knows nothing changed
    )
    environment.filters["groupby_year"] = awards_by_year
    environment.filters["by_initial"] = by_initial
    environment.filters["slugify"] = slugify
    environment.filters["german_date"] = german_date
    environment.globals["project_item"] = project_item
    return environment


# Rendered list entries, per environment: (project slug, level, folder of the page,
# whether it is the 404 page) → (project, HTML).
_ITEMS: weakref.WeakKeyDictionary[jinja2.Environment, dict[Any, Any]] = weakref.WeakKeyDictionary()


@jinja2.pass_context
def project_item(context: jinja2.runtime.Context, project: Project, level: int = 3) -> Markup:
    """One entry of a project list, rendered once per project and page folder.

    Links in an entry depend only on the folder of the page it is on, so the
    preview, which keeps its environment, renders the list of all projects
    again with only the edited entry new.
    """
    path = context["path"]
    key = (project.slug, level, posixpath.dirname(path), path == "404.html")
    cache = _ITEMS.setdefault(context.environment, {})
    cached = cache.get(key)
    # An entry that only moved in the catalogue is a new, equal object.
    if cached is not None and (cached[0] is project or cached[0] == project):
        return Markup(cached[1])
    template = context.environment.get_template("_project_item.html")
    html = Markup(template.render(project=project, level=level, href=context["href"]))
    cache[key] = (project, html)
    return html


def render_outputs(
    site: Site,
    outputs: list[Output],
    dirs: list[Path],
    folder: Path,
    progress: Progress,
    selected: Sequence[int],
    replace: bool,
    environment: jinja2.Environment,
) -> None:
    """Render the outputs at the `selected` indexes into `folder`; template errors
    are raised together.

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
    for indexes, found in chunked(job.render, total, 100, PARALLEL_FROM):
        for key, problem in found.items():
            problems.setdefault(key, problem)
        progress("Seiten erzeugen", indexes.stop, total)
    if problems:
        raise ContentError(problems.values())


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
        self.pages = sorted(
            o.path for o in self.outputs if o.path.endswith(".html") and o.path != "404.html"
        )

    def render(self, indexes: range) -> dict[ProblemKey, Problem]:
        problems: dict[ProblemKey, Problem] = {}
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
                template = self.environment.get_template(output.template)
                context = _context(self.site, output, self.pages)
                data = template.render(context).encode()
            except Exception as error:  # whatever a template raises is a template problem
                problem = _template_problem(error, output, self.dirs)
                problems.setdefault((problem.path, problem.line, problem.message), problem)
                continue
            _write(target, data, None, self.replace)
        return problems


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


def _context(site: Site, output: Output, pages: list[str]) -> dict[str, Any]:
    base_url = site.settings.base_url
    href: Callable[[str], str] = partial(relative_href, output.path)
    if output.path == "404.html" and base_url:
        # Hosts serve the 404 page at any depth, where relative links would break.
        href = partial(_root_relative, urlsplit(base_url).path)
    return {
        **output.context,
        "site": site,
        "settings": site.settings,
        "path": output.path,
        "title": output.title,
        "crumbs": output.crumbs,
        "href": href,
        "canonical": base_url + pretty_url(output.path)
        if base_url and output.path != "404.html"
        else "",
        "sitemap_pages": pages,
        "pretty_url": pretty_url,
    }


MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)


def german_date(iso: str) -> str:
    """2026-11-24 → 24. November 2026."""
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{day}. {MONTHS[month - 1]} {year}"


def _root_relative(root: str, target: str) -> str:
    return root + target


def _template_problem(error: Exception, output: Output, dirs: list[Path]) -> Problem:
    """Name the template file and line where the error happened."""
    hint = f"Beim Erzeugen von /{pretty_url(output.path)}."
    if isinstance(error, jinja2.TemplateSyntaxError):
        name = "templates/" + (error.name or output.template)
        return Problem(name, error.lineno, 1, f"Fehler in der Vorlage: {error.message}", hint)
    name, line = _template_frame(error, dirs) or ("templates/" + output.template, 1)
    if isinstance(error, jinja2.TemplateNotFound):
        message = f"Vorlage '{error.name}' nicht gefunden"
        hint = "Ist die Datei in templates/ umbenannt oder gelöscht worden? " + hint
    elif isinstance(error, jinja2.TemplateError):
        message = f"Fehler in der Vorlage: {_german(str(error.message or error))}"
    else:
        message = f"Fehler in der Vorlage: {type(error).__name__}: {error}"
    return Problem(name, line, 1, message, hint)


def _template_frame(error: Exception, dirs: list[Path]) -> tuple[str, int] | None:
    """The innermost template file and line in the error's traceback."""
    roots = [str(d.resolve()) for d in dirs]
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        for root in roots:
            if frame.filename.startswith(root + "/"):
                return "templates" + frame.filename[len(root) :], frame.lineno or 1
    return None


def _german(message: str) -> str:
    """Jinja's commonest messages in the language of all other messages."""
    attribute = re.fullmatch(r"'(.+?) object' has no attribute '(.+)'", message)
    if attribute:
        return f"'{attribute[1].rsplit('.', 1)[-1]}' hat kein Feld '{attribute[2]}'"
    undefined = re.fullmatch(r"'(.+)' is undefined", message)
    if undefined:
        return f"Der Name '{undefined[1]}' ist nicht definiert"
    return message
