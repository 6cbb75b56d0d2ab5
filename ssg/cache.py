"""The build cache in `.ssg-cache/`: each build takes up where the last one left off.

A build with the cache is the preview's incremental build (incremental.py)
started from disk. What the preview keeps in memory (what was read from every
page and catalogue entry, the site, every output's plan and what it read) is
stored in one file, `state`; the bytes of every rendered page go into pack
files beside it. The next build reads only the pages and entries whose text
changed, renders only the outputs whose plan or reads changed, and copies the
others from the packs. The contract that makes the preview right makes this
right; tests/test_cache.py compares cached and fresh builds after random edits.

The cache is never trusted blindly. `state` starts with the versions of
everything its contents depend on (ssg and a digest of its code, Python,
Python-Markdown, Jinja and the other libraries) and a checksum of the rest;
each packed page has a checksum of its own and is rendered anew if it does not
match. A cache that cannot be used is reported in one line and built anew.
Builds that share a cache write packs of their own and replace `state` in one
rename, under a lock; packs that no state names any more are removed.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import pickle
import platform
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ssg.incremental import Kept
from ssg.packs import Packs

CACHE_FOLDER = ".ssg-cache"
_FORMAT = "ssg-cache 1"
_LIBRARIES = ("jinja2", "markupsafe", "markdown", "pyyaml", "nh3", "jsonschema", "fastjsonschema")
_NAMES = {"ssg": "ssg", "python": "Python", "markdown": "Python-Markdown", "jinja2": "Jinja"}


@dataclass
class Opened:
    """What `open_cache` found: the kept state to build on, and a note for the user."""

    kept: Kept
    note: str = ""


def open_cache(source: Path) -> Opened:
    """The last build's state from `source/.ssg-cache`, with its packs opened for
    reading; a fresh state (and a note why) if there is none that can be used."""
    folder = source / CACHE_FOLDER
    kept, note = Kept(), ""
    if not (folder / "state").is_file():
        try:
            folder.mkdir(exist_ok=True)
            (folder / ".gitignore").write_text("# Der Zwischenspeicher von ssg\n*\n")
        except OSError as error:  # a read-only checkout: build without
            return Opened(kept, f"Zwischenspeicher {CACHE_FOLDER}/ nicht angelegt ({error}).")
    else:
        with _locked(folder, fcntl.LOCK_SH):  # no pack is removed before it is open
            try:
                kept = _read_state(folder / "state")
            except _Unusable as reason:
                note = f"Zwischenspeicher {CACHE_FOLDER}/ {reason}; er wird neu angelegt."
            kept.packs = Packs(folder)
            kept.packs.open({packed.pack for packed in kept.packed.values()})
    kept.packs = kept.packs or Packs(folder)
    return Opened(kept, note)


def kept_for_reading(source: Path) -> Kept:
    """The pages and catalogue entries the last `ssg build` read, for the commands that
    build otherwise and never write the cache (the preview with drafts, `ssg check`):
    they then read only what changed since, and render everything."""
    state = source / CACHE_FOLDER / "state"
    if os.environ.get("SSG_NO_CACHE") or not state.is_file():
        return Kept()
    try:
        with _locked(state.parent, fcntl.LOCK_SH):
            stored = _read_state(state)
    except (_Unusable, OSError):
        return Kept()  # `ssg build` reports it and builds the cache anew
    return Kept(pages=stored.pages, entries=stored.entries)


class _Unusable(Exception):
    """Why a cache cannot be used (German, completes 'Zwischenspeicher … ')."""


def _read_state(file: Path) -> Kept:
    try:
        data = file.read_bytes()
    except OSError as error:
        raise _Unusable(f"ist nicht lesbar ({error.strerror})") from None
    head, _, rest = data.partition(b"\n")
    if head != _FORMAT.encode():
        raise _Unusable("stammt nicht von dieser ssg-Version oder ist beschädigt")
    stored_versions, _, rest = rest.partition(b"\n")
    try:
        versions = json.loads(stored_versions)
    except ValueError:
        raise _Unusable("ist beschädigt") from None
    changed = _changed_version(versions, current_versions())
    if changed:
        raise _Unusable(changed)
    digest, _, payload = rest.partition(b"\n")
    if digest.decode(errors="replace") != hashlib.blake2b(payload).hexdigest():
        raise _Unusable("ist beschädigt oder unvollständig")
    try:
        kept = pickle.loads(payload)
    except Exception:
        raise _Unusable("ist beschädigt") from None
    if not isinstance(kept, Kept):
        raise _Unusable("ist beschädigt")
    return kept


def _changed_version(stored: object, current: dict[str, str]) -> str:
    if not isinstance(stored, dict):
        return "ist beschädigt"
    for key, now in current.items():
        if stored.get(key) != now:
            name = _NAMES.get(key, key)
            return f"stammt von {name} {stored.get(key, '?')}, jetzt ist es {now}"
    return ""


def current_versions() -> dict[str, str]:
    """Everything the cached results depend on besides the handbook's files."""
    versions = {"ssg": f"{version('ssg')} ({_code_digest()})", "python": platform.python_version()}
    for name in _LIBRARIES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "-"
    return versions


def _code_digest() -> str:
    """ssg's own files: a changed ssg without a new version number is another ssg."""
    package = Path(__file__).parent
    digest = hashlib.blake2b(digest_size=8)
    for file in sorted(package.rglob("*")):
        if file.is_file() and "__pycache__" not in file.parts:
            digest.update(file.relative_to(package).as_posix().encode() + b"\0")
            digest.update(file.read_bytes())
    return digest.hexdigest()


def save_cache(source: Path, kept: Kept) -> list[str]:
    """Store `kept` (the state after a successful build) as the cache's state; a note
    if that failed (the site is built all the same)."""
    if kept.packs is None:  # no cache folder to store it in
        return []
    folder = source / CACHE_FOLDER
    payload = pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL)
    versions = json.dumps(current_versions(), sort_keys=True)
    digest = hashlib.blake2b(payload).hexdigest()
    try:
        with _locked(folder, fcntl.LOCK_EX):
            temporary = folder / f"state.{os.getpid()}.tmp"
            temporary.write_bytes(f"{_FORMAT}\n{versions}\n{digest}\n".encode() + payload)
            os.replace(temporary, folder / "state")
            _remove_unused(folder, {packed.pack for packed in kept.packed.values()})
    except OSError as error:
        return [f"Zwischenspeicher {CACHE_FOLDER}/ konnte nicht gespeichert werden ({error})."]
    return []


def close_packs(kept: Kept) -> None:
    if kept.packs is not None:
        kept.packs.close()


def discard_packs(kept: Kept) -> None:
    """Remove the packs a failed build wrote (in any of its processes)."""
    if kept.packs is not None:
        for pack in kept.packs.folder.glob(f"{kept.packs.token}-*.pack"):
            pack.unlink(missing_ok=True)


def _remove_unused(folder: Path, used: set[str]) -> None:
    """Packs that the state does not name, unless a running build still writes them."""
    for pack in folder.glob("*.pack"):
        pid = pack.stem.rpartition("-")[2]
        if pack.name not in used and not (pid.isdigit() and _is_running(int(pid))):
            pack.unlink(missing_ok=True)
    for leftover in folder.glob("state.*.tmp"):
        pid = leftover.name.split(".")[1]
        if pid.isdigit() and not _is_running(int(pid)):
            leftover.unlink(missing_ok=True)


def _is_running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this build's packs are named in the state, or no longer needed
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def _locked(folder: Path, kind: int) -> Iterator[None]:
    with (folder / "lock").open("a") as lock:
        fcntl.flock(lock, kind)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
