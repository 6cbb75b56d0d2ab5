"""The build cache in `.ssg-cache/`: each build takes up where the last one left off.

A build with the cache is the preview's incremental build (incremental.py)
started from disk. What the preview keeps in memory (what was read from every
page and catalogue entry, the site, every output's plan and what it read) is
stored in one file, `state`; every rendered page is kept in `pages/`
(pagestore.py), as a hard link to the site's file where it can be. The next
build reads only the pages and entries whose text changed, renders only the
outputs whose plan or reads changed, and links (or copies) the others. The
contract that makes the preview right makes this right; tests/test_cache.py
compares cached and fresh builds after random edits.

The cache is never trusted blindly. `state` starts with the versions of
everything its contents depend on (ssg and a digest of its code, Python,
Python-Markdown, Jinja and the other libraries) and a checksum of the rest;
each kept page is named by the digest of its bytes and rendered anew if they
do not match. A cache that cannot be used is reported in one line and built
anew. Pages are kept only after a successful build; builds that share a cache
replace `state` in one rename, under a lock, and kept pages that no state
names any more are removed.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import pickle
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ssg.collector import collections_paused
from ssg.errors import system_reason
from ssg.folders import read_folders, write_folders
from ssg.incremental import Kept
from ssg.output import is_running
from ssg.pagestore import PageStore
from ssg.schema import compiled_checks, remember_checks
from ssg.templates import compiled_templates, remember_compiled
from ssg.versions import current_versions

CACHE_FOLDER = ".ssg-cache"
FOLDERS = "folders"  # the folders of the last build's files, beside its state
_FORMAT = "ssg-cache 5"
_NAMES = {"ssg": "ssg", "python": "Python", "markdown": "Python-Markdown", "jinja2": "Jinja"}


@dataclass
class Opened:
    """What `open_cache` found: the kept state to build on, and a note for the user."""

    kept: Kept
    note: str = ""


def open_cache(source: Path) -> Opened:
    """The last build's state from `source/.ssg-cache`, with its page store; a fresh
    state (and a note why) if there is none that can be used."""
    folder = source / CACHE_FOLDER
    kept, note = Kept(), ""
    try:
        if not (folder / "state").is_file():
            folder.mkdir(exist_ok=True)
            (folder / ".gitignore").write_text("# Der Zwischenspeicher von ssg\n*\n")
        else:
            _check_writable(folder)  # or it could not be saved after the build
            with _locked(folder, fcntl.LOCK_SH, make=True):
                try:
                    kept = _read_state(folder / "state")
                except _Unusable as reason:
                    note = f"Zwischenspeicher {CACHE_FOLDER}/ {reason}; er wird neu angelegt."
    except OSError as error:  # a read-only checkout, another user's cache: build without
        done = "benutzt" if folder.is_dir() else "angelegt"
        return Opened(
            Kept(),
            f"Zwischenspeicher {CACHE_FOLDER}/ kann nicht {done} werden "
            f"({_folder_reason(folder, error)}); ssg baut ohne ihn. "
            "Mit --no-cache entfällt dieser Hinweis.",
        )
    remember_compiled(kept.compiled)
    remember_checks(kept.checks)
    kept.store = PageStore(folder)
    return Opened(kept, note)


def _check_writable(folder: Path) -> None:
    """The error a build would meet at its end, when it saves the cache, raised now."""
    if not os.access(folder, os.W_OK | os.X_OK):
        read_only = os.statvfs(folder).f_flag & os.ST_RDONLY
        raise OSError(errno.EROFS if read_only else errno.EACCES, "not writable", str(folder))


def last_folders(source: Path) -> list[str]:
    """The folders of the last build's files (a guess to make them early: folders.py)."""
    return read_folders(source / CACHE_FOLDER / FOLDERS)


def kept_for_reading(source: Path) -> Kept:
    """The pages and catalogue entries the last `ssg build` read, for the commands that
    build otherwise and never write the cache (the preview with drafts, `ssg check`):
    they then read only what changed since, and render everything."""
    folder = source / CACHE_FOLDER
    if cache_turned_off():
        return Kept()
    try:
        with _locked(folder, fcntl.LOCK_SH, make=False):
            stored = _read_state(folder / "state")
    except (_Unusable, OSError):
        return Kept()  # `ssg build` reports it and builds the cache anew
    remember_compiled(stored.compiled)
    remember_checks(stored.checks)
    return Kept(pages=stored.pages, entries=stored.entries)


def cache_turned_off() -> bool:
    """SSG_NO_CACHE as `ssg build --no-cache` reads it (click's words for yes)."""
    return os.environ.get("SSG_NO_CACHE", "").strip().lower() in _YES


_YES = frozenset({"1", "true", "t", "yes", "y", "on"})


def _folder_reason(folder: Path, error: OSError) -> str:
    """Why the cache folder cannot be made or used; a link to nothing is said as such."""
    if folder.is_symlink() and not folder.exists():
        return "dort liegt ein symbolischer Link auf einen Ordner, den es nicht gibt"
    return system_reason(error)


class _Unusable(Exception):
    """Why a cache cannot be used (German, completes 'Zwischenspeicher … ')."""


