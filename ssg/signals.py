"""How ssg reacts to Ctrl-C and SIGTERM, so that a stopped build leaves nothing behind.

SIGTERM (a CI runner stopping the job, `kill`) ends a build or the preview like
Ctrl-C. Helper processes are forked with both held back, so none arrives before
a helper has set how it reacts, and die with their parent. While the new site
takes the old one's place, both are held back until the exchange is done.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import functools
import os
import signal
import sys
import threading
from collections.abc import Iterator
from typing import Any, NoReturn

STOPS = {signal.SIGINT, signal.SIGTERM}
_PR_SET_PDEATHSIG = 1
_process_is_ssg = False


@functools.cache
def libc() -> Any:
    """The C library, for what Python does not offer (prctl, renameat2); None elsewhere.

    The symbols of the running program, among them those of the C library that
    Python is linked with: `ctypes.util.find_library` would cost every ssg process
    9 ms to import and 2 ms to run (it asks `ldconfig`)."""
    try:
        return ctypes.CDLL(None, use_errno=True)
    except (OSError, TypeError):  # Windows loads no library by None
        return None


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM ends what runs inside like Ctrl-C: cleaned up, with exit code 130."""
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _interrupt)
        try:
            yield
        finally:
            signal.signal(signal.SIGTERM, previous)
    else:
        yield  # only the main thread may set signal handlers


def _interrupt(_signal: int, _frame: object) -> None:
    stops_ignored()  # the `ssg` command cleans up after the first stop, undisturbed
    raise KeyboardInterrupt


def own_process() -> None:
    """Called first by the `ssg` command, whose process ends with the command.

    SIGTERM counts as Ctrl-C from here on, not only around a build: a handler
    restored at the end of a block leaves the last moments to the default,
    death by signal. For the same reason `stops_ignored` applies, which it
    does not for ssg used as a library.
    """
    global _process_is_ssg
    _process_is_ssg = True
    signal.signal(signal.SIGTERM, _interrupt)


def end_own_process(code: object) -> NoReturn:
    """End the `ssg` command's process at once, with `code` as `SystemExit` takes it.

    At exit Python frees every object one by one: 0.1 to 0.2 s after a build of
    4,000 pages or 5,000 projects, for a process that ends anyway. So the exit
    handlers run (multiprocessing's removes its temporary folder, if it made one)
    and the output is flushed, as at any exit, and then the process just ends.
    """
    if code is None or isinstance(code, int):
        status = code or 0
    else:  # a message, as `sys.exit("…")` gives one
        print(code, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # closed, or a reader gone: nothing to do
            stream.flush()
    os._exit(status)


def stops_ignored() -> None:
    """Ignore Ctrl-C and SIGTERM from now on, in the `ssg` command's own process.

    For when the work is done or being cleaned up: after the first stop, when
    a new site has taken the old one's place, and at the end. A stop then must
    neither end the process by signal (Python restores the default handlers of
    its own ones as it exits, but leaves ignored signals ignored) nor print a
    traceback, nor claim a site unchanged that was just replaced.
    """
    if _process_is_ssg and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)


@contextlib.contextmanager
def stops_held_back() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back in this thread while the block runs; those that
    arrive meanwhile are delivered when it ends (where the platform can hold them)."""
    mask = getattr(signal, "pthread_sigmask", None)
    previous = mask(signal.SIG_BLOCK, STOPS) if mask else None
    try:
        yield
    finally:
        if mask:
            mask(signal.SIG_SETMASK, previous)


@contextlib.contextmanager
def stops_dropped() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back while the block runs, and drop those that came.

    For the exchange of the old site and the new: once it is done the build is
    complete, and saying the site was left unchanged would be wrong.
    """
    with stops_held_back():
        try:
            yield
        finally:
            while hasattr(signal, "sigpending") and (pending := signal.sigpending() & STOPS):
                signal.sigwait(pending)


def as_helper(parent: int) -> None:
    """Set up a forked helper of the process `parent`: it dies with its parent, ignores
    Ctrl-C (the parent stops it), ends quietly on SIGTERM, and then takes the signals
    held back."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPS)


def die_with_parent(parent: int) -> None:
    """Have the kernel end this process when its parent (the process `parent`) ends
    (Linux), so that a killed build leaves no helper writing on into a folder the
    next build removes. A parent killed before this was set up has left this
    process to another one: then it ends at once."""
    prctl = getattr(libc(), "prctl", None)
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
