"""Live preview: rebuild on every change and reload the open browser tab.

The preview is built into a temporary folder, never into site/, and always
includes drafts. While the content has errors, every page of the preview
shows them (file, line, message, hint) in German, and the terminal shows the
same; the next good build brings the pages back. Unknown paths get the
site's own 404 page.
"""

from __future__ import annotations

import html
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tornado.web
import watchfiles
from livereload import Server
from livereload.handlers import LiveReloadHandler, StaticFileHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop

from ssg.build import BuildOptions, BuildState, update_site
from ssg.errors import SEVERITY_LABEL, ContentError, Problem
from ssg.output import scratch_folder
from ssg.plan import template_dirs
from ssg.workers import sigterm_as_interrupt

# Called with the problems of a build, whether it succeeded, and its duration in seconds.
Report = Callable[[list[Problem], bool, float], None]


class Preview:
    """The state of the preview: where it is built, and the problems of the last build."""

    def __init__(self, source: Path, folder: Path, base_url: str, report: Report) -> None:
        self.source = source
        self.output = folder / "site"
        self.base_url = base_url
        self.report = report
        self.problems: list[Problem] = []
        self.state = BuildState()

    def rebuild(self) -> bool:
        """Update the preview; on errors remember the problems, which every page then shows.

        Only what an edit changed is read and rendered again (see update_site).
        """
        options = BuildOptions(self.source, self.output, self.base_url, drafts=True, search=False)
        started = time.perf_counter()
        try:
            result = update_site(options, self.output, self.state)
        except ContentError as error:
            self.problems = error.problems
            self.report(error.problems, False, time.perf_counter() - started)
            return False
        self.problems = []
        self.report(result.warnings, True, time.perf_counter() - started)
        return True

    def watched(self) -> list[Path]:
        """The folders whose changes trigger a rebuild."""
        folders = [self.source / "content", self.source / "data"]
        return [folder for folder in folders + template_dirs(self.source) if folder.exists()]


def error_page(problems: list[Problem]) -> bytes:
    """A readable German page listing every problem, shown instead of any page."""
    items = "".join(
        f'<li class="{problem.severity}"><p class="where"><strong>'
        f"{SEVERITY_LABEL[problem.severity]}</strong> in <code>{html.escape(problem.path)}</code>, "
        f"Zeile {problem.line}, Spalte {problem.column}</p>"
        f'<p class="message">{html.escape(problem.message)}</p>'
        + (f'<p class="hint">Hinweis: {html.escape(problem.hint)}</p>' if problem.hint else "")
        + "</li>"
        for problem in problems
    )
    count = sum(1 for problem in problems if problem.severity == "error")
    return f"""<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fehler im Inhalt – Vorschau</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 50rem; margin: 2rem auto; padding: 0 1rem;
  line-height: 1.5; color: #1b1b1b; }}
h1 {{ color: #8a1c00; }}
ol {{ padding-left: 1.25rem; }}
li {{ margin-bottom: 1.25rem; padding: 0.75rem 1rem; border-left: 4px solid #8a1c00;
  background: #fbeeea; }}
li.warning {{ border-color: #7a5a00; background: #fbf5e0; }}
li p {{ margin: 0.25rem 0; }}
.message {{ font-size: 1.1rem; }}
code {{ font-size: 1rem; }}
</style>
</head>
<body>
<main>
<h1>Die Vorschau kann nicht aktualisiert werden</h1>
<p>ssg hat {count} Fehler gefunden. Sobald Sie die Datei korrigiert und gespeichert haben,
erscheint hier wieder die Seite.</p>
<ol>{items}</ol>
</main>
</body>
</html>
""".encode()


def make_handler(preview: Preview) -> type[StaticFileHandler]:
    """A static file handler that knows the preview's errors and its 404 page."""

    class PreviewHandler(StaticFileHandler):  # type: ignore[misc]
        async def get(self, path: str, include_body: bool = True) -> None:
            if preview.problems and _is_page(path):
                self.set_status(200)
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.set_header("Cache-Control", "no-store")
                self.finish(error_page(preview.problems))
                return
            try:
                await super().get(path, include_body)
            except tornado.web.HTTPError as error:
                if error.status_code != 403:
                    raise
                # Outside the folder (../, encoded or not), or a folder: no such page.
                raise tornado.web.HTTPError(404) from None

        def compute_etag(self) -> str | None:
            if getattr(self, "absolute_path", None) is None:
                return None  # the error page is no file
            etag: str | None = super().compute_etag()
            return etag

        def write_error(self, status_code: int, **kwargs: Any) -> None:
            not_found = preview.output / "404.html"
            if status_code == 404 and not_found.is_file():
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.finish(not_found.read_bytes())
                return
            super().write_error(status_code, **kwargs)

    return PreviewHandler


def _is_page(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return not name or name.endswith(".html") or "." not in name


class PreviewWatcher(Watcher):  # type: ignore[misc]
    """Rebuilds as soon as the operating system reports a change, browser or not.

    livereload's own watcher polls every 0.8 s once a browser has connected
    and compares modification times only; watchfiles gets every change at once
    (inotify, FSEvents, ReadDirectoryChangesW) and also sees files moved into
    content/ with an older time. The rebuild runs in the server's thread (so
    that forking workers never happens beside a busy thread), then open pages
    are told to reload.
    """

    STEP_MS = 20  # how long to wait for further changes of the same save

    def __init__(self, preview: Preview) -> None:
        super().__init__()
        self.preview = preview
        self.stop = threading.Event()
        self.loop: IOLoop | None = None

    def run_in_background(self) -> None:
        self.loop = IOLoop.current()
        threading.Thread(target=self._watch, name="ssg-watch", daemon=True).start()

    def _watch(self) -> None:
        folders = self.preview.watched()
        for changes in watchfiles.watch(
            *folders, step=self.STEP_MS, stop_event=self.stop, raise_interrupt=False
        ):
            if self.loop is not None:
                path = sorted(path for _change, path in changes)[0]
                self.loop.add_callback(self._rebuild, path)

    def _rebuild(self, path: str) -> None:
        self.preview.rebuild()
        LiveReloadHandler.reload_waiters(path)

    def start(self, _callback: Callable[[], None]) -> bool:
        return True  # livereload need not poll: _watch tells it when to reload

    def examine(self) -> tuple[str | None, None]:
        return None, None


class QuietServer(Server):  # type: ignore[misc]
    """livereload's server without its INFO chatter in the editor's terminal."""

    def _setup_logging(self) -> None:
        logging.getLogger("livereload").setLevel(logging.WARNING)
        logging.getLogger("tornado.access").setLevel(logging.WARNING)


def serve(source: Path, host: str, port: int, report: Report) -> None:
    """Serve a live-reloading preview of the handbook at `source` until interrupted.

    Raises OSError if the port cannot be used.
    """
    with sigterm_as_interrupt(), scratch_folder("ssg-preview-", in_memory=False) as scratch:
        folder = Path(scratch)
        preview = Preview(source, folder, f"http://{host}:{port}/", report)
        preview.output.mkdir()
        preview.rebuild()
        # livereload drops changes that come within 3 s of the last reload; our
        # builds are atomic, so every change may reload the page at once.
        LiveReloadHandler.DEFAULT_RELOAD_TIME = 0
        watcher = PreviewWatcher(preview)
        server = QuietServer(watcher=watcher)
        server.SFH = make_handler(preview)
        watcher.run_in_background()
        try:
            server.serve(host=host, port=port, root=str(preview.output), open_url_delay=None)
        finally:
            watcher.stop.set()
