"""Profiles of programme areas: what content/stadtteile/ says beyond title and text.

`content/stadtteile/<city>/<district>.md` profiles a district, and
`content/stadtteile/<city>/index.md` its city. Both are Markdown pages with
their own front matter (ssg/schemas/district.schema.json, city.schema.json);
this module reads the fields a page has not: status, years, location,
contacts and downloads. Which catalogue district a profile belongs to is
decided when the site is assembled (site.py).
"""

from __future__ import annotations

import posixpath

from ssg.errors import Problem
from ssg.model import ALL_DISTRICTS, Contact, Download, Origin, Page, Profile, Project, Reference
from ssg.schema import Checked, list_at, text_at, value_at
from ssg.slugs import slugify
from ssg.spelling import one_slip, spelling_difference
from ssg.yamlfile import YamlDocument

PROFILES_FOLDER = "content/stadtteile/"
CONTACT_FIELDS = ("role", "organisation", "email", "phone", "address")


def profile_kind(source: str) -> str:
    """'district', 'city' or '' (no profile) for a page's source path."""
    parts = source.split("/")
    if len(parts) != 4 or not source.startswith(PROFILES_FOLDER):
        return ""
    return "city" if parts[3] == "index.md" else "district"


def schema_of(source: str) -> str:
    """The schema a page's front matter is checked against."""
    kind = profile_kind(source)
    return f"{kind}.schema.json" if kind else "page.schema.json"


def read_profile(
    document: YamlDocument, checked: Checked, display: str
) -> tuple[Profile, list[Reference], list[Problem]]:
    """The profile's facts, its downloads as links to check, and what is wrong with them."""
    problems = []
    since = value_at(document, checked, ("since",))
    until = value_at(document, checked, ("until",))
    if since and until and since > until:
        problems.append(
            document.problem(
                ("until",),
                f"'until: {until}' liegt vor 'since: {since}'",
                "Das Gebiet war von 'since' bis 'until' im Programm; tauschen Sie die Jahre.",
            )
        )
    location = value_at(document, checked, ("location",))
    contacts = tuple(
        Contact(
            text_at(document, checked, ("contacts", index, "name")),
            *(text_at(document, checked, ("contacts", index, name)) for name in CONTACT_FIELDS),
        )
        for index in range(len(list_at(document, checked, ("contacts",))))
        if checked.ok(("contacts", index))
    )
    downloads, references = [], []
    for index, item in enumerate(list_at(document, checked, ("downloads",))):
        if not checked.ok(("downloads", index)):
            continue
        file = item["file"].strip()
        target = posixpath.normpath(posixpath.join(posixpath.dirname(display), file))
        origin = Origin(display, *document.position(("downloads", index, "file")))
        if not target.startswith("content/") or target.endswith(".md"):
            problems.append(
                document.problem(
                    ("downloads", index, "file"),
                    f"Der Download '{file}' ist keine Datei in content/",
                    "Legen Sie die Datei (PDF, Word, Bild …) neben das Profil in "
                    f"{posixpath.dirname(display)}/ und schreiben Sie nur ihren Namen.",
                )
            )
            continue
        path = target.removeprefix("content/")
        downloads.append(Download(item["title"].strip(), path))
        references.append(Reference(file, path, origin))
    profile = Profile(
        status=text_at(document, checked, ("status",)),
        since=int(since) if since else None,
        until=int(until) if until else None,
        location=(float(location[0]), float(location[1])) if location else None,
        contacts=contacts,
        downloads=tuple(downloads),
        positions={
            name: Origin(display, *document.position((name,)))
            for name in ("title", "location")
            if name in document.value
        },
    )
    return profile, references, problems


# (city slug, district slug; "" for the city itself) → the profile's page
Profiles = dict[tuple[str, str], Page]


def match_profiles(pages: list[Page], projects: list[Project]) -> tuple[Profiles, list[Problem]]:
    """Each profile by the city and district its folder and file name make, if its name
    is spelt as in the catalogue and its city is known (from the catalogue or from
    the city's own profile): a name of ours would be a fact the sources do not give.
    `projects` are in the order of the file."""
    # Each name's spellings, with the projects that write them in the order of the file.
    written: dict[tuple[str, str], dict[str, list[Project]]] = {}
    for project in projects:
        if project.city:
            city = slugify(project.city)
            written.setdefault((city, ""), {}).setdefault(project.city, []).append(project)
            if project.district:
                district = (city, slugify(project.district))
                written.setdefault(district, {}).setdefault(project.district, []).append(project)
    # The spelling most entries use (of equals, the first in the file), as spelling.py
    # takes it for right: the other spellings are reported there.
    named = {}
    for key, spellings in written.items():
        right = max(
            spellings, key=lambda name: (len(spellings[name]), -spellings[name][0].origin.line)
        )
        named[key] = (right, spellings[right][0].position("district" if key[1] else "city"))
    profiles: Profiles = {}
    problems = []
    for page in sorted(pages, key=lambda page: profile_kind(page.source) != "city"):
        _content, _folder, city, file = page.source.split("/")
        key = (city, "" if file == "index.md" else file.removesuffix(".md"))
        problem = _misnamed(page, key, named.get(key))
        if key[1] == slugify(ALL_DISTRICTS):
            problem = _all_districts_profile(page)
        if problem is None and key[1] and (city, "") not in named and (city, "") not in profiles:
            problem = _unknown_city(page, city)
        if problem is None:
            profiles[key] = page
        else:
            problems.append(problem)
    return profiles, problems + _like_a_profile(written, profiles)


