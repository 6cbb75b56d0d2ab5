"""Load and validate data/projects.yaml into `Project` objects.

The file is checked against ssg/schemas/projects.schema.json (the schema that
also drives autocompletion in editors), then against what a schema cannot
know: action fields that exist (projects.py), unique addresses and consistent
spelling (spelling.py). All entries are checked, drafts included, and every
problem is reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ssg.entrysplit import Split, plain_bytes, split_entries
from ssg.entrysyntax import entry_syntax_problem
from ssg.errors import Problem
from ssg.markdown import MarkdownConverter
from ssg.model import Origin, Page, Project
from ssg.paths import CATALOGUE_FOLDERS
from ssg.projects import read_project
from ssg.schema import Checked, schema_properties, validate
from ssg.sources import CATALOGUE
from ssg.spelling import check_unique
from ssg.textfiles import control_problem, decoded, in_nfc, read_bytes, unreadable
from ssg.workers import Progress, chunked, no_progress
from ssg.yamlfile import YamlDocument, parse_yaml

SCHEMA = "projects.schema.json"
FIELDS = frozenset(schema_properties(SCHEMA, "project"))  # those an entry may have


@dataclass(frozen=True)
class Catalogue:
    """The valid projects, every problem, and the pages that invalid entries would make."""

    projects: list[Project] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unbuilt: tuple[str, ...] = ()  # output paths or path prefixes


def load_catalogue(
    source: Path,
    action_fields: Mapping[str, Page | None],
    converter: MarkdownConverter,
    progress: Progress = no_progress,
    cache: EntryCache | None = None,
) -> Catalogue:
    """Every project in the catalogue (drafts included), and the problems found.

    `action_fields` maps each action-field slug to its page, or to None where the
    page itself has errors (already reported, so references to it are not).
    The usual catalogue, a list whose entries start with `- ` in the first
    column, is read entry by entry, spread over the cores; anything else (or an
    entry that cannot be read on its own) is read as one document. With a
    `cache` (the preview keeps one), entries whose text and line are unchanged
    are not read again.
    """
    file = source / CATALOGUE
    if not file.exists():
        return Catalogue(problems=_missing_catalogue(source))
    # Control characters are looked for, and NFC is made, in the entries not read
    # before (the preview reads the whole file after every edit); the whole file is
    # read if one has any. An entry begins after a line break, which NFC never joins
    # to what follows: the entries' NFC is the whole file's.
    try:
        raw = read_bytes(file)
    except OSError as error:
        return Catalogue([], [unreadable(CATALOGUE, error)], CATALOGUE_FOLDERS)
    split = split_entries(plain_bytes(raw), cache.split if cache is not None else None)
    problems: list[Problem] = []
    loaded, text = None, None  # `text`: the whole file's, once it must be read whole
    if split is not None:
        if cache is not None:
            cache.split = split
        entries = split.entries
        read = _load_entries(entries, action_fields, converter, progress, cache)
        if isinstance(read, list):
            loaded = read
        else:  # an entry that is no YAML on its own
            normal = [(line, in_nfc(entry)) for line, entry in entries]
            text, problems = _whole_text(raw)  # decodes, as every entry could be decoded
            problem = entry_syntax_problem(text or "", normal, entries.index(read))
            if problem is not None:  # as reading the whole file would report it
                return Catalogue([], [problem], CATALOGUE_FOLDERS)
    if loaded is None:
        if text is None:
            text, problems = _whole_text(raw)
        if text is None:
            return Catalogue([], problems, CATALOGUE_FOLDERS)
        control = control_problem(text, CATALOGUE)
        if control:
            return Catalogue([], [control], CATALOGUE_FOLDERS)
        document, found = parse_yaml(text, CATALOGUE, fields=FIELDS)
        problems += found
        if document is None:
            return Catalogue([], problems, CATALOGUE_FOLDERS)
        checked = validate(document, SCHEMA, items="project")
        problems += checked.problems
        if not isinstance(document.value, list):
            return Catalogue([], problems, CATALOGUE_FOLDERS if document.value is not None else ())
        loaded = [
            _load_entry(document, checked, index, action_fields, converter)
            for index in range(len(document.value))
        ]
    candidates = []
    unbuilt: list[str] = []
    for entry in loaded:
        problems += entry.problems
        if entry.project:
            candidates.append(entry.project)
        elif not entry.valid:
            unbuilt += CATALOGUE_FOLDERS  # an entry without a valid title: its pages are unknown
    unique, found = _checked_unique(candidates, cache)
    projects = [project for project in unique if project.summary]
    for project in unique:
        if not project.summary:  # checked like the others, but not published
            unbuilt += [project.path, *[award.path for award in project.awards]]
            unbuilt += [path for path in (project.city_path, project.district_path) if path]
    return Catalogue(projects, problems + found, tuple(unbuilt))


def _checked_unique(
    candidates: list[Project], cache: EntryCache | None
) -> tuple[list[Project], list[Problem]]:
    """`check_unique`, unless the projects name what they named when it last found
    nothing (after most preview edits: 15 ms saved at catalogue-5000)."""
    if cache is None:
        return check_unique(candidates)
    names = [project.names for project in candidates]
    if names == cache.clean_names:
        return candidates, []
    unique, found = check_unique(candidates)
    cache.clean_names = None if found else names
    return unique, found


@dataclass(frozen=True)
class LoadedEntry:
    """One catalogue entry: its project (None if it cannot be built) and its problems."""

    project: Project | None
    problems: list[Problem]
    valid: bool  # no schema error at the entry itself


@dataclass
class EntryCache:
    """What was read from each entry's text (and the line it was read at), for the
    action fields it was read with: projects hold those pages, so new pages mean
    reading anew. An entry that only moved is taken with its lines shifted."""

    entries: dict[str, tuple[int, LoadedEntry]] = field(default_factory=dict)
    action_fields: dict[str, Page | None] = field(default_factory=dict)
    # Entries the last read no longer had, kept for one more: a file saved in two
    # steps, read half-written, does not make the next read start over.
    gone: dict[str, tuple[int, LoadedEntry]] = field(default_factory=dict)
    split: Split | None = None  # the file as last read, for entrysplit.py
    # The projects' `names` when addresses and spellings last held no problem.
    clean_names: list[tuple[Any, ...]] | None = None

    def taken(self, entries: list[tuple[int, str]]) -> list[LoadedEntry]:
        """Each of `entries` (all read before) as read at its line now.

        An entry that only moved keeps its very project, its lines moved in place:
        they are never compared (`Project.origin`), and an unchanged project that is
        the same object is known unchanged by `is` wherever the preview compares
        (plans, list entries, open data), not field by field. Where the same text
        stands twice, the second gets a project of its own."""
        taken: set[str] = set()
        found = []
        for first_line, text in entries:
            read_at, entry = self.entries[text]
            if text in taken:
                found.append(_shifted(entry, first_line - read_at, copy=True))
                continue
            taken.add(text)
            if read_at != first_line:
                entry = _shifted(entry, first_line - read_at, copy=False)
                self.entries[text] = (first_line, entry)
            found.append(entry)
        return found


def _load_entries(
    entries: list[tuple[int, str]],
    action_fields: Mapping[str, Page | None],
    converter: MarkdownConverter,
    progress: Progress,
    cache: EntryCache | None,
) -> list[LoadedEntry] | tuple[int, str]:
    """Read every entry on its own; the first (line and text) that is no YAML on its
    own (an alias to another entry's anchor, say) or holds a control character, so
    that the whole file is read instead, unless it shows the file's error."""
    cache = cache if cache is not None else EntryCache()
    if cache.action_fields != action_fields:
        cache.entries.clear()
        cache.gone.clear()
        cache.action_fields = dict(action_fields)
    known, current = cache.entries, {text for _line, text in entries}
    for text in cache.gone.keys() & current:  # back after a read that lacked them
        known[text] = cache.gone[text]
    todo = [entry for entry in entries if entry[1] not in known]

    def load(indexes: range) -> list[LoadedEntry | None]:
        return [_load_alone(*todo[index], action_fields, converter) for index in indexes]

    for indexes, loaded in chunked(load, len(todo), 250, parallel_from=500):
        progress("Katalog prüfen", indexes.stop, len(todo))
        for index, entry in zip(indexes, loaded, strict=True):
            if entry is None:
                return todo[index]
            known[todo[index][1]] = (todo[index][0], entry)
    cache.gone = {text: known.pop(text) for text in known.keys() - current}
    return cache.taken(entries)


def _shifted(entry: LoadedEntry, lines: int, copy: bool) -> LoadedEntry:
    """The same entry, read `lines` further down the file: its project moved in place,
    or (`copy`) a copy of it moved. After an edit above them, half the entries move.

    Only the origins are set (where each field is written is kept relative to the
    entry), on the object itself: `replace` would run `__init__` again, and
    copy.copy takes pickling's way (6 us instead of 0.7). What the project computed
    of itself (`title_order`) stays, as it does not depend on the line.
    """

    def moved(origin: Origin) -> Origin:
        return Origin(origin.path, origin.line + lines, origin.column)

    problems = [replace(problem, line=problem.line + lines) for problem in entry.problems]
    project = entry.project
    if project is None:
        return LoadedEntry(project, problems, entry.valid)
    if copy:
        original, project = project, object.__new__(Project)
        project.__dict__.update(original.__dict__)
        links = tuple(replace(link, origin=moved(link.origin)) for link in project.links)
        references = tuple(replace(r, origin=moved(r.origin)) for r in project.references)
        object.__setattr__(project, "links", links)  # frozen dataclasses, here and below
        object.__setattr__(project, "references", references)
    else:  # the project's own links and references (a copy has new ones)
        for link in project.links:
            object.__setattr__(link, "origin", moved(link.origin))
        for reference in project.references:
            object.__setattr__(reference, "origin", moved(reference.origin))
    object.__setattr__(project, "origin", moved(project.origin))
    if not copy and not problems:
        return entry  # its project moved in place, and it has no message to move
    return LoadedEntry(project, problems, entry.valid)


def _load_alone(
    first_line: int,
    text: str,
    action_fields: Mapping[str, Page | None],
    converter: MarkdownConverter,
) -> LoadedEntry | None:
    text = in_nfc(text)
    if control_problem(text, CATALOGUE):
        return None
    document, problems = parse_yaml(text, CATALOGUE, first_line, FIELDS)
    if document is None or not isinstance(document.value, list) or len(document.value) != 1:
        return None
    checked = validate(document, SCHEMA, items="project")
    entry = _load_entry(document, checked, 0, action_fields, converter)
    return replace(entry, problems=[*problems, *checked.problems, *entry.problems])


def _load_entry(
    document: YamlDocument,
    checked: Checked,
    index: int,
    action_fields: Mapping[str, Page | None],
    converter: MarkdownConverter,
) -> LoadedEntry:
    project, problems = read_project(document, checked, index, action_fields, converter)
    return LoadedEntry(project, problems, checked.ok((index,)))


def _whole_text(raw: bytes) -> tuple[str | None, list[Problem]]:
    """The catalogue's text in NFC, or why its bytes are no UTF-8."""
    text, problems = decoded(raw, CATALOGUE)
    return (in_nfc(text) if text is not None else None), problems


def _missing_catalogue(source: Path) -> list[Problem]:
    """A catalogue under another name is a mistake worth a warning."""
    for other in ("projects.yml", "projekte.yaml", "projekte.yml", "Projects.yaml"):
        if (source / "data" / other).exists():
            return [
                Problem(
                    f"data/{other}",
                    1,
                    1,
                    f"Der Projektkatalog muss {CATALOGUE} heißen, nicht data/{other}",
                    "Benennen Sie die Datei um; sonst enthält die Website keine Projekte.",
                    "warning",
                )
            ]
    return []
