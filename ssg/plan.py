"""Plan the site's files: for every output its path, template and context.

Planning comes before rendering, so that two things claiming one path are
reported before anything renders, and so that the preview can tell which
outputs an edit changed by comparing plans.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ssg.catalogue import CATALOGUE
from ssg.content import is_ignored, leads_outside
from ssg.errors import Problem
from ssg.model import City, Origin, Site, pretty_url
from ssg.opendata import EncodedProjects, open_data

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
    origin: Origin = field(compare=False)  # for messages; not part of the file
    title: str = ""
    crumbs: Crumbs = ()
    context: dict[str, Any] = field(default_factory=dict)


def template_dirs(source: Path) -> list[Path]:
    """The handbook's own templates/, then ssg's default theme for whatever it lacks."""
    default = PACKAGED_TEMPLATES if PACKAGED_TEMPLATES.is_dir() else CHECKOUT_TEMPLATES
    own = source / "templates"
    return [own] if own.resolve() == default.resolve() else [own, default]


# Output path → (source path for messages, file): files copied as they are.
Copied = dict[str, tuple[str, Path]]


def plan_outputs(
    site: Site, copied: Copied, encoded: EncodedProjects | None = None
) -> tuple[list[Output], list[Problem]]:
    """Every file the site consists of, and clashes between them.

    Outputs with a template are rendered; the others carry their bytes
    (`data`) or the file they copy (`copy`) in their context. Outputs are
    compared by the preview: equal outputs render to equal files, apart from
    what templates read from the whole site (see SITE_WIDE_TEMPLATES).
    """
    outputs = list(_plan_pages(site, copied))
    style = copied.get("static/style.css")
    css = style[1].read_bytes().decode("utf-8", errors="replace") if style else ""
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
    for path, data in open_data(site, encoded).items():
        outputs.append(Output(path, "", Origin(CATALOGUE), context={"data": data}))
    for path, (source, file) in copied.items():
        status = file.stat()  # so that the preview sees a replaced file as changed
        stamp = (status.st_mtime_ns, status.st_size)
        outputs.append(Output(path, "", Origin(source), context={"copy": file, "stamp": stamp}))
    return outputs, _clashes(outputs)


def _plan_pages(site: Site, copied: Copied) -> Iterator[Output]:
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


# The templates that show one thing of the site, passed in their context; all
# others (lists of everything, the home page, the sitemap) read `site` itself.
ITEM_TEMPLATES = frozenset(
    {"project.html", "page.html", "city.html", "district.html", "award.html", "field.html"}
    | {"folder.html"}
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


def sign_language_video(details: dict[str, str], copied: Copied) -> dict[str, str] | None:
    """What the sign-language page shows of its video, if the file is there."""
    path = details.get("video", "")
    if path not in copied:
        return None
    size = copied[path][1].stat().st_size
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


def copied_files(source: Path, dirs: list[Path]) -> Copied:
    """Files copied as they are: templates/static/ (the handbook's own win over the
    default theme's), and images, PDFs and the like next to the pages in content/."""
    files: Copied = {}
    for directory in reversed(dirs):
        for file in files_below(directory / "static", root=directory.parent):
            relative = file.relative_to(directory / "static").as_posix()
            files["static/" + relative] = ("templates/static/" + relative, file)
    for file in files_below(source / "content", root=source):
        if file.suffix != ".md":
            relative = file.relative_to(source / "content").as_posix()
            files[relative] = ("content/" + relative, file)
    return files


def files_below(folder: Path, root: Path | None = None) -> list[Path]:
    """Every file below `folder`, sorted, leaving out those ssg ignores (README.md, .git, …)
    and symbolic links out of `root` (by default `folder`), which are reported as errors."""
    if not folder.is_dir():
        return []
    inside = (root or folder).resolve()
    return [
        file
        for file in sorted(folder.rglob("*"))
        if file.is_file()
        and not any(is_ignored(part) for part in file.relative_to(folder).parts)
        and not leads_outside(file, inside)
    ]