def _like_a_profile(
    written: dict[tuple[str, str], dict[str, list[Project]]], profiles: Profiles
) -> list[Problem]:
    """A place that one or two entries name, spelt like a place with a profile but for
    a slip of typing ('Dortmnud'), where the catalogue alone cannot tell which is
    right (spelling.py warns where more entries write the other): the profile's
    title decides. A warning: two places may be named alike."""
    # The profiles a name may be compared with: the cities', and the districts' by city.
    alike: dict[str | None, list[tuple[str, str]]] = {}
    for city, district in profiles:
        alike.setdefault(city if district else None, []).append((city, district))
    problems = []
    for key, spellings in written.items():
        count = sum(len(found) for found in spellings.values())
        typed = key[1] or key[0]
        if key in profiles or count > 2 or len(typed) < 4:
            continue
        for other in alike.get(key[0] if key[1] else None, []):
            page = profiles[other]
            more = sum(len(found) for found in written.get(other, {}).values())
            if more <= count and one_slip(typed, other[1] or other[0]):
                name, found = next(iter(spellings.items()))
                where = found[0].position("district" if key[1] else "city")
                problems.append(
                    Problem(
                        where.path,
                        where.line,
                        where.column,
                        f"'{name}' ähnelt '{page.title}' (Profil {page.source}): so entstehen "
                        "zwei Seiten",
                        f"Ist derselbe Ort gemeint, schreiben Sie '{page.title}'.",
                        "warning",
                    )
                )
                break
    return problems


def _misnamed(page: Page, key: tuple[str, str], known: tuple[str, Origin] | None) -> Problem | None:
    """A profile whose title is not the catalogue's spelling, or does not fit its file name."""
    what = "Der Stadtteil" if key[1] else "Die Stadt"
    origin = page.profile.positions.get("title", Origin(page.source)) if page.profile else None
    origin = origin or Origin(page.source)
    if known and known[0] != page.title:
        spelling, where = known
        return Problem(
            origin.path,
            origin.line,
            origin.column,
            f"{what} heißt im Projektkatalog '{spelling}' ({where.path}:{where.line}), "
            f"hier '{page.title}'{spelling_difference(page.title, spelling)}",
            "Schreiben Sie den Namen hier und im Katalog gleich, je nachdem, welche "
            "Schreibweise stimmt; sonst gehören Profil und Projekte nicht zusammen.",
        )
    if slugify(page.title) != (key[1] or key[0]):
        file = page.source.rsplit("/", 1)[1] if key[1] else f"{key[0]}/"
        return Problem(
            origin.path,
            origin.line,
            origin.column,
            f"Der Name '{page.title}' passt nicht zum Dateinamen '{file}'",
            f"Die Adresse ergibt sich aus dem Namen: benennen Sie {page.source} nach "
            f"'{slugify(page.title)}' um, oder korrigieren Sie den Namen.",
        )
    return None


def _all_districts_profile(page: Page) -> Problem:
    """A profile for 'Alle Stadtteile', which is no district (projects.py)."""
    return Problem(
        page.source,
        1,
        1,
        "'Alle Stadtteile' ist kein Stadtteil und hat kein eigenes Profil",
        "Projekte für alle Stadtteile stehen auf der Seite der Stadt: übertragen Sie den Text "
        "ins Stadtprofil (index.md in diesem Ordner) und löschen Sie die Datei.",
    )


def _unknown_city(page: Page, city: str) -> Problem:
    return Problem(
        page.source,
        1,
        1,
        f"Zur Stadt '{city}' gibt es im Projektkatalog kein Projekt und kein Stadtprofil",
        f"Legen Sie {PROFILES_FOLDER}{city}/index.md mit 'title: <Name der Stadt>' an, "
        "damit der Name der Stadt feststeht (ein Entwurf zählt erst ohne 'draft: true'), "
        "oder prüfen Sie den Ordnernamen.",
    )
