"""Turn the site model into `{output path: bytes}` with Jinja templates.

First every output is planned (path, template, context), so that two things
claiming one path are reported before anything renders; then each is
rendered. Template errors become content problems naming template and line.
"""

from __future__ import annotations

import contextlib
import re
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import jinja2

from ssg.catalogue import CATALOGUE
from ssg.content import is_ignored
from ssg.errors import ContentError, Problem
from ssg.model import City, Origin, Site, pretty_url, relative_href
from ssg.opendata import open_data
from ssg.slugs import slugify
from ssg.taxonomy import awards_by_year, by_initial
from ssg.workers import Progress, chunked

HOME = "index.html"
PACKAGED_TEMPLATES = Path(__file__).parent / "default_templates"
CHECKOUT_TEMPLATES = Path(__file__).parent.parent / "templates"

Crumbs = tuple[tuple[str, str], ...]

# Pages made from templates and the model; content/<path>.md adds an introduction.
GENERATED_PAGES = {
    "handlungsfelder/index.html": ("Handlungsfelder", "fields.html"),
    "projekte/index.html": ("Projekte", "projects.html"),
    "stadtteile/index.html": ("Stadtteile", "cities.html"),
    "preise/index.html": ("Preise", "awards.html"),
    "suche/index.html": ("Suche", "search.html"),
    "impressum/index.html": ("Impressum", "impressum.html"),
    "datenschutz/index.html": ("Datenschutzerklärung", "datenschutz.html"),
    "barrierefreiheit/index.html": ("Erklärung zur Barrierefreiheit", "barrierefreiheit.html"),
    "gebaerdensprache/index.html": ("Deutsche Gebärdensprache", "gebaerdensprache.html"),
}


@dataclass(frozen=True)
class Output:
    """One file to write: its path, the template that makes it, and what that template sees."""

    path: str
    template: str
    origin: Origin
    title: str = ""
    crumbs: Crumbs = ()
    context: dict[str, Any] = field(default_factory=dict)


def template_dirs(source: Path) -> list[Path]:
    """The handbook's own templates/, then ssg's default theme for whatever it lacks."""
    default = PACKAGED_TEMPLATES if PACKAGED_TEMPLATES.is_dir() else CHECKOUT_TEMPLATES
    own = source / "templates"
    return [own] if own.resolve() == default.resolve() else [own, default]


def plan_outputs(
    site: Site, copied: dict[str, tuple[str, bytes]]
) -> tuple[list[Output], list[Problem]]:
    """Every file the site consists of, and clashes between them.

    `copied` maps output paths of files that are copied as they are to their
    source and bytes; all other outputs are rendered from a template.
    """
    outputs = list(_plan_pages(site, copied))
    css = copied.get("static/style.css", ("", b""))[1].decode("utf-8", errors="replace")
    # Hosts serve the 404 page at any depth, where a relative stylesheet would not load.
    not_found = {"inline_css": css, "description": "Unter dieser Adresse gibt es keine Seite."}
    outputs.append(
        Output(
            "404.html",
            "404.html",
            Origin("templates/404.html"),
            "Seite nicht gefunden",
            (),
            not_found,
        )
    )
    outputs.append(Output("sitemap.xml", "sitemap.xml", Origin("templates/sitemap.xml")))
    outputs.append(Output("robots.txt", "robots.txt", Origin("templates/robots.txt")))
    for path, data in open_data(site).items():
        outputs.append(Output(path, "", Origin(CATALOGUE), context={"data": data}))
    for path, (source, data) in copied.items():
        outputs.append(Output(path, "", Origin(source), context={"data": data}))
    return outputs, _clashes(outputs)


