"""Python's garbage collector while the build cache's state is read and written.

The `ssg` command scans young objects only every 50,000 allocations (cli.py).
Reading the state of a catalogue-5000 build makes 174,000 objects the collector
tracks, none of them garbage, and still set off five collections of the young
ones: 54 to 67 ms of a warm build's collections, against 23 to 29 ms with the
collector paused while the state is read and written.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collections_paused(freezing: bool = False) -> Iterator[None]:
    """No garbage collection in the `with` block (the state it reads or writes makes
    no cycles that would be left: pickle's objects are all kept, or freed by their
    reference counts).

    With `freezing`, what exists when the block ends is frozen (`gc.freeze`): the
    state just read lives as long as the build, and holds no reference cycles, so
    its objects go by their reference counts all the same; else the collector would
    still look at each of them once more."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        if freezing:
            gc.freeze()
    finally:
        if enabled:
            gc.enable()
