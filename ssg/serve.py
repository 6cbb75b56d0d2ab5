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
import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import tornado.web
from livereload import Server
from livereload.handlers import LiveReloadHandler, StaticFileHandler
from tornado.ioloop import IOLoop

from ssg.build import BuildOptions, Superseded, render_site
from ssg.cache import kept_for_reading
from ssg.errors import SEVERITY_LABEL, ContentError, Problem
from ssg.output import scratch_folder
from ssg.report import Rebuilt
from ssg.signals import sigterm_as_interrupt
from ssg.sources import Stamp, is_ignored, stamp, template_dirs
from ssg.watch import PreviewWatcher

# Called once the address is taken, before the first build; then after every build.
Announce = Callable[[str], None]
Report = Callable[[Rebuilt], None]


class Preview:
    """The state of the preview: where it is built, and the problems of the last build."""

    def __init__(self, source: Path, folder: Path, base_url: str, report: Report) -> None:
        self.source = source
        self.output = folder / "site"
        self.base_url = base_url
        self.report = report
        self.problems: list[Problem] = []  # errors: every page shows them instead
        self.warnings: list[Problem] = []  # every page shows them in a box on top
        self.kept = kept_for_reading(source)  # what `ssg build` read and is unchanged
        self.kept.again = True

    def rebuild(self, changed: Sequence[str] = ()) -> bool:
        """Update the preview; on errors remember the problems, which every page then shows.
        True if it is up to date without errors.

        Only what an edit changed is read and rendered again (see incremental.py);
        the first build reads only what changed since the last `ssg build`. If one
        of the `changed` files changes again before rendering starts, it may have
        been read half saved: nothing is rendered or reported, and the watcher's
        report of the rest of the save builds again.
        """
        options = BuildOptions(self.source, self.output, self.base_url, drafts=True, search=False)
        started = time.perf_counter()
        # Files only: a folder changes with every file made in it, also with those the
        # watcher leaves out; and editors' swap and backup files change while they type.
        stamps = {
            path: stamp(Path(path))
            for path in changed
            if not Path(path).is_dir() and not is_ignored(Path(path).name)
        }
        try:
            result = render_site(options, self.output, self.kept, lambda: _as_stamped(stamps))
        except Superseded:
            return False
        except ContentError as error:
            self.problems = error.problems
            self.report(Rebuilt(False, time.perf_counter() - started, error.problems, []))
            return False
        # Known by what they say, not where: a line added above moves them all.
        shown = {(warning.path, warning.message) for warning in self.warnings}
        new = [w for w in result.warnings if (w.path, w.message) not in shown]
        self.problems, self.warnings = [], result.warnings
        self.report(Rebuilt(True, time.perf_counter() - started, result.warnings, new))
        return True

    def watched(self) -> list[Path]:
        """The folders whose changes trigger a rebuild, also those not made yet."""
        return [self.source / "content", self.source / "data", *template_dirs(self.source)]


def _as_stamped(stamps: dict[str, Stamp]) -> bool:
    """Whether the files are as they were when `stamps` were taken."""
    return all(stamp(Path(path)) == stamped for path, stamped in stamps.items())


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


def warnings_box(warnings: list[Problem]) -> bytes:
    """A box on top of every page of the preview while the content has warnings.

    Only the preview shows it; the published pages never contain it.
    """
    items = "".join(
        f"<li><code>{html.escape(problem.path)}</code>, Zeile {problem.line}: "
        f"{html.escape(problem.message)}"
        + (f"<br>Hinweis: {html.escape(problem.hint)}" if problem.hint else "")
        + "</li>"
        for problem in warnings
    )
    count = f"{len(warnings)} Warnung{'en' if len(warnings) != 1 else ''}"
    return (
        '<aside aria-label="Warnungen der Vorschau" style="margin:1rem 0;padding:0.75rem 1rem;'
        "border-left:4px solid #7a5a00;background:#fbf5e0;color:#1b1b1b;"
        'font:1rem/1.5 system-ui,sans-serif;overflow-wrap:anywhere">'
        f"<details open><summary><strong>Vorschau: {count}</strong> (mit --strict, "
        "wie in der automatischen Prüfung, sind es Fehler)</summary>"
        f'<ul style="margin:0.5rem 0 0;padding-left:1.25rem">{items}</ul></details></aside>'
    ).encode()