def _plan_pages(site: Site, copied: dict[str, tuple[str, bytes]]) -> Iterator[Output]:
    home = ("Startseite", HOME)
    yield Output(
        HOME,
        "home.html",
        Origin(site.home.source),
        site.home.title,
        (home,),
        {"page": site.home, "description": site.home.description},
    )
    for path, (title, template) in GENERATED_PAGES.items():
        intro = site.section_intros.get(path)
        origin = Origin(intro.source if intro else f"templates/{template}")
        yield Output(
            path,
            template,
            origin,
            intro.title if intro else title,
            (home, (intro.title if intro else title, path)),
            {
                "intro": intro,
                "description": intro.description if intro else SECTION_DESCRIPTIONS[path],
                "video": sign_language_video(site.settings.sign_language, copied)
                if path == "gebaerdensprache/index.html"
                else None,
            },
        )
    crumb = {path: (title, path) for path, (title, _template) in GENERATED_PAGES.items()}
    for action_field in site.action_fields:
        page = action_field.page
        yield Output(
            page.path,
            "field.html",
            Origin(page.source),
            page.title,
            (home, crumb["handlungsfelder/index.html"], (page.title, page.path)),
            {"page": page, "field": action_field, "description": page.description},
        )
    for folder in site.folders:
        origin = Origin(folder.intro.source if folder.intro else folder.pages[0].source)
        yield Output(
            folder.path,
            "folder.html",
            origin,
            folder.title,
            (home, (folder.title, folder.path)),
            {
                "folder": folder,
                "intro": folder.intro,
                "description": folder.intro.description if folder.intro else folder.title,
            },
        )
    folder_crumbs = {path.split("/")[0]: section for path, section in crumb.items()}
    folder_crumbs |= {folder.name: (folder.title, folder.path) for folder in site.folders}
    for page in site.pages:
        parts = page.source.split("/")
        parent = [folder_crumbs[parts[1]]] if len(parts) > 2 and parts[1] in folder_crumbs else []
        yield Output(
            page.path,
            "page.html",
            Origin(page.source),
            page.title,
            (home, *parent, (page.title, page.path)),
            {"page": page, "description": page.description},
        )
    for project in site.projects:
        yield Output(
            project.path,
            "project.html",
            project.origin,
            project.title,
            (home, crumb["projekte/index.html"], (project.title, project.path)),
            {"project": project, "description": project.summary},
        )
    for city in site.cities:
        city_crumbs = (home, crumb["stadtteile/index.html"], (city.name, city.path))
        yield Output(
            city.path,
            "city.html",
            _city_origin(city),
            city.name,
            city_crumbs,
            {"city": city, "description": f"Beispielprojekte in {city.name}."},
        )
        for district in city.districts:
            yield Output(
                district.path,
                "district.html",
                district.projects[0].origin,
                f"{district.name} ({city.name})",
                (*city_crumbs, (district.name, district.path)),
                {
                    "city": city,
                    "district": district,
                    "description": f"Beispielprojekte im Stadtteil {district.name} in {city.name}.",
                },
            )
    for award_index in site.awards:
        award = award_index.award
        yield Output(
            award.path,
            "award.html",
            award_index.projects[0].origin,
            award.title,
            (home, crumb["preise/index.html"], (award.title, award.path)),
            {"award": award_index, "description": f"Projekte mit dem {award.title}."},
        )


SECTION_DESCRIPTIONS = {
    "handlungsfelder/index.html": "Die Handlungsfelder des Handbuchs im Überblick.",
    "projekte/index.html": "Alle Beispielprojekte des Handbuchs von A bis Z.",
    "stadtteile/index.html": "Die Beispielprojekte nach Stadt und Stadtteil.",
    "preise/index.html": "Die Beispielprojekte nach Auszeichnung, die neuesten Preise zuerst.",
    "suche/index.html": "Volltextsuche im Handbuch, mit Filtern nach Stadt, Stadtteil, Preis "
    "und Handlungsfeld.",
    "impressum/index.html": "Anbieter und Verantwortliche dieser Website.",
    "datenschutz/index.html": "Welche Daten beim Besuch dieser Website verarbeitet werden.",
    "barrierefreiheit/index.html": "Stand der Barrierefreiheit dieser Website und wie Sie "
    "Barrieren melden können.",
    "gebaerdensprache/index.html": "Informationen in Deutscher Gebärdensprache.",
}


def sign_language_video(
    details: dict[str, str], copied: dict[str, tuple[str, bytes]]
) -> dict[str, str] | None:
    """What the sign-language page shows of its video, if the file is there."""
    path = details.get("video", "")
    if path not in copied:
        return None
    size = len(copied[path][1])
    suffix = PurePosixPath(path).suffix.lower()
    return {
        "path": path,
        "type": {".webm": "video/webm", ".ogv": "video/ogg"}.get(suffix, "video/mp4"),
        "format": suffix.lstrip(".").upper(),
        "size": f"{size / 1_000_000:.1f} MB".replace(".", ",")
        if size >= 100_000
        else f"{max(size // 1000, 1)} kB",
        "duration": details.get("duration", ""),
        "captions": details.get("captions", "") if details.get("captions") in copied else "",
        "poster": details.get("poster", "") if details.get("poster") in copied else "",
    }


