"""The rendered pages a build cache keeps, one file each, named by the digest of its bytes.

Where the file system allows, a kept page and the site's page are hard links
to one file: keeping a page costs no bytes written, and putting an unchanged
page into the next site is one system call instead of creating a file and
writing it, which is most of what a build with the cache would otherwise do.
Elsewhere (the site on another file system) the pages are copied.

A kept page is read and its digest checked before it goes into a site: a
page changed in place in the published folder changes the kept file too, and
is then rendered anew. ssg itself never writes into an existing file
(`write_file`): a page written twice, as in a clash of two outputs, gets a
new file, so a failed build cannot change the published site through a link.
"""

from __future__ import annotations

import contextlib
import enum
import functools
import hashlib
import os
import stat
import time
from pathlib import Path

from ssg.textfiles import read_bytes, read_open

STORE_FOLDER = "pages"


class Found(enum.Enum):
    """What `PageStore.check` found."""

    AS_KEPT = "as kept"
    MISSING = "missing"  # never kept, or removed since (by another build, say)
    DAMAGED = "damaged"  # changed (or made unreadable) since it was kept, and removed


def digest(data: bytes) -> str:
    """A page's name in the store: SHA-256, cut to 128 bits. Current processors compute
    it in hardware (x86's SHA extensions, ARMv8's), where it takes half the time of
    BLAKE2b: every page of a build with the cache is digested, every kept one checked."""
    return hashlib.sha256(data).hexdigest()[:32]


class PageStore:
    """The `pages/` folder of a build cache."""

    def __init__(self, cache: Path) -> None:
        self.folder = str(cache / STORE_FOLDER)
        self.started = time.time()

    def check(self, name: str) -> Found:
        """Whether the page `name` is kept as it was; one that is not is removed, to be
        kept anew."""
        kept = os.path.join(self.folder, name)
        try:
            descriptor = os.open(kept, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except (FileNotFoundError, NotADirectoryError):
            return Found.MISSING
        except OSError:  # unreadable, or a symbolic link put there: not to be used
            return self._discard(kept)
        try:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode):  # a pipe, say: it must not stop the build
                return self._discard(kept)
            if stat.S_IMODE(status.st_mode) != file_mode():
                # Made private in the published site (`chmod`, they are one file), or
                # kept under another umask: nothing damaged, but not to be linked.
                self._discard(kept)
                return Found.MISSING
            data = read_open(descriptor, status.st_size)
        except OSError:
            return self._discard(kept)
        finally:
            os.close(descriptor)
        if digest(data) != name:
            return self._discard(kept)
        return Found.AS_KEPT

    def restore(self, name: str, target: str) -> bool:
        """Put the kept page `name` (checked) at the new path `target`; False if it is
        no longer kept as it was (removed by a build beside this one since, say)."""
        kept = os.path.join(self.folder, name)
        try:
            os.link(kept, target)
        except FileNotFoundError:
            return False
        except OSError:  # another file system, or none that knows hard links
            try:
                data = read_bytes(kept)
            except OSError:
                return False
            if digest(data) != name:  # changed since it was checked
                return False
            write_file(target, data)
        return True

    def keep(self, written: Path, name: str) -> None:
        """Keep the page just written at `written` (whose digest is `name`), in place of
        what is kept under that name (which may have been changed since)."""
        kept = os.path.join(self.folder, name)
        try:
            os.link(written, kept)
            return
        except OSError:
            pass  # kept before (and maybe changed since), or another file system
        temporary = f"{kept}.{os.getpid()}.tmp"
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)  # left by a killed build of the same process id
        try:
            os.link(written, temporary)
        except OSError:  # another file system, or none that knows hard links
            write_file(temporary, written.read_bytes())
        os.replace(temporary, kept)

    def make(self) -> None:
        """The store's folder, if it is not there yet."""
        os.makedirs(self.folder, exist_ok=True)

    @staticmethod
    def _discard(kept: str) -> Found:
        with contextlib.suppress(OSError):
            os.unlink(kept)
        return Found.DAMAGED

    def remove_unused(self, used: set[str]) -> None:
        """Kept pages the saved state does not name, but for those written since this
        build started, which a build running beside it may name. (Older pages such a
        build took from the store may go; its next build then renders them anew; so
        may pages dated in the future, which would stay for ever.) A store that is a
        link to another folder is left alone: what is there is not the cache's."""
        if os.path.islink(self.folder):
            return
        with contextlib.suppress(OSError), os.scandir(self.folder) as entries:
            for entry in entries:
                if entry.name in used:
                    continue
                with contextlib.suppress(OSError):
                    written = entry.stat(follow_symlinks=False).st_mtime
                    if not self.started <= written <= time.time():
                        os.unlink(entry.path)


@functools.cache
def file_mode() -> int:
    """The rights of the files ssg writes: 0o644 less the process's umask (which can
    only be read by setting it; a build runs no threads)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o644 & ~umask


def write_file(target: str, data: bytes) -> None:
    """Write `data` to a new file at `target`. A file already there is replaced, never
    written into: it may be a hard link to a kept page and to the published one.

    os.open, not open(): no buffer, no seek, no terminal check; three system calls
    a file fewer, which counts where creating files is slow."""
    try:
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:  # written beside it and renamed, in one step
        temporary = f"{target}.ssg-{os.getpid()}.tmp"
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)  # left by a killed build of the same process id
        write_file(temporary, data)
        os.replace(temporary, target)
        return
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
    except OSError as error:  # a full disk, say: name the file, as os.open does
        raise OSError(error.errno, error.strerror, target) from None
    finally:
        os.close(descriptor)
