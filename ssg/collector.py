"""Python's garbage collector in the preview: full collections while it is idle, not
during the rebuild after an edit.

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

import gc
from typing import Any

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
