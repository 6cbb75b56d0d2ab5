"""Which files of a handbook count, and reading them.

Everything ssg reads passes through here: the rule for ignored files (hidden
ones, editors' backups), the rule for symbolic links (never out of the
handbook), text as UTF-8 in NFC with its control characters refused, and the
stamps (modification time and size) that tell the preview a file changed.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ssg.errors import Problem

CATALOGUE = "data/projects.yaml"
SETTINGS = "data/site.yaml"
PACKAGED_TEMPLATES = Path(__file__).parent / "default_templates"
CHECKOUT_TEMPLATES = Path(__file__).parent.parent / "templates"

# What tells a changed file from an unchanged one: inode, size, modification and
# change time. The change time is set by the system on every write and cannot be set
# back (unlike the modification time, which unzip or `cp -p` carry over).
Stamp = tuple[int, int, int, int]


def is_ignored(name: str) -> bool:
    """Hidden files, drafts folders and editors' backup files are no part of the site."""
    return name.startswith((".", "_", "#")) or name.endswith(("~", ".swp", ".swo", ".bak", ".tmp"))


def stamp(file: Path | str) -> Stamp:
    """The file's stamp; all -1 if it is gone (reading it will report that)."""
    try:
        status = os.stat(file)
    except OSError:
        return -1, -1, -1, -1
    return status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns


def files_below(folder: Path, root: Path | None = None) -> list[tuple[str, str]]:
    """Every file below `folder` as (its path below `folder`, its path), sorted, leaving
    out those ssg ignores (README.md, .git, …) and symbolic links out of `root` (by
    default `folder`), which are reported as errors. Links to folders are not followed.
    From the folder listings, with no system call per plain file, and as strings: a
    `Path` for each of 4,000 pages and its relative path took 50 ms of every build."""
    if not folder.is_dir():
        return []
    found: list[tuple[tuple[str, ...], str]] = []
    _list_files(str(folder), (), (root or folder).resolve(), found)
    found.sort()  # by the names on the way, as paths sort
    return [("/".join(parts), path) for parts, path in found]


def _list_files(
    directory: str, parts: tuple[str, ...], inside: Path, found: list[tuple[tuple[str, ...], str]]
) -> None:
    try:
        with os.scandir(directory) as listing:
            entries = list(listing)
    except (PermissionError, FileNotFoundError, NotADirectoryError):
        return  # unreadable, or gone since it was listed: as if empty
    for entry in entries:
        if is_ignored(entry.name):
            continue
        if entry.is_dir(follow_symlinks=False):
            _list_files(entry.path, (*parts, entry.name), inside, found)
        elif entry.is_file() and not (
            entry.is_symlink() and not Path(entry.path).resolve().is_relative_to(inside)
        ):
            found.append(((*parts, entry.name), entry.path))


def template_dirs(source: Path) -> list[Path]:
    """The handbook's own templates/, then ssg's default theme for whatever it lacks."""
    default = PACKAGED_TEMPLATES if PACKAGED_TEMPLATES.is_dir() else CHECKOUT_TEMPLATES
    own = source / "templates"
    return [own] if own.resolve() == default.resolve() else [own, default]


def template_digests(dirs: list[Path]) -> dict[str, str]:
    """A digest of every file in the template folders, by folder and name: compiled
    templates and rendered pages are kept while these hold. By content, not by
    stamp, so that a fresh checkout (new modification times) keeps the build cache;
    partials such as `_macros.html` count like all others."""
    digests = {}
    for index, directory in enumerate(dirs):
        for file in sorted(_template_files(directory)):
            name = f"{index}:{file.relative_to(directory).as_posix()}"
            digests[name] = hashlib.blake2b(file.read_bytes(), digest_size=16).hexdigest()
    return digests


def _template_files(directory: Path) -> Iterator[Path]:
    """Every file Jinja can load from `directory`: through symbolic links to folders
    too, as Jinja follows them (each real folder once), but never out of the folder
    that holds `directory` or `directory`'s own real folder (links out are errors,
    `links_out_of`), nor into the handbook's folder or one above either: that would
    take in the pages and the output, and no template lives there."""
    top, handbook = directory.resolve(), directory.parent.resolve()
    inside = (handbook, top)
    above = {handbook, *handbook.parents, *top.parents}
    seen: set[Path] = set()
    for root, folders, files in os.walk(directory, followlinks=True):
        real = Path(os.path.realpath(root))
        if real in seen or real in above or not _within(real, inside):
            folders.clear()
            continue
        seen.add(real)
        folders.sort()  # the same names each time, where two lead to one folder
        for name in files:
            file = Path(root, name)
            if file.is_file() and _within(file.resolve(), inside):
                yield file


def _within(path: Path, folders: tuple[Path, ...]) -> bool:
    return any(path.is_relative_to(folder) for folder in folders)


@dataclass(frozen=True)
class CopiedFile:
    """A file published as it is: images, PDFs, the stylesheet."""

    source: str  # as editors name it: content/…, templates/static/…
    file: Path
    stamp: Stamp  # so that the preview sees a replaced file as changed

    @property
    def size(self) -> int:
        return self.stamp[1]


# Output path → the file copied there.
Copied = dict[str, CopiedFile]


def copied_files(source: Path, dirs: list[Path]) -> Copied:
    """Files copied as they are: templates/static/ (the handbook's own win over the
    default theme's), and images, PDFs and the like next to the pages in content/."""
    files: Copied = {}
    for directory in reversed(dirs):
        for relative, file in files_below(directory / "static", root=directory.parent):
            files["static/" + relative] = CopiedFile(
                "templates/static/" + relative, Path(file), stamp(file)
            )
    for relative, file in files_below(source / "content", root=source):
        if not _is_page(relative):
            files[relative] = CopiedFile("content/" + relative, Path(file), stamp(file))
    return files


