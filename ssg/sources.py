"""Which files of a handbook count.

Every file ssg reads is found here: the rule for ignored files (hidden ones,
editors' backups), the rule for symbolic links (never out of the handbook), and
the stamps (modification time and size) that tell the preview a file changed.
Their text is read by textfiles.py.
"""

from __future__ import annotations

import hashlib
import os
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
