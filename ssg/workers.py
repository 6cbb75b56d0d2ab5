"""Spread independent work over the machine's cores.

Work is split into chunks of consecutive indexes; on systems that can fork,
each core gets a worker process that inherits the work function and its data
(so only the chunk and the result cross process boundaries). Results come
back in chunk order, so the outcome never depends on how the work was split.
`SSG_WORKERS=1` forces one process.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

Result = TypeVar("Result")

# Called as progress(stage, done, total) while long work goes on.
Progress = Callable[[str, int, int], None]


def no_progress(_stage: str, _done: int, _total: int) -> None:
    """The default: report nothing."""


_WORK: Callable[[range], Any] | None = None  # set in the parent just before the fork


def chunked(
    work: Callable[[range], Result], count: int, chunk: int, parallel_from: int
) -> Iterator[tuple[range, Result]]:
    """`work(indexes)` for consecutive chunks of range(count), in order."""
    global _WORK
    chunks = [range(start, min(start + chunk, count)) for start in range(0, count, chunk)]
    workers = min(os.cpu_count() or 1, int(os.environ.get("SSG_WORKERS", "0")) or 64)
    if workers < 2 or count < parallel_from or "fork" not in mp.get_all_start_methods():
        for indexes in chunks:
            yield indexes, work(indexes)
        return
    _WORK = work
    try:
        with mp.get_context("fork").Pool(min(workers, len(chunks))) as pool:
            yield from zip(chunks, pool.imap(_run, chunks), strict=True)
    finally:
        _WORK = None


def _run(indexes: range) -> Any:
    assert _WORK is not None
    return _WORK(indexes)
