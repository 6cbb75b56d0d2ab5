"""Make a site's folders in a helper process while the build goes on.

A build with the cache renders few pages and links the others from its page
store; what is left is one new folder for every page, and making folders is
system time that Python cannot shorten (at pages-4000 on ext4 right after
`rm -rf site`, 1.9 of a 3.4 s build). The folders of the last build's files are
a good guess of this build's, and the cache keeps them in a file of their own,
to be read before its state (which takes 0.3 s at catalogue-5000): a
forked helper makes them on the other core while this process reads, plans
and renders. (A thread would not do: after every folder it waits for the
interpreter lock, which this process holds while it works.)
Folders made for pages that are gone are removed before the site is published.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
from collections.abc import Collection, Iterable, Iterator
from multiprocessing.process import BaseProcess
from pathlib import Path

from ssg.signals import as_helper, stops_held_back
from ssg.workers import worker_count


class FolderMaker:
    """The `folders` (relative to `site`) and those above them, made by a helper process."""

    def __init__(self, site: str, folders: list[str]) -> None:
        self.site = site
        self.folders = sorted({above for folder in folders for above in _and_above(folder)})
        self.helper: BaseProcess | None = None
        self.made: list[str] = []  # the folders the helper may have made, once it started

    def start(self) -> None:
        """Start making the folders, where a second core and fork are there to do it;
        elsewhere (or if the system cannot fork now) each page's folder is made when
        its page is written, as without."""
        if not self.folders or worker_count() < 2 or "fork" not in mp.get_all_start_methods():
            return
        helper = mp.get_context("fork").Process(target=self._make, args=(os.getpid(),))
        try:
            with stops_held_back():  # none arrives before the helper has set how it reacts
                helper.start()
        except OSError:
            return
        self.helper, self.made = helper, self.folders

    def _make(self, parent: int) -> None:
        as_helper(parent)
        with contextlib.suppress(OSError):  # left to be made (and reported) with the page
            for folder in self.folders:
                make_folder(os.path.join(self.site, folder))

    def wait(self) -> None:
        """Wait until the helper is done (whatever it could not make is made with
        the pages)."""
        if self.helper is not None:
            self.helper.join()
            self.helper = None

    def stop(self) -> None:
        """End the helper at once: the build failed or was stopped."""
        if self.helper is not None and self.helper.is_alive():
            self.helper.terminate()
        self.wait()

    def give_way(self, paths: Collection[str]) -> None:
        """Remove the folders made where this build writes the files `paths`, and those
        in them (the last build's page `x/index.html` is now a file `x`); waits for
        the helper if there are any."""
        clashing = [f for f in self.made if any(a in paths for a in _and_above(f))]
        if clashing:
            self.wait()
        for folder in reversed(clashing):  # the folders in a folder before it
            with contextlib.suppress(OSError):  # not made after all (writing reports others)
                os.rmdir(os.path.join(self.site, folder))

    def tidy(self, paths: Iterable[str]) -> None:
        """Remove the folders made that hold none of the site's files `paths`."""
        self.wait()
        used = set(folders_of(paths))
        for folder in reversed(self.made):  # the folders in a folder before it
            if folder not in used:
                with contextlib.suppress(OSError):  # not made after all; else left empty
                    os.rmdir(os.path.join(self.site, folder))


def folders_of(paths: Iterable[str]) -> list[str]:
    """The folders that hold the files `paths`, and those above them, in order (a
    folder before those in it)."""
    return sorted({above for path in paths for above in _and_above(path.rpartition("/")[0])})


def _and_above(folder: str) -> Iterator[str]:
    while folder:
        yield folder
        folder = folder.rpartition("/")[0]


def write_folders(file: Path, paths: Iterable[str]) -> None:
    """Keep the folders of the files `paths` in `file`, one per line, replaced in one step."""
    temporary = file.with_name(f"{file.name}.{os.getpid()}.tmp")
    listed = "".join(f"{folder}\n" for folder in folders_of(paths))
    # surrogateescape: a name that is not UTF-8 comes back as the bytes it was.
    temporary.write_text(listed, "utf-8", errors="surrogateescape")
    os.replace(temporary, file)


def read_folders(file: Path) -> list[str]:
    """The folders kept in `file`: only a guess, so lines that name no folder inside
    the site (damaged ones among them) are left out, and nothing is reported."""
    try:
        lines = file.read_text("utf-8", errors="surrogateescape").splitlines()
    except OSError:
        return []
    return [line for line in lines if _inside(line)]


def _inside(folder: str) -> bool:
    parts = folder.split("/")
    return all(part not in ("", ".", "..") and "\0" not in part for part in parts)


def make_folder(folder: str) -> None:
    """Make `folder` and those above it, if they are not there yet."""
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)


@contextlib.contextmanager
def folders_made(site: str, folders: list[str]) -> Iterator[FolderMaker]:
    """A started FolderMaker, stopped when the `with` block ends."""
    maker = FolderMaker(site, folders)
    try:
        maker.start()
        yield maker
    finally:
        maker.stop()
