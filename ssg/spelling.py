"""What a schema cannot know of the catalogue's entries: unique addresses and one
spelling for each name.

Two projects with the same address would overwrite each other's page; "Köln"
and "Koeln" would make two cities. Each problem is reported at the entry and
field where it is written.
"""

from __future__ import annotations

from collections import Counter
from operator import itemgetter

from ssg.errors import Problem, Severity
from ssg.model import Project
from ssg.pasted import invisible
from ssg.paths import pretty_url
from ssg.slugs import slugify

# (what is named, how the name identifies it) → every (spelling, project, field) of it;
# the field of a target group is its index in the list.
Spellings = dict[tuple[str, ...], list[tuple[str, Project, str | int]]]
_AS_WRITTEN = itemgetter(0)  # of a spelling


def check_unique(projects: list[Project]) -> tuple[list[Project], list[Problem]]:
    """Equal slugs would overwrite each other; differently spelt names would split an index.

    Returns the projects without the later ones of equal slugs, and the problems.
    """
    problems = []
    first_by_slug: dict[str, Project] = {}
    spellings: Spellings = {}
    for project in projects:
        earlier = first_by_slug.setdefault(project.slug, project)
        if earlier is not project:
            problems.append(
                _problem(
                    project,
                    f"Die Projekte '{earlier.title}' (Zeile "
                    f"{earlier.origin.line}) und '{project.title}' (Zeile "
                    f"{project.origin.line}) haben dieselbe Adresse "
                    f"/{pretty_url(project.path)}",
                    "Steht dasselbe Projekt zweimal da, löschen Sie einen der Einträge; sonst "
                    "ändern Sie den Titel oder geben Sie einem der beiden einen eigenen 'slug'.",
                )
            )
        # Each name a project gives (a city, district, award or target group), written
        # out here: run after every preview edit, a generator per project would cost
        # 2-3 ms more of 13-15 at catalogue-5000.
        if project.city:
            city = slugify(project.city)
            spellings.setdefault(("Stadt", city), []).append((project.city, project, "city"))
            if project.district:
                written = (project.district, project, "district")
                spellings.setdefault(("Stadtteil", city, slugify(project.district)), []).append(
                    written
                )
        for award in project.awards:
            if award.title:
                spellings.setdefault(("Preis", award.slug), []).append(
                    (award.title, project, "awards")
                )
        for index, name in enumerate(project.target_groups):
            if name:
                spellings.setdefault(("Zielgruppe", slugify(name)), []).append(
                    (name, project, index)
                )
    problems += _spelling_problems(spellings) + _near_misses(spellings)
    return list(first_by_slug.values()), problems


def _spelling_problems(spellings: Spellings) -> list[Problem]:
    """Every spelling but the one most entries use, at its own line.

    The majority is taken as right (on a tie, the spelling that comes first in
    the file): one stray 'Koeln' among three 'Köln' is the mistake, wherever it is.
    """
    problems = []
    for (label, *_identity), found in spellings.items():
        if len(set(map(_AS_WRITTEN, found))) == 1:
            continue  # the common case, after every preview edit: a seventh of `all(…)`
        counts = Counter(name for name, _project, _key in found)
        right = max(counts, key=counts.__getitem__)  # the first of equals: first in the file
        first = next(project.position(_field(key)) for name, project, key in found if name == right)
        usage = f"so in {counts[right]} Einträgen, zuerst " if counts[right] > 1 else ""
        for name, project, key in found:
            if name == right:
                continue
            detail = spelling_difference(name, right)
            problems.append(
                _problem(
                    project,
                    f"{label} '{name}' ist anders geschrieben als '{right}'{detail} "
                    f"({usage}Zeile {first.line})",
                    f"Schreiben Sie '{right}' wie die übrigen Einträge; sonst entstehen "
                    "zwei Seiten für dasselbe.",
                    key,
                )
            )
    return problems


def _near_misses(spellings: Spellings) -> list[Problem]:
    """A city or district named by one or two entries, spelt like one that more entries
    name (in the same city) but for a slip of typing: 'Dortmnd' makes a second city
    page, and the city's own page lacks the project. A warning: two places may be
    named alike."""
    places: dict[tuple[str, ...], dict[str, list[tuple[str, Project, str | int]]]] = {}
    for (label, *identity), found in spellings.items():
        if label in ("Stadt", "Stadtteil"):  # compared within the kind, and the city
            places.setdefault((label, *identity[:-1]), {})[identity[-1]] = found
    problems = []
    for (label, *_city), named in places.items():
        common = sorted(named, key=lambda slug: -len(named[slug]))
        for slug, found in named.items():
            if len(found) > 2 or len(slug) < 4:
                continue
            more = [other for other in common if len(named[other]) > len(found)]
            close = next((other for other in more if one_slip(slug, other)), None)
            if close is None:
                continue
            other = named[close]
            right = Counter(name for name, _project, _key in other).most_common(1)[0][0]
            first = other[0][1].position(_field(other[0][2]))
            for name, project, key in found:
                message = (
                    f"{label} '{name}' ähnelt '{right}' (so in {len(other)} Einträgen, "
                    f"zuerst Zeile {first.line}): sie bekommen zwei Seiten"
                )
                hint = f"Ist derselbe Ort gemeint, schreiben Sie '{right}'."
                problems.append(_problem(project, message, hint, key, "warning"))
    return problems


def one_slip(typed: str, meant: str) -> bool:
    """Whether `typed` is `meant` with one letter left out, one added, or two swapped:
    the slips of typing. A letter for another is not one: Homburg and Hamburg,
    Freiberg and Freiburg are different places."""
    if abs(len(typed) - len(meant)) == 1:
        shorter, longer = sorted((typed, meant), key=len)
        return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))
    if len(typed) != len(meant) or typed == meant:
        return False
    differ = [i for i, (a, b) in enumerate(zip(typed, meant, strict=True)) if a != b]
    if len(differ) != 2 or differ[1] != differ[0] + 1:
        return False
    first, second = differ
    return (typed[first], typed[second]) == (meant[second], meant[first])


def _field(key: str | int) -> str:
    """The field a spelling was found in: a target group is named by its index."""
    return f"target_groups.{key}" if isinstance(key, int) else key


def _problem(
    project: Project, message: str, hint: str, key: str | int = "", severity: Severity = "error"
) -> Problem:
    field = _field(key)
    origin = project.position(field if field in project.positions else field.split(".")[0])
    return Problem(origin.path, origin.line, origin.column, message, hint, severity)


def spelling_difference(name: str, right: str) -> str:
    """What tells two spellings apart where the eye sees none: spaces of another kind,
    or an invisible character (a soft hyphen or a zero-width space from Word)."""
    if name.split() == right.split():
        return " (nur Leerzeichen unterscheiden sich)"
    hidden = [char for char in name + right if invisible(char)]
    if hidden and "".join(c for c in name if c not in hidden) == "".join(
        c for c in right if c not in hidden
    ):
        return f" (nur ein unsichtbares Zeichen unterscheidet sie, U+{ord(hidden[0]):04X})"
    return ""
