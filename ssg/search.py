"""The site's search index, built with Pagefind from the rendered pages.

Pages mark what is searchable (`data-pagefind-body`) and what can be filtered
(`data-pagefind-filter`). The indexer runs on the staging folder of the
build, before it replaces the published site, so that site never has a
stale index. (Pagefind's Python
API answers one page per 0.1 s, which is far too slow for large sites; its
program, run once, indexes thousands of pages a second.) Its files are then
put in an order of their own (`searchorder.py`), so that the same pages give
the same index whatever order they were written in.
"""

from __future__ import annotations

import os
import subprocess
from functools import partial
from pathlib import Path

from ssg.errors import ContentError, Problem
from ssg.output import scratch_folder
from ssg.paths import SEARCH_FOLDER
from ssg.searchorder import KNOWN_VERSION, UnknownFormat, stable_index
from ssg.signals import die_with_parent

# Pagefind's ready-made interfaces; the search page has its own, accessible one.
_UNUSED = ("-ui.", "highlight", "playground")


def search_index(folder: Path) -> list[str]:
    """Index the HTML pages in `folder`; write Pagefind's files to its `pagefind/`.

    Returns the paths written, relative to `folder`. Pages without
    `data-pagefind-body` (the 404 page) are not indexed.
    """
    with scratch_folder("ssg-search-") as scratch:
        bundle = Path(scratch, "pagefind")
        try:
            from pagefind_bin import get_executable

            command = [str(get_executable()), "--site", str(folder), "--output-path", str(bundle)]
            subprocess.run(
                [*command, "--silent"],
                check=True,
                capture_output=True,
                text=True,
                # Safe here: a build runs no threads.
                preexec_fn=partial(die_with_parent, os.getpid()),
            )
        except (ImportError, OSError, subprocess.CalledProcessError) as error:
            details = getattr(error, "stderr", "") or str(error)
            raise ContentError([_failure(details.strip())]) from None
        produced = {
            file.relative_to(bundle).as_posix(): file.read_bytes()
            for file in sorted(bundle.rglob("*"))
            if file.is_file() and not any(part in file.name for part in _UNUSED)
        }
    try:
        stable = stable_index(produced)
    except (UnknownFormat, KeyError, IndexError, TypeError, ValueError, EOFError, OSError) as error:
        raise ContentError([_unknown_format(error)]) from None
    written = []
    for path, data in sorted(stable.items()):
        target = folder / SEARCH_FOLDER / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(SEARCH_FOLDER + path)
    return written


def _unknown_format(error: Exception) -> Problem:
    from importlib import metadata  # only here: importing it takes a sixth of starting ssg

    try:
        version = metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        version = "(Version unbekannt)"
    return Problem(
        "pagefind",
        1,
        1,
        f"Pagefind {version} schreibt den Suchindex in einer Form, die ssg nicht kennt "
        f"({type(error).__name__}: {error})",
        f"ssg ordnet den Index von Pagefind {KNOWN_VERSION}x (pyproject.toml: "
        "pagefind[bin]>=1.5,<1.6). Installieren Sie diese Version (make site), oder bauen "
        "Sie mit --no-search.",
    )


def _failure(details: str) -> Problem:
    return Problem(
        "pagefind",
        1,
        1,
        f"Der Suchindex kann nicht erstellt werden: {details}",
        "Ist das Paket pagefind[bin] installiert (make site)? `ssg build --no-search` baut die "
        "Website ohne Suche.",
    )
