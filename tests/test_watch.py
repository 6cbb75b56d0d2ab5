"""The preview's watcher: saves made while a rebuild runs are built after it."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from tornado.ioloop import IOLoop

from ssg.watch import PreviewWatcher


class SlowPreview:
    """A preview whose first rebuild waits until the test lets it end, then fails."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.rebuilds: list[list[str]] = []
        self.running = threading.Event()
        self.release = threading.Event()

    def watched(self) -> list[Path]:
        return [self.folder]

    def rebuild(self, changed: Sequence[str]) -> bool:
        self.rebuilds.append(sorted(Path(path).name for path in changed))
        if len(self.rebuilds) == 1:
            self.running.set()
            self.release.wait(30)
            raise RuntimeError("a rebuild that fails unexpectedly")
        return True


def test_saves_during_a_failing_rebuild_are_built_after_it(tmp_path: Path) -> None:
    preview = SlowPreview(tmp_path)
    watcher = PreviewWatcher(preview)
    started = threading.Event()
    loop: list[IOLoop] = []

    def serve() -> None:
        asyncio.set_event_loop(asyncio.new_event_loop())
        loop.append(IOLoop.current())
        watcher.run_in_background()
        started.set()
        loop[0].start()

    threading.Thread(target=serve, name="test-preview", daemon=True).start()
    try:
        assert started.wait(30)
        (tmp_path / "eins.md").write_text("eins", encoding="utf-8")
        assert preview.running.wait(30), "no rebuild after a save"
        (tmp_path / "zwei.md").write_text("zwei", encoding="utf-8")
        (tmp_path / "drei.md").write_text("drei", encoding="utf-8")
        preview.release.set()
        deadline = time.monotonic() + 30
        while not {"zwei.md", "drei.md"} <= {
            name for names in preview.rebuilds[1:] for name in names
        }:
            assert time.monotonic() < deadline, (
                f"not built after the failed one: {preview.rebuilds}"
            )
            time.sleep(0.01)
        assert set(preview.rebuilds[0]) == {"eins.md"}
    finally:
        watcher.stop.set()
        if loop:
            loop[0].add_callback(loop[0].stop)
