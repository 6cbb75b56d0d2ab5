"""Live preview: rebuild on every change and reload the open browser tab.

The preview is built into a temporary folder, never into site/, and always
includes drafts. When a change breaks the content, the terminal shows the
problems and the last good preview stays online until the change is fixed.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from livereload import Server

from ssg.build import BuildOptions, render_site
from ssg.errors import ContentError, Problem
from ssg.output import write_site

WATCHED = ("content", "data", "templates")

Report = Callable[[list[Problem], bool], None]


def rebuild(source: Path, output: Path, report: Report) -> bool:
    """Build the preview into `output`; report problems; True if the build succeeded."""
    try:
        result = render_site(BuildOptions(source, output, drafts=True))
    except ContentError as error:
        report(error.problems, False)
        return False
    write_site(result.files, output)
    report(result.warnings, True)
    return True


def serve(source: Path, host: str, port: int, report: Report) -> None:
    """Serve a live-reloading preview of the handbook at `source` until interrupted."""
    preview = Path(tempfile.mkdtemp(prefix="ssg-preview-"))
    output = preview / "site"
    try:
        rebuild(source, output, report)
        server = Server()
        for folder in WATCHED:
            if (source / folder).exists():
                server.watch(str(source / folder), lambda: rebuild(source, output, report))
        server.serve(host=host, port=port, root=str(output), open_url_delay=None)
    finally:
        shutil.rmtree(preview, ignore_errors=True)
