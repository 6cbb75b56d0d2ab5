"""The rendered pages a build cache keeps, one file each, named by the digest of its bytes.

Where the file system allows, a kept page and the site's page are hard links
to one file: keeping a page costs no bytes written, and putting an unchanged
page into the next site is one system call instead of creating a file and
writing it, which is most of what a build with the cache would otherwise do.
Elsewhere (the site on another file system) the pages are copied.

A kept page is read and its digest checked before it goes into a site: a
page changed in place in the published folder changes the kept file too, and
is then rendered anew.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from pathlib import Path

STORE_FOLDER = "pages"


def digest(data: bytes) -> str:
    """A page's name in the store."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class PageStore:
    """The `pages/` folder of a build cache."""

    def __init__(self, cache: Path) -> None:
        self.folder = str(cache / STORE_FOLDER)
        self.started = time.time()

    def restore(self, name: str, target: str) -> bool | None:
        """Put the kept page `name` at `target`: True if done, None if it is not kept,
        False if its bytes are not those kept (then the file is removed)."""
        kept = os.path.join(self.folder, name)
        try:
            descriptor = os.open(kept, os.O_RDONLY)
        except OSError:
            return None
        try:
            data = _read_all(descriptor)
        finally:
            os.close(descriptor)
        if digest(data) != name:
            with contextlib.suppress(OSError):
                os.unlink(kept)
            return False
        try:
            os.link(kept, target)
        except OSError:  # another file system, or none that knows hard links
            write_file(target, data)
        return True

    def keep(self, written: Path, name: str) -> None:
        """Keep the page just written at `written` (whose digest is `name`)."""
        kept = os.path.join(self.folder, name)
        try:
            os.link(written, kept)
        except FileExistsError:
            return  # kept already, by this build or another one (checked when restored)
        except OSError:
            temporary = f"{kept}.{os.getpid()}.tmp"
            with contextlib.suppress(OSError):  # not kept: rendered again next time
                write_file(temporary, written.read_bytes())
                os.replace(temporary, kept)

    def make(self) -> None:
        os.makedirs(self.folder, exist_ok=True)

    def remove_unused(self, used: set[str]) -> None:
        """Kept pages no state names, unless written since this build started: another
        build that runs now may be about to name them. (Pages it takes from the store
        are not protected: if they are gone, its next build renders them anew.)"""
        with contextlib.suppress(FileNotFoundError), os.scandir(self.folder) as entries:
            for entry in entries:
                if entry.name in used:
                    continue
                with contextlib.suppress(OSError):
                    if entry.stat(follow_symlinks=False).st_mtime < self.started:
                        os.unlink(entry.path)


def _read_all(descriptor: int) -> bytes:
    size = os.fstat(descriptor).st_size
    chunks = [os.read(descriptor, max(size, 1))]
    while chunks[-1]:
        chunks.append(os.read(descriptor, 65536))
    return b"".join(chunks)


def write_file(target: str, data: bytes) -> None:
    """os.open, not open(): no buffer, no seek, no terminal check; three system calls
    a file fewer, which counts where creating files is slow."""
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
    finally:
        os.close(descriptor)
