"""The Jinja side of rendering: the environment, what a template sees, and what it read.

Templates see the frozen model only. Every read of the site (`site.projects`,
`settings`, `href`) is noted while an output renders, so that the preview can
re-render exactly the outputs whose reads changed (incremental.py): a
customised template that lists the other projects of a city is re-rendered
when they change, without anyone declaring it. Template errors become
problems naming the template file and line.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any, ClassVar

import jinja2

from ssg.downloads import label_file_links, links_files
from ssg.entries import href_from, project_item, project_items
from ssg.errors import Problem
from ssg.indexes import Site
from ssg.paths import NOT_FOUND, pretty_url
from ssg.plan import Output
from ssg.slugs import slugify
from ssg.taxonomy import awards_by_year, by_initial
from ssg.templateerrors import german

# What rendering one output read beyond its plan: "site.<attribute>" for parts of
# the site, "sitemap" for the list of all pages.
Reads = frozenset[str]

# Names in a template's context that stand for a part of the site.
_STANDS_FOR = {
    "settings": "site.settings",
    "href": "site.settings",  # links on the 404 page depend on the base URL
    "canonical": "site.settings",
    "sitemap_pages": "sitemap",
}


class _Recorder:
    """The reads of the output being rendered in this process."""

    reads: ClassVar[set[str]] = set()


class _RecordingContext(jinja2.runtime.Context):
    """Jinja resolves every name a template (or a macro, block or include) uses here."""

    def resolve_or_missing(self, key: str) -> Any:
        if key in _STANDS_FOR:
            _Recorder.reads.add(_STANDS_FOR[key])
        return super().resolve_or_missing(key)


class TrackedSite:
    """The site as templates see it: every attribute they read is noted."""

    __slots__ = ("_site",)

    def __init__(self, site: Site) -> None:
        self._site = site

    def __getattr__(self, name: str) -> Any:
        _Recorder.reads.add(f"site.{name}")
        return getattr(self._site, name)


def render_output(
    environment: jinja2.Environment, site: Site, output: Output, pages: list[str]
) -> tuple[str, Reads]:
    """The text of one output, and what it read of the site."""
    _Recorder.reads = set()
    text = environment.get_template(output.template).render(_context(site, output, pages))
    if output.path.endswith(".html") and links_files(text):
        _Recorder.reads.add("site.file_sizes")  # also when empty: a file may come
        if site.file_sizes:
            text = label_file_links(text, output.path, site.file_sizes)
    return text, frozenset(_Recorder.reads)


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates, kept for every environment of this process (each build makes
    one). Jinja keys them by template file and checks the source's checksum before
    using one, so a changed template is compiled anew; all environments come from
    `make_environment`, so their options agree."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}
        self.used: set[str] = set()  # loaded or compiled by this process

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])
            if bucket.code is not None:  # its source is unchanged
                self.used.add(bucket.key)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()
        self.used.add(bucket.key)


_COMPILED = _CompiledTemplates()


def compiled_templates() -> dict[str, bytes]:
    """The templates this process compiled or used compiled, for the build cache (which
    holds them only while Jinja, Python and ssg are the versions that compiled them)."""
    return {key: _COMPILED.code[key] for key in sorted(_COMPILED.used)}


def remember_compiled(code: dict[str, bytes]) -> None:
    """Compiled templates from the build cache; Jinja still checks each source."""
    _COMPILED.code.update(code)


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
        bytecode_cache=_COMPILED,
    )
    environment.context_class = _RecordingContext
    environment.filters["groupby_year"] = awards_by_year
    environment.filters["by_initial"] = by_initial
    environment.filters["slugify"] = slugify
    environment.filters["german_date"] = german_date
    environment.filters["phone_number"] = phone_number
    environment.globals["project_item"] = project_item
    environment.globals["project_items"] = project_items
    return environment


def _context(site: Site, output: Output, pages: list[str]) -> dict[str, Any]:
    base_url = site.settings.base_url
    return {
        **output.context,
        "site": TrackedSite(site),
        "settings": site.settings,
        "path": output.path,
        "title": output.title,
        "crumbs": output.crumbs,
        "href": href_from(output.path, base_url),
        "canonical": base_url + pretty_url(output.path)
        if base_url and output.path != NOT_FOUND
        else "",
        "sitemap_pages": pages,
        "pretty_url": pretty_url,
    }


def phone_number(text: str) -> str:
    """A phone number as a tel: link wants it: '0231 50-12345' → '02315012345'."""
    return "".join(char for char in text if char.isdigit() or char == "+")


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


def template_problem(error: Exception, output: Output, dirs: list[Path]) -> Problem:
    """Name the template file and line where the error happened."""
    hint = f"Beim Erzeugen von /{pretty_url(output.path)}."
    if isinstance(error, jinja2.TemplateSyntaxError):
        name = "templates/" + (error.name or output.template)
        lines = (error.source or "").splitlines()
        written = lines[error.lineno - 1] if 0 < error.lineno <= len(lines) else ""
        message = f"Fehler in der Vorlage: {german(error.message or '', written)}"
        return Problem(name, error.lineno, 1, message, hint)
    name, line = _template_frame(error, dirs) or ("templates/" + output.template, 1)
    if isinstance(error, jinja2.TemplateNotFound):
        message = f"Vorlage '{error.name}' nicht gefunden"
        hint = "Ist die Datei in templates/ umbenannt oder gelöscht worden? " + hint
    elif isinstance(error, jinja2.TemplateError):
        message = f"Fehler in der Vorlage: {german(str(error.message or error))}"
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
