"""Spread independent work over the machine's cores.

Work is split into chunks of consecutive indexes. On systems that can fork,
one helper process per further core is forked; helpers inherit the work
function and its data (so only results cross process boundaries), and the
main process works on chunks too instead of waiting: one process per core,
and no idle copy of the whole site in memory. Every process takes the next
unclaimed chunk, so a slow chunk does not hold the others up. Results are
yielded in chunk order, so the outcome never depends on how the work was
split. `SSG_WORKERS=1` forces one process.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import queue
import traceback
from collections.abc import Callable, Iterator
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

from ssg.signals import as_helper, stops_held_back

Result = TypeVar("Result")

# Called as progress(stage, done, total) while long work goes on.
Progress = Callable[[str, int, int], None]


def no_progress(_stage: str, _done: int, _total: int) -> None:
    """The default: report nothing."""


def worker_count() -> int:
    """How many processes may work at once: `SSG_WORKERS` if set (also more than the
    machine has cores, so that the split can be tried anywhere), else one per core."""
    return int(os.environ.get("SSG_WORKERS", "0")) or os.cpu_count() or 1


def chunked(
    work: Callable[[range], Result], count: int, chunk: int, parallel_from: int
) -> Iterator[tuple[range, Result]]:
    """`work(indexes)` for consecutive chunks of range(count), in order."""
    chunks = [range(start, min(start + chunk, count)) for start in range(0, count, chunk)]
    workers = min(worker_count(), len(chunks))
    if workers < 2 or count < parallel_from or "fork" not in mp.get_all_start_methods():
        for indexes in chunks:
            yield indexes, work(indexes)
        return
    yield from _shared(work, chunks, helpers=workers - 1)


def _shared(
    work: Callable[[range], Result], chunks: list[range], helpers: int
) -> Iterator[tuple[range, Result]]:
    """Work through `chunks` in this process and in `helpers` forked ones."""
    context = mp.get_context("fork")
    claimed = context.Value("i", 0)
    finished: mp.Queue[tuple[int, Any, str]] = context.Queue()

    def claim() -> int | None:
        with claimed.get_lock():
            index = int(claimed.value)
            claimed.value = index + 1
        return index if index < len(chunks) else None

    parent = os.getpid()

    def help_out() -> None:
        # Ctrl-C reaches every process of the terminal: the main process stops the
        # helpers, which end quietly (no traceback of theirs in the editor's terminal).
        as_helper(parent)
        try:
            while os.getppid() == parent and (index := claim()) is not None:
                finished.put((index, work(chunks[index]), ""))
        except OSError as error:  # a full disk, say: the main process raises it as it is
            finished.put((-1, error, ""))
        except BaseException:  # reported to the main process, which raises it
            finished.put((-1, None, traceback.format_exc()))

    processes: list[BaseProcess] = [context.Process(target=help_out) for _ in range(helpers)]
    results: dict[int, Any] = {}
    # What exists now is left out of garbage collection until the helpers are done: a
    # collection in a helper would otherwise write to every inherited object, and the
    # kernel copy each page of them (3 % of a cold build's CPU at catalogue-5000).
    # The freeze holds for the whole process; builds never run side by side in one.
    gc.freeze()
    try:
        with stops_held_back():  # none arrives before a helper has set how it reacts
            for process in processes:
                process.start()
        next_to_yield = 0
        while next_to_yield < len(chunks):
            index = claim()
            if index is not None:
                results[index] = work(chunks[index])
            _collect(finished, results, processes, wait=index is None)
            while next_to_yield in results:
                yield chunks[next_to_yield], results.pop(next_to_yield)
                next_to_yield += 1
    finally:
        for process in processes:
            if process.pid is None:
                continue  # never started
            if process.is_alive():
                process.terminate()
            process.join()
        gc.unfreeze()


def _collect(
    finished: mp.Queue[tuple[int, Any, str]],
    results: dict[int, Any],
    processes: list[BaseProcess],
    wait: bool,
) -> None:
    """Take the helpers' finished chunks; with `wait`, block until one arrives."""
    while True:
        try:
            index, result, failure = finished.get(timeout=0.5) if wait else finished.get_nowait()
        except queue.Empty:
            if not wait:
                return
            if not any(process.is_alive() for process in processes) and finished.empty():
                raise RuntimeError("Ein Hilfsprozess von ssg wurde unerwartet beendet.") from None
            continue
        if failure:
            raise RuntimeError(f"Fehler in einem Hilfsprozess von ssg:\n{failure}")
        if index < 0:
            raise result
        results[index] = result
        wait = False
