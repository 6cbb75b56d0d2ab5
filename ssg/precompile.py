"""Compile the templates in a helper process while the build reads its sources.

Jinja compiles the handbook's 26 templates in about 0.17 s, which a build
without compiled templates (no cache, a new preview, a changed template) spends
before it can render, while the second core has nothing to do: reading the
settings and listing and reading the pages is work for one process. So a forked
helper compiles them meanwhile and sends the compiled code back; the build
hands it to the process's compiled templates (templates.py) before rendering.
Jinja checks each template's source against the code, so a template changed in
between is compiled again. Where the helper cannot help (one core, no fork, a
helper that failed) the build compiles them itself, as it would without.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import threading
from collections.abc import Iterator
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from ssg.signals import as_helper, stops_held_back
from ssg.templates import (
    compile_templates,
    compiled_templates,
    make_environment,
    remember_compiled,
)
from ssg.workers import worker_count


class TemplatesAhead:
    """The templates in `dirs`, compiled by a helper process."""

    def __init__(self, dirs: list[Path]) -> None:
        self.dirs = dirs
        self.helper: BaseProcess | None = None
        self.receiver: threading.Thread | None = None
        self.code: dict[str, bytes] = {}

    def start(self) -> None:
        if worker_count() < 2 or "fork" not in mp.get_all_start_methods():
            return
        context = mp.get_context("fork")
        receiving, sending = context.Pipe(duplex=False)
        helper = context.Process(target=self._compile, args=(os.getpid(), sending))
        try:
            with stops_held_back():  # none arrives before the helper has set how it reacts
                helper.start()
        except OSError:
            receiving.close()
            return
        finally:
            sending.close()
        self.helper = helper
        # Received as soon as it is sent, so the helper ends then, not when rendering
        # starts: its memory would otherwise add to this process's while it reads.
        self.receiver = threading.Thread(target=self._receive, args=(receiving,), daemon=True)
        self.receiver.start()

    def _compile(self, parent: int, sending: Connection) -> None:
        as_helper(parent)
        with contextlib.suppress(Exception):  # the build compiles what it did not get
            compile_templates(make_environment(self.dirs))
            sending.send(compiled_templates())

    def _receive(self, receiving: Connection) -> None:
        with receiving, contextlib.suppress(EOFError, OSError):  # helper failed: none
            self.code = receiving.recv()

    def take(self) -> None:
        """Wait for the compiled templates and hand them on to Jinja."""
        if self.receiver is not None:
            self.receiver.join()
            self.receiver = None
        self.stop()
        remember_compiled(self.code)

    def stop(self) -> None:
        """End the helper (at once, if it is still at work: the build failed)."""
        if self.helper is not None:
            if self.helper.is_alive() and self.receiver is not None:
                self.helper.terminate()
            self.helper.join()
            self.helper = None


@contextlib.contextmanager
def templates_compiled_ahead(dirs: list[Path], needed: bool) -> Iterator[TemplatesAhead]:
    """A started TemplatesAhead (if `needed`), stopped when the `with` block ends."""
    ahead = TemplatesAhead(dirs)
    if needed:
        ahead.start()
    try:
        yield ahead
    finally:
        ahead.stop()
