"""When Python's garbage collector runs: not while the build cache's state is read or
written, and in the preview while it is idle, not during the rebuild after an edit.

The collector looks at every new container object after each 700 made, and
at all of them now and then. Reading the state of a catalogue-5000 build makes
174,000 objects the collector tracks, none of them garbage: with it this took 284-380
ms, without it 116-144 ms. Pickling the state makes fewer objects, but enough
for a full collection of the whole site in the middle of it (94 ms of a cold
catalogue-5000 build).

The preview keeps its state between edits (incremental.py): at catalogue-5000
170,000 objects that the collector tracks. Every rebuild replaces a part of
them, and every fifth rebuild or so the collector walks all of them: 85 to 130 ms
of the 0.15-0.2 s an edit otherwise takes. So what a rebuild leaves is frozen
(`gc.freeze`): the collections during the next rebuild look only at what that
rebuild makes. Objects freed by their reference counts go as before; what
needs the collector (cycles of objects dropped from the state) is collected
once the preview has had no edit for 10 s.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # a build need not import tornado
    from tornado.ioloop import IOLoop


class IdleCollector:
    """Freezes the preview's state after each rebuild, and collects all of it once
    `idle_seconds` have passed without one."""

    def __init__(self, loop: IOLoop, idle_seconds: float = 10.0) -> None:
        self.loop = loop
        self.idle_seconds = idle_seconds
        self.pending: Any = None  # the loop's handle of the collection to come

    def rebuilt(self) -> None:
        """A rebuild is done: keep its objects out of the collections until idle."""
        gc.freeze()
        if self.pending is not None:
            self.loop.remove_timeout(self.pending)
        self.pending = self.loop.call_later(self.idle_seconds, self.collect)

    def collect(self) -> None:
        """Everything, frozen objects included; what survives is frozen again."""
        self.pending = None
        gc.unfreeze()
        gc.collect()
        gc.freeze()


@contextlib.contextmanager
def collections_paused(freezing: bool = False) -> Iterator[None]:
    """No garbage collection in the `with` block (the state it reads or writes makes
    no cycles that would be left: pickle's objects are all kept, or freed by their
    reference counts).

    With `freezing`, what exists when the block ends is frozen (`gc.freeze`): the
    state just read lives as long as the build, and holds no reference cycles, so
    its objects go by their reference counts all the same. Else the collector would
    still look at each of them two or three times more (a full collection of the
    catalogue-5000 state takes 110 ms)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        if freezing:
            gc.freeze()
    finally:
        if enabled:
            gc.enable()