_MAIN_START = re.compile(rb"<main[^>]*>")
_BODY_START = re.compile(rb"<body[^>]*>")


def with_box(page: bytes, box: bytes) -> bytes:
    """`page` with `box` at the top of its main content (the skip link stays first)."""
    found = _MAIN_START.search(page) or _BODY_START.search(page)
    return page[: found.end()] + box + page[found.end() :] if found else box + page


def make_handler(preview: Preview) -> type[StaticFileHandler]:
    """A static file handler that knows the preview's errors, warnings and 404 page."""

    class PreviewHandler(StaticFileHandler):  # type: ignore[misc]
        async def get(self, path: str, include_body: bool = True) -> None:
            if preview.problems and _is_page(path):
                self._finish_page(error_page(preview.problems))
                return
            try:
                if preview.warnings and _is_page(path):
                    self._finish_with_warnings(path)
                    return
                await super().get(path, include_body)
            except tornado.web.HTTPError as error:
                if error.status_code != 403:
                    raise
                # Outside the folder (../, encoded or not), or a folder: no such page.
                raise tornado.web.HTTPError(404) from None

        def _finish_with_warnings(self, path: str) -> None:
            """The page with the warnings box, found the way the file handler finds it."""
            self.path = self.parse_url_path(path)
            found = self.validate_absolute_path(
                self.root, self.get_absolute_path(self.root, self.path)
            )
            if found is None:  # redirected to the folder's address with a slash
                return
            page = Path(found).read_bytes()
            self._finish_page(with_box(page, warnings_box(preview.warnings)))

        def _finish_page(self, page: bytes) -> None:
            self.set_status(200)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(page)

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


class QuietServer(Server):  # type: ignore[misc]
    """livereload's server without its INFO chatter in the editor's terminal."""

    def _setup_logging(self) -> None:
        logging.getLogger("livereload").setLevel(logging.WARNING)
        # tornado logs every 404 in English; the editor needs none of them.
        logging.getLogger("tornado.access").setLevel(logging.ERROR)


def serve(source: Path, host: str, port: int, announce: Announce, report: Report) -> None:
    """Serve a live-reloading preview of the handbook at `source` until interrupted.

    The address is taken first and announced at once, so that a busy port fails
    before anything is promised, and the editor knows where to look even while
    the content starts out broken (the error page is served there). Raises
    OSError if the port cannot be used.
    """
    with sigterm_as_interrupt(), scratch_folder("ssg-preview-") as scratch:
        folder = Path(scratch)
        address = f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"
        preview = Preview(source, folder, address, report)
        preview.output.mkdir()
        # livereload drops changes that come within 3 s of the last reload; our
        # builds are atomic, so every change may reload the page at once.
        LiveReloadHandler.DEFAULT_RELOAD_TIME = 0
        watcher = PreviewWatcher(preview)
        server = QuietServer(watcher=watcher)
        server.SFH = make_handler(preview)
        server.root, server.default_filename = str(preview.output), "index.html"
        server._setup_logging()
        server.application(port, host, liveport=None, debug=False, live_css=True)  # binds
        announce(address)
        watcher.run_in_background()
        preview.rebuild()
        loop = IOLoop.current()
        try:
            LiveReloadHandler.start_tasks()
            loop.start()
        except KeyboardInterrupt:
            pass  # Ctrl-C or SIGTERM: the scratch folder goes with the `with`
        finally:
            watcher.stop.set()
            loop.close(all_fds=True)