def stylesheet(copied: Copied) -> str:
    """The site's stylesheet, for pages that carry it inline (the 404 page)."""
    style = copied.get("static/style.css")
    return style.file.read_bytes().decode("utf-8", errors="replace") if style else ""


def page_files(source: Path) -> list[tuple[str, str]]:
    """The Markdown pages in content/, sorted: (its path as editors name it, its path)."""
    return [
        ("content/" + relative, file)
        for relative, file in files_below(source / "content", root=source)
        if _is_page(relative)
    ]


def _is_page(relative: str) -> bool:
    """A Markdown page: its suffix is `.md` (hidden files, such as `.md`, are not listed)."""
    return relative.endswith(".md")


def links_out_of(source: Path) -> list[Problem]:
    """An error for every symbolic link in content/, data/ or templates/ that leads
    out of the handbook (or out of that folder, where it is itself a link): ssg
    never reads or publishes files from elsewhere."""
    problems = []
    for folder in ("content", "data", "templates"):
        if not (source / folder).is_dir():
            continue
        # A folder that is itself a link (a theme kept elsewhere) may link within itself.
        inside = (source.resolve(), (source / folder).resolve())
        for path in sorted(_links_below(source / folder)):
            if not _within(path.resolve(), inside):
                problems.append(
                    Problem(
                        path.relative_to(source).as_posix(),
                        1,
                        1,
                        "Symbolischer Link aus dem Handbuch heraus "
                        f"(nach {os.readlink(path)}); ssg liest ihn nicht",
                        "Kopieren Sie die Datei in den Ordner des Handbuchs, statt auf sie "
                        "zu verweisen.",
                    )
                )
    return problems


def _links_below(folder: Path) -> Iterator[Path]:
    """The symbolic links below `folder`, without following any; the folder listing
    says which entries are links, so this costs no system call per file."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_symlink():
                yield Path(entry.path)
            elif entry.is_dir():
                yield from _links_below(Path(entry.path))


# With the line and paragraph separators: YAML starts a new line at them, which no
# editor shows, so an error would name a line the editor does not see.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_SEPARATORS = {"\u2028": "Zeilenumbruch", "\u2029": "Absatzumbruch"}


def read_text(
    path: Path | str, display: str, controls: bool = True, nfc: bool = True
) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 file (BOM and CRLF tolerated) as NFC; undecodable bytes are an error,
    and so are control characters, unless `controls` is False: then the caller looks
    for them (`control_problem`) in the parts it has not read before; likewise with
    `nfc` False, the caller makes NFC of the parts it reads."""
    try:
        data = read_bytes(path)
    except OSError as error:
        return None, [unreadable(display, error)]
    text, problems = decoded(data, display)
    if text is None:
        return None, problems
    text = in_nfc(text) if nfc else text
    problem = control_problem(text, display) if controls else None
    return (None, [problem]) if problem else (text, [])


def unreadable(display: str, error: OSError) -> Problem:
    return Problem(
        display,
        1,
        1,
        f"Die Datei kann nicht gelesen werden: {error.strerror}",
        "Ist es eine Datei, und darf ssg sie lesen?",
    )


def decoded(data: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """The text of a UTF-8 file's bytes (BOM and CRLF tolerated); undecodable bytes are
    an error, at the line and column where an editor finds them."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line_start = before[before.rfind(b"\n") + 1 :]
        return None, [
            Problem(
                display,
                before.count(b"\n") + 1,
                len(line_start.decode("utf-8", errors="replace")) + 1,
                "Die Datei ist nicht in UTF-8 gespeichert",
                "Im Editor „Speichern mit Kodierung: UTF-8“ wählen; Texte aus Word "
                "oder E-Mails neu einfügen.",
            )
        ]
    if "\r" in text:  # a scan; replacing costs more in a large catalogue
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, []


def in_nfc(text: str) -> str:
    """NFC: "Köln" typed with a combining diaeresis (as some systems paste it) is "Köln"."""
    return unicodedata.normalize("NFC", text)


def read_bytes(path: Path | str) -> bytes:
    """The whole file, in one read where it is no longer than its size says: without
    Path.read_bytes' buffered file object, a third of the time for a small page."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        size = os.fstat(descriptor).st_size
        data = os.read(descriptor, size + 1)
        if len(data) <= size:  # a regular file reads whole, up to its end
            return data
        chunks = [data]  # it grew since fstat, or it is no regular file
        while chunk := os.read(descriptor, 65536):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def control_problem(text: str, display: str, first_line: int = 1) -> Problem | None:
    """An error for the first control character in `text` (from line `first_line` of
    the file `display`), if it has one."""
    control = CONTROL.search(text)
    if control is None:
        return None
    return control_character(display, text[: control.start()], control.group(), first_line)


def control_character(display: str, before: str, character: str, first_line: int = 1) -> Problem:
    """An error for a control character after the text `before` (from `first_line` on)."""
    code = f"U+{ord(character):04X}"
    separator = _SEPARATORS.get(character)
    return Problem(
        display,
        before.count("\n") + first_line,
        len(before) - (before.rfind("\n") + 1) + 1,
        f"Unsichtbarer {separator} {code} im Text"
        if separator
        else f"Unerlaubtes Steuerzeichen {code} im Text",
        (
            "Der Editor zeigt ihn nicht; andere Programme beginnen dort eine neue Zeile. "
            if separator
            else ""
        )
        + "Löschen Sie das unsichtbare Zeichen (oft aus Word oder E-Mails eingefügt) "
        "und tippen Sie die Stelle neu.",
    )
