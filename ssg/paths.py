"""Where everything is published: every output path is decided here, in one place.

Pages are published as `<path>/index.html` so that servers show pretty URLs, and
templates link to them with relative hrefs that also work from a sub-path or
from disk.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from ssg.slugs import slugify

HOME = "index.html"
NOT_FOUND = "404.html"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
PROJECTS_JSON = "projekte.json"
PROJECTS_CSV = "projekte.csv"
SEARCH_FOLDER = "pagefind/"
# The overview pages made from templates, by path, with their titles.
SECTIONS = {
    "handlungsfelder/index.html": "Handlungsfelder",
    "projekte/index.html": "Projekte",
    "stadtteile/index.html": "Stadtteile",
    "preise/index.html": "Preise",
    "suche/index.html": "Suche",
    "impressum/index.html": "Impressum",
    "datenschutz/index.html": "Datenschutzerklärung",
    "barrierefreiheit/index.html": "Erklärung zur Barrierefreiheit",
    "gebaerdensprache/index.html": "Deutsche Gebärdensprache",
}
FIELDS_SECTION, PROJECTS_SECTION, PLACES_SECTION, AWARDS_SECTION = list(SECTIONS)[:4]
SIGN_LANGUAGE_SECTION = "gebaerdensprache/index.html"
# Made only when a project names a target group.
TARGET_GROUPS_FOLDER = "zielgruppen/"
TARGET_GROUPS_SECTION = "zielgruppen/index.html"
# The folders the catalogue's pages are in: a catalogue that cannot be read makes none.
CATALOGUE_FOLDERS = ("projekte/", "stadtteile/", "preise/", TARGET_GROUPS_FOLDER)


def project_path(slug: str) -> str:
    return f"projekte/{slug}/index.html"


def target_group_path(slug: str) -> str:
    return f"{TARGET_GROUPS_FOLDER}{slug}/index.html"


def award_path(slug: str) -> str:
    return f"preise/{slug}/index.html"


def folder_path(name: str) -> str:
    """The list of a folder of pages, `content/<name>/`."""
    return f"{name}/index.html"


def page_path(source: str) -> str:
    """`content/a/b.md` → `a/b/index.html`; `index.md` files stay where they are.

    `source` is a normalised path below content/. Plain string work, as
    PurePosixPath would do it (its suffix: after a dot that neither starts nor ends
    the name) at a tenth of the cost; every page and every link to a page asks.
    """
    folder, _, name = source.removeprefix("content/").rpartition("/")
    if not source.startswith("content/") or not name:
        raise ValueError(f"{source} is no page below content/")
    stem = file_stem(name)
    if stem != "index":
        folder = f"{folder}/{stem}" if folder else stem
    return f"{folder}/index.html" if folder else "index.html"


def file_stem(name: str) -> str:
    """A file name without its suffix, as PurePosixPath.stem: `b.md` → `b`, but
    `.md` and `b.` stay as they are."""
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def city_path(city: str) -> str:
    return f"stadtteile/{slugify(city)}/index.html"


def district_path(city: str, district: str) -> str:
    return f"stadtteile/{slugify(city)}/{slugify(district)}/index.html"


def output_path_for_url(url: str) -> str:
    """`/projekte/` → `projekte/index.html`; `/robots.txt` stays a file."""
    path = url.split("#", 1)[0].split("?", 1)[0].lstrip("/")
    if not path or path.endswith("/"):
        return path + "index.html"
    if "." in PurePosixPath(path).name:
        return path
    return path + "/index.html"


def relative_href(from_path: str, to_path: str) -> str:
    """A link from one output file to another that works from any sub-path and from disk.

    Both are normalised output paths (`a/b/index.html`); plain string work here is
    ten times faster than posixpath.relpath, which asks the operating system for
    the working directory on every call, and every page has dozens of links.
    """
    target, _, fragment = to_path.partition("#")
    start = from_path.split("/")[:-1]
    parts = (target or from_path).split("/")
    common = 0
    while common < len(start) and common < len(parts) - 1 and start[common] == parts[common]:
        common += 1
    href = "/".join([".."] * (len(start) - common) + parts[common:])
    return href + (f"#{fragment}" if fragment else "")


def pretty_url(path: str) -> str:
    """`projekte/x/index.html` → `projekte/x/` for canonical and sitemap addresses."""
    return path.removesuffix("index.html")
