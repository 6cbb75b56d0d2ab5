"""Watching the handbook for the preview: a rebuild as soon as a save is complete."""

from __future__ import annotations

import signal
import stat
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import watchfiles
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop

from ssg.signals import STOPS
from ssg.sources import Stamp, stamp


class Rebuilding(Protocol):
    """What the watcher needs of the preview (serve.py)."""

    def rebuild(self, changed: Sequence[str]) -> bool: ...

    def watched(self) -> list[Path]: ...  # the folders to watch, made or not


class PreviewWatcher(Watcher):  # type: ignore[misc]
    """Rebuilds as soon as the operating system reports a change, browser or not.

    livereload's own watcher polls every 0.8 s once a browser has connected
    and compares modification times only; watchfiles gets every change at once
    (inotify, FSEvents, ReadDirectoryChangesW) and also sees files moved into
    content/ with an older time. The rebuild runs in the server's thread (so
    that forking workers never happens beside a busy thread), then open pages
    are told to reload.
    """

    STEP_MS = 10  # how long to wait for further changes of the same save
    EMPTY_WAIT_S = 2.0  # how long a file may be empty while it is saved (`wait_until_written`)
    QUIET_MS = 50  # with no change for this long, watchfiles says so: it is watching

    def __init__(self, preview: Rebuilding) -> None:
        super().__init__()
        self.preview = preview
        self.stop = threading.Event()
        self.watching = threading.Event()
        self.built = threading.Event()  # the rebuild asked for is done
        self.loop: IOLoop | None = None

    def run_in_background(self) -> None:
        """Start watching, and return once the watch is in place: a change saved after
        this is seen, also one saved while the first build runs."""
        self.loop = IOLoop.current()
        threading.Thread(target=self._watch, name="ssg-watch", daemon=True).start()
        self.watching.wait()

    def _watch(self) -> None:
        # Ctrl-C and SIGTERM are for the server's thread: they wake its loop there, and
        # taken by this one they would wait for the loop's next request.
        signal.pthread_sigmask(signal.SIG_BLOCK, STOPS)
        try:
            moved = False
            while not self.stop.is_set():
                moved = self._watch_until_moved(rebuild_first=moved)
        finally:
            self.watching.set()  # never leave the server waiting

    def _watch_until_moved(self, rebuild_first: bool) -> bool:
        """Watch the folders there are now; True once one of them is made, removed or
        replaced (`templates/` made for the first time, `data/` copied back in), which
        a watch of the folders themselves cannot see. The watch of the folders there
        are then starts with a rebuild, which reads whatever changed meanwhile."""
        places = _places(self.preview.watched())
        folders = [Path(folder) for folder, place in places.items() if place is not None]
        if not folders:  # nothing to watch yet: look again in a moment
            self.watching.set()
            self.stop.wait(self.QUIET_MS / 1000)
            return rebuild_first or _places(self.preview.watched()) != places
        waited: dict[str, Stamp] = {}
        for changes in watchfiles.watch(
            *folders,
            step=self.STEP_MS,
            stop_event=self.stop,
            raise_interrupt=False,
            rust_timeout=self.QUIET_MS,
            yield_on_timeout=True,
        ):
            self.watching.set()
            if _places(list(places)) != places:
                return True
            if rebuild_first:
                moved_in = {(watchfiles.Change.modified, str(folder)) for folder in folders}
                changes, rebuild_first = changes | moved_in, False
            if not changes or self.loop is None:
                continue
            paths = sorted(path for _change, path in changes)
            if waited and all(stamp(Path(path)) == waited.get(path) for path in paths):
                waited = {}
                continue  # the rest of a save that was waited for, and is built
            waited = wait_until_written(paths, self.EMPTY_WAIT_S)
            self.built.clear()
            self.loop.add_callback(self._rebuild, paths)
            # Meanwhile watchfiles gathers changes without Python; asked for them every
            # STEP_MS, it would take the interpreter from the rebuild each time.
            while not self.built.wait(1.0) and not self.stop.is_set():
                pass
        return False

    def _rebuild(self, paths: list[str]) -> None:
        try:
            self.preview.rebuild(paths)
            LiveReloadHandler.reload_waiters(paths[0])
        finally:
            self.built.set()

    def start(self, _callback: Callable[[], None]) -> bool:
        return True  # livereload need not poll: _watch tells it when to reload

    def examine(self) -> tuple[str | None, None]:
        return None, None


def _places(folders: list[Path]) -> dict[Path, tuple[int, int] | None]:
    """Each folder's device and inode, None where there is none: what a watch follows."""
    places: dict[Path, tuple[int, int] | None] = {}
    for folder in folders:
        try:
            status = folder.stat()
        except OSError:
            places[folder] = None
            continue
        places[folder] = (status.st_dev, status.st_ino) if stat.S_ISDIR(status.st_mode) else None
    return places


def wait_until_written(paths: list[str], seconds: float) -> dict[str, Stamp]:
    """Return once each of `paths` is removed, or a file that has kept its stamp for a
    moment (`SETTLE_S`) and is not empty; at the latest after `seconds`. The stamps
    of the files as they were left, which the rebuild reads.

    The watcher reports a save as soon as it starts: a large catalogue is still
    being written, and editors save by emptying the file, then writing it. Built
    then, the preview would report errors at a cut nobody made, or drop every
    project, and make each page again a moment later (seconds at 5,000 of them).
    So a file is waited for until it holds still; one left empty is built after
    `seconds`. The watcher reports the rest of the writing afterwards: with the
    stamps returned, it is what the rebuild read, and not built twice.
    """
    deadline = time.monotonic() + seconds
    last = {path: stamp(Path(path)) for path in paths}
    while time.monotonic() < deadline:
        time.sleep(SETTLE_S)  # once for all of them: a checkout changes hundreds of files
        now = {path: stamp(Path(path)) for path in paths}
        if now == last and all(found[_SIZE] != 0 for found in now.values()):
            break  # written (or removed), and left alone for a moment
        last = now
    return last


SETTLE_S = 0.005  # how long a file that is written keeps its stamp (see `wait_until_written`)
_SIZE = 1  # in a `Stamp`
