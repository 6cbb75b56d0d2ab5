"""Make a site's folders in a helper process while the build goes on.

A build with the cache renders few pages and links the others from its page
store; what is left is one new folder for every page, and making folders is
system time that Python cannot shorten (at pages-4000 on ext4 right after
`rm -rf site`, 1.9 of a 3.4 s build). The folders of the last build's files are
a good guess of this build's, and they are known once the cache is read: a
forked helper makes them on the other core while this process reads, plans
and renders. (A thread would not do: after every folder it waits for the
interpreter lock, which this process holds while it works.)
Folders made for pages that are gone are removed before the site is published.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
from collections.abc import Iterable, Iterator
from multiprocessing.process import BaseProcess

from ssg.signals import as_helper
from ssg.workers import worker_count


class FolderMaker:
    """The folders for `paths` (files, relative to `site`), made by a helper process."""

    def __init__(self, site: str, paths: Iterable[str]) -> None:
        self.site = site
        self.folders = sorted(_folders_of(paths))
        self.helper: BaseProcess | None = None

    def start(self) -> None:
        """Start making the folders, where a second core and fork are there to do it;
        elsewhere each page's folder is made when its page is written, as without."""
        if not self.folders or worker_count() < 2 or "fork" not in mp.get_all_start_methods():
            return
        self.helper = mp.get_context("fork").Process(target=self._make, args=(os.getpid(),))
        self.helper.start()

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

    def tidy(self, paths: Iterable[str]) -> None:
        """Remove the folders made that hold none of the site's files `paths`."""
        self.wait()
        used = _folders_of(paths)
        for folder in reversed(self.folders):  # a folder's own folders before it
            if folder not in used:
                with contextlib.suppress(OSError):  # not empty: a file of the build's own
                    os.rmdir(os.path.join(self.site, folder))


def _folders_of(paths: Iterable[str]) -> set[str]:
    """The folders that hold the files `paths`, and those above them."""
    folders: set[str] = set()
    for path in paths:
        folder = path.rpartition("/")[0]
        while folder and folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    return folders


def make_folder(folder: str) -> None:
    """Make `folder` and those above it, if they are not there yet."""
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)


@contextlib.contextmanager
def folders_made(site: str, paths: Iterable[str]) -> Iterator[FolderMaker]:
    """A started FolderMaker, stopped when the `with` block ends."""
    maker = FolderMaker(site, paths)
    maker.start()
    try:
        yield maker
    finally:
        maker.stop()