def _read_state(file: Path) -> Kept:
    try:
        data = file.read_bytes()
    except OSError as error:
        raise _Unusable(f"ist nicht lesbar ({system_reason(error)})") from None
    # Three lines, then the pickle; read in place (at 50,000 projects it is 270 MB).
    lines = _line_ends(data, 3)
    if lines is None or data[: lines[0]] != _FORMAT.encode():
        raise _Unusable("stammt nicht von dieser ssg-Version oder ist beschädigt")
    try:
        versions = json.loads(data[lines[0] + 1 : lines[1]])
    except ValueError:
        raise _Unusable("ist beschädigt") from None
    changed = _changed_version(versions, current_versions())
    if changed:
        raise _Unusable(changed)
    digest = data[lines[1] + 1 : lines[2]].decode(errors="replace")
    payload = memoryview(data)[lines[2] + 1 :]
    if digest != _checksum(payload):
        raise _Unusable("ist beschädigt oder unvollständig")
    try:
        with collections_paused(freezing=True):
            kept = pickle.loads(payload)
    except Exception:
        raise _Unusable("ist beschädigt") from None
    if not isinstance(kept, Kept):
        raise _Unusable("ist beschädigt")
    return kept


def _checksum(payload: bytes | memoryview) -> str:
    """Finds a state damaged or cut short on disk; CRC-32 is made for that, and takes
    a fifth of the time of a cryptographic digest (9 against 41 ms for 31 MB)."""
    return f"{zlib.crc32(payload):08x}"


def _line_ends(data: bytes, count: int) -> list[int] | None:
    ends: list[int] = []
    for _ in range(count):
        end = data.find(b"\n", ends[-1] + 1 if ends else 0)
        if end < 0:
            return None
        ends.append(end)
    return ends


def _changed_version(stored: object, current: dict[str, str]) -> str:
    if not isinstance(stored, dict):
        return "ist beschädigt"
    for key, now in current.items():
        before, name = stored.get(key), _NAMES.get(key, key)
        if before is None:
            return f"nennt keine Version von {name} (jetzt {now})"
        if before != now:
            return f"stammt von {name} {before}, jetzt ist es {now}"
    return ""


def keep_pages(kept: Kept, site: Path) -> list[str]:
    """Keep the pages a successful build just rendered into `site` (not yet published);
    notes about kept pages that were damaged, or that could not be kept."""
    notes = [_damaged_note(len(kept.damaged))] if kept.damaged else []
    if kept.store is None:
        return notes
    try:
        kept.store.make()
        for path in kept.rendered:
            name = kept.stored.get(path)
            if name is not None:
                kept.store.keep(site / path, name)
    except OSError as error:  # the pages not kept are rendered next time
        notes.append(
            f"Zwischenspeicher {CACHE_FOLDER}/ konnte nicht alle Seiten aufnehmen "
            f"({system_reason(error)}); die Website ist trotzdem vollständig gebaut."
        )
    return notes


def _damaged_note(count: int) -> str:
    pages = "1 Seite" if count == 1 else f"{count} Seiten"
    were = "war" if count == 1 else "waren"
    made = "wurde" if count == 1 else "wurden"
    return (
        f"{pages} im Zwischenspeicher {CACHE_FOLDER}/ {were} verändert oder beschädigt und "
        f"{made} neu erzeugt. Die gebauten Dateien sind mit dem Zwischenspeicher verknüpft: "
        "Ein Schritt nach dem Bau sollte sie ersetzen, nicht in sie hineinschreiben."
    )


def save_cache(source: Path, kept: Kept) -> list[str]:
    """Store `kept` (the state after a successful build) as the cache's state; a note
    if that failed (the site is built all the same)."""
    store = kept.store
    if store is None:  # no cache folder to store it in
        return []
    folder = source / CACHE_FOLDER
    kept.compiled = compiled_templates()
    kept.checks = compiled_checks()
    try:
        with collections_paused():
            payload = pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL)
        versions = json.dumps(current_versions(), sort_keys=True)
        digest = _checksum(payload)
        with _locked(folder, fcntl.LOCK_EX, make=True):
            temporary = folder / f"state.{os.getpid()}.tmp"
            try:
                with temporary.open("wb") as state:  # not joined: no second copy of the pickle
                    state.write(f"{_FORMAT}\n{versions}\n{digest}\n".encode())
                    state.write(payload)
                os.replace(temporary, folder / "state")
            finally:
                temporary.unlink(missing_ok=True)  # left only where it could not replace it
            write_folders(folder / FOLDERS, kept.written)
            store.remove_unused(set(kept.stored.values()))
            _remove_leftovers(folder)
    except OSError as error:
        return [
            f"Zwischenspeicher {CACHE_FOLDER}/ konnte nicht gespeichert werden "
            f"({system_reason(error)}); die Website ist trotzdem vollständig gebaut."
        ]
    return []


def _remove_leftovers(folder: Path) -> None:
    """States half written by builds that were killed, and the pack files of older ssg."""
    for pack in folder.glob("*.pack"):
        pack.unlink(missing_ok=True)
    for leftover in [*folder.glob("state.*.tmp"), *folder.glob(f"{FOLDERS}.*.tmp")]:
        pid = leftover.name.split(".")[1]
        if pid.isdigit() and not _another_running(int(pid)):
            leftover.unlink(missing_ok=True)


def _another_running(pid: int) -> bool:
    return pid != os.getpid() and is_running(pid)


@contextlib.contextmanager
def _locked(folder: Path, kind: int, *, make: bool) -> Iterator[None]:
    """Hold the cache's lock. Only builds `make` its file: a command that merely reads
    (`ssg check`) writes nothing, and reads unlocked where no build ever locked; a
    state is replaced in one rename, so it never sees half of one."""
    try:
        lock = (folder / "lock").open("a" if make else "r")
    except FileNotFoundError:
        if make:
            raise
        lock = None
    if lock is None:
        yield
        return
    with lock:
        fcntl.flock(lock, kind)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