def _city_origin(city: City) -> Origin:
    """A city page comes from the first catalogue entry that names the city."""
    projects = [p for d in city.districts for p in d.projects]
    projects += [*city.city_wide, *city.without_district]
    return min(project.origin for project in projects)


def _clashes(outputs: list[Output]) -> list[Problem]:
    """Two sources that would be written to the same file."""
    problems = []
    claimed: dict[str, Output] = {}
    for output in outputs:
        earlier = claimed.setdefault(output.path, output)
        if earlier is not output:
            where = earlier.origin
            problems.append(
                Problem(
                    output.origin.path,
                    output.origin.line,
                    output.origin.column,
                    f"Die Adresse /{pretty_url(output.path)} wird schon von "
                    f"{where.path}:{where.line} verwendet",
                    "Benennen Sie eine der beiden Seiten um (Dateiname oder 'slug').",
                )
            )
    return problems


def make_environment(dirs: list[Path]) -> jinja2.Environment:
    """Autoescaping, strict about undefined names: a typo in a template is an error."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d.resolve()) for d in dirs if d.is_dir()]),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["groupby_year"] = awards_by_year
    environment.filters["by_initial"] = by_initial
    environment.filters["slugify"] = slugify
    environment.filters["german_date"] = german_date
    return environment


def render_outputs(
    site: Site,
    outputs: list[Output],
    dirs: list[Path],
    progress: Progress,
) -> dict[str, bytes]:
    """Render every planned output; template errors are collected and raised together.

    Large sites are rendered by one forked worker process per core, in chunks;
    the result does not depend on how the work was split.
    """
    job = RenderJob(site, outputs, dirs, make_environment(dirs))
    for name in {output.template for output in outputs if output.template}:
        with contextlib.suppress(Exception):  # a broken template is reported by its pages
            job.environment.get_template(name)  # compiled once, before workers start
    rendered: dict[str, bytes] = {}
    problems: dict[ProblemKey, Problem] = {}
    for indexes, (files, found) in chunked(job.render, len(outputs), 100, PARALLEL_FROM):
        rendered.update(files)
        for key, problem in found.items():
            problems.setdefault(key, problem)
        progress("Seiten erzeugen", indexes.stop, len(outputs))
    if problems:
        raise ContentError(problems.values())
    return dict(sorted(rendered.items()))


PARALLEL_FROM = 400  # below this, starting workers costs more than it saves

ProblemKey = tuple[str, int, str]


@dataclass
class RenderJob:
    """Everything a worker needs; forked workers inherit it instead of unpickling it."""

    site: Site
    outputs: list[Output]
    dirs: list[Path]
    environment: jinja2.Environment
    pages: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.pages = sorted(
            o.path for o in self.outputs if o.path.endswith(".html") and o.path != "404.html"
        )

    def render(self, indexes: range) -> tuple[dict[str, bytes], dict[ProblemKey, Problem]]:
        rendered: dict[str, bytes] = {}
        problems: dict[ProblemKey, Problem] = {}
        for index in indexes:
            output = self.outputs[index]
            if not output.template:
                rendered[output.path] = output.context["data"]
                continue
            try:
                template = self.environment.get_template(output.template)
                context = _context(self.site, output, self.pages)
                rendered[output.path] = template.render(context).encode()
            except Exception as error:  # whatever a template raises is a template problem
                problem = _template_problem(error, output, self.dirs)
                problems.setdefault((problem.path, problem.line, problem.message), problem)
        return rendered, problems


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


def copied_files(source: Path, dirs: list[Path]) -> dict[str, tuple[str, bytes]]:
    """Files copied as they are: templates/static/ (the handbook's own win over the
    default theme's), and images, PDFs and the like next to the pages in content/."""
    files: dict[str, tuple[str, bytes]] = {}
    for directory in reversed(dirs):
        for file in _files_below(directory / "static"):
            relative = file.relative_to(directory / "static").as_posix()
            files["static/" + relative] = ("templates/static/" + relative, file.read_bytes())
    for file in _files_below(source / "content"):
        if file.suffix != ".md":
            relative = file.relative_to(source / "content").as_posix()
            files[relative] = ("content/" + relative, file.read_bytes())
    return files


def _files_below(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return [
        file
        for file in sorted(folder.rglob("*"))
        if file.is_file() and not any(is_ignored(part) for part in file.relative_to(folder).parts)
    ]
