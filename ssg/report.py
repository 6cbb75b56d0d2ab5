"""What ssg prints: problems compiler-style (or as GitHub annotations), the summary
lines of build, check and the preview, and a progress bar on a terminal."""

from __future__ import annotations

import errno
import os
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import click

from ssg.build import BuildResult
from ssg.errors import Problem, errors_in, system_reason


def _warning_count(warnings: list[Problem], before: str) -> str:
    """', 1 Warnung' (with `before`), or nothing without warnings."""
    count = len(warnings)
    return f"{before}{count} Warnung{'en' if count != 1 else ''}" if count else ""


def report_problems(problems: list[Problem], output_format: str, source: Path = Path(".")) -> None:
    """Print problems to stderr: compiler-style blocks, or GitHub annotations to stdout."""
    for problem in problems:
        if output_format == "github":
            click.echo(problem.format_github(os.path.relpath(source)))
        else:
            click.echo(problem.format(), err=True)


def report_failure(
    problems: list[Problem], outcome: str, output_format: str, quiet: bool, source: Path
) -> None:
    """Every problem, then the line `outcome` with their count in place of `{}`."""
    shown = errors_in(problems) if quiet else problems
    report_problems(shown, output_format, source)
    errors = errors_in(problems)
    warnings = [problem for problem in problems if problem.severity != "error"]
    unshown = " (ohne -q gezeigt)" if quiet and warnings else ""
    counts = f"{len(errors)} Fehler" + _warning_count(warnings, ", ") + unshown
    click.echo("ssg: " + outcome.format(counts), err=True)


def system_failure(error: OSError) -> str:
    """The system's refusal (a full disk, missing rights) as one German line: no bug
    of ssg, so no traceback."""
    return f"ssg: Fehler: {access_refused(error)}"


def access_refused(error: OSError) -> str:
    """What the system refused, and why, in German."""
    where = f" auf {error.filename}" if error.filename else ""
    return f"Zugriff{where} nicht möglich: {system_reason(error)}."


def preview_failure(error: OSError, host: str, port: int) -> str:
    """Why the preview cannot listen at `host`:`port`, and what to do, in German."""
    if isinstance(error, socket.gaierror):  # a name or number that is no address
        reason, hint = "diese Adresse gibt es nicht", _OWN_ADDRESS
    else:
        reason, hint = _SOCKET_ERRORS.get(error.errno or 0, _OTHER_SOCKET_ERROR)
    return f"Die Vorschau kann {host}:{port} nicht verwenden ({reason}). {hint}"


_OTHER_PORT = "wählen Sie einen anderen Port mit --port."
_OWN_ADDRESS = (
    "Lassen Sie --host weg (dann 127.0.0.1) oder wählen Sie eine Adresse dieses Rechners."
)
_SOCKET_ERRORS = {
    errno.EADDRINUSE: ("der Port ist schon belegt", f"Läuft sie schon? Sonst {_OTHER_PORT}"),
    errno.EACCES: ("keine Berechtigung für diesen Port", f"Bitte {_OTHER_PORT}"),
    errno.EADDRNOTAVAIL: ("diese Adresse hat der Rechner nicht", _OWN_ADDRESS),
}
_OTHER_SOCKET_ERROR = ("Fehler des Betriebssystems", "Prüfen Sie --host und --port.")


def build_summary(result: BuildResult, output: Path, seconds: float) -> str:
    """The lines for the log: pages, files, time, warnings; what a missing base URL means."""
    pages = result.page_count
    files = len(result.files)
    duration = f"{seconds:.2f}".replace(".", ",")
    text = (
        f"ssg: {pages} Seite{'n' if pages != 1 else ''} ({files} Dateien) in {duration} s "
        f"nach {output}/ geschrieben{_warning_count(result.warnings, '; ')}."
    )
    if not result.base_url:
        text += (
            "\nssg: Hinweis: ohne base_url nennt sitemap.xml relative Adressen, und die "
            "404-Seite funktioniert nur im Hauptordner. Zum Veröffentlichen: "
            "ssg build --base-url https://…"
        )
    return text


def check_summary(result: BuildResult) -> str:
    """'ssg: keine Fehler, 1 Warnung (31 Seiten, 7 interne Links geprüft).'"""
    pages = result.page_count
    return (
        f"ssg: keine Fehler{_warning_count(result.warnings, ', ') or ' gefunden'} "
        f"({pages} Seite{'n' if pages != 1 else ''}, "
        f"{result.links_checked} interne Links geprüft)."
    )


class ProgressBar:
    """A progress bar on stderr for builds that take longer than a second, on a terminal only."""

    DELAY = 1.0

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.started = time.perf_counter()
        self.shown = False
        self.last_drawn = 0.0

    def update(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self.started < self.DELAY or (now - self.last_drawn < 0.1 and done < total):
            return
        self.last_drawn = now
        width = 30
        filled = width * done // max(total, 1)
        line = f"\r{stage}: [{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
        sys.stderr.write(line.ljust(70))
        sys.stderr.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * 70 + "\r")
            sys.stderr.flush()


@dataclass(frozen=True)
class Rebuilt:
    """What the terminal hears of one rebuild."""

    succeeded: bool
    seconds: float
    problems: list[Problem]  # errors of a failed build, or the warnings of a good one
    new_warnings: list[Problem]  # the warnings the last good build did not have


def preview_report(rebuilt: Rebuilt) -> None:
    """What the terminal shows of a preview build: errors, new warnings, one line."""
    duration = f"{rebuilt.seconds:.2f}".replace(".", ",")
    if not rebuilt.succeeded:
        report_problems(rebuilt.problems, "text")
        count = len(errors_in(rebuilt.problems))
        them = "ihn, bis er behoben ist" if count == 1 else "sie, bis sie behoben sind"
        click.echo(f"ssg: {count} Fehler ({duration} s); der Browser zeigt {them}.", err=True)
        return
    report_problems(rebuilt.new_warnings, "text")  # the others were shown before
    warnings = _warning_count(rebuilt.problems, "; ")
    shown = " (im Browser oben auf jeder Seite)" if warnings else ""
    click.echo(f"ssg: Vorschau aktuell ({duration} s){warnings}{shown}.", err=True)
