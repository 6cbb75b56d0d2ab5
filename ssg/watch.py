"""Watching the handbook for the preview: a rebuild as soon as a save is complete."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import watchfiles
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop

from ssg.sources import Stamp, stamp


class Rebuilding(Protocol):
    """What the watcher needs of the preview (serve.py)."""

    def rebuild(self, changed: Sequence[str]) -> bool: ...

    def watched(self) -> list[Path]: ...


class PreviewWatcher(Watcher):  # type: ignore[misc]
    """Rebuilds as soon as the operating system reports a change, browser or not.

    livereload's own watcher polls every 0.8 s once a browser has connected
    and compares modification times only; watchfiles gets every change at once
    (inotify, FSEvents, ReadDirectoryChangesW) and also sees files moved into
    content/ with an older time. The rebuild runs in the server's thread (so
    that forking workers never happens beside a busy thread), then open pages
    are told to reload.
    """

    STEP_MS = 20  # how long to wait for further changes of the same save
    EMPTY_WAIT_S = 2.0  # how long a file may be empty while it is saved (`wait_while_empty`)
    QUIET_MS = 50  # with no change for this long, watchfiles says so: it is watching

    def __init__(self, preview: Rebuilding) -> None:
        super().__init__()
        self.preview = preview
        self.stop = threading.Event()
        self.watching = threading.Event()
        self.loop: IOLoop | None = None

    def run_in_background(self) -> None:
        """Start watching, and return once the watch is in place: a change saved after
        this is seen, also one saved while the first build runs."""
        self.loop = IOLoop.current()
        threading.Thread(target=self._watch, name="ssg-watch", daemon=True).start()
        self.watching.wait()

    def _watch(self) -> None:
        folders = self.preview.watched()
        waited: dict[str, Stamp] = {}
        try:
            for changes in watchfiles.watch(
                *folders,
                step=self.STEP_MS,
                stop_event=self.stop,
                raise_interrupt=False,
                rust_timeout=self.QUIET_MS,
                yield_on_timeout=True,
            ):
                self.watching.set()
                if not changes or self.loop is None:
                    continue
                paths = sorted(path for _change, path in changes)
                if waited and all(stamp(Path(path)) == waited.get(path) for path in paths):
                    waited = {}
                    continue  # the rest of a save that was waited for, and is built
                waited = wait_while_empty(paths, self.EMPTY_WAIT_S)
                self.loop.add_callback(self._rebuild, paths)
        finally:
            self.watching.set()  # never leave the server waiting

    def _rebuild(self, paths: list[str]) -> None:
        self.preview.rebuild(paths)
        LiveReloadHandler.reload_waiters(paths[0])

    def start(self, _callback: Callable[[], None]) -> bool:
        return True  # livereload need not poll: _watch tells it when to reload

    def examine(self) -> tuple[str | None, None]:
        return None, None


def wait_while_empty(paths: list[str], seconds: float) -> dict[str, Stamp]:
    """Return once none of `paths` is an empty file, or after `seconds`; the stamps of
    the files waited for, once written.

    Editors save by emptying the file, then writing it. A large catalogue takes
    long enough to write that the watcher may report it empty; built then, the
    preview would drop every project and make each page again a moment later
    (seconds at 5,000 projects). So an empty file is waited for until it has a
    stamp that holds for a moment; one left empty is built after `seconds`. The
    watcher reports the writing afterwards: with the same stamp, it is what the
    rebuild reads, and not built twice.
    """
    deadline = time.monotonic() + seconds
    written = {}
    for path in paths:
        last = stamp(Path(path))
        if last[_SIZE] != 0:
            continue  # not emptied (or removed): nothing to wait for
        while time.monotonic() < deadline:
            time.sleep(0.01)
            now = stamp(Path(path))
            if now[_SIZE] < 0:
                break  # removed
            if now[_SIZE] > 0 and now == last:
                written[path] = now
                break  # written, and left alone for a moment
            last = now
    return written


_SIZE = 1  # in a `Stamp`
