"""The `ssg` command. Content problems exit with 1, usage errors with click's 2."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

from ssg.build import BuildOptions, BuildResult, build, render_site
from ssg.config import is_base_url
from ssg.errors import ContentError, Problem, errors_in
from ssg.output import scratch_folder, unsafe_output_reason
from ssg.scaffold import ScaffoldError, new_page, new_project
from ssg.workers import sigterm_as_interrupt

source_option = click.option(
    "--source",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Ordner des Handbuchs (mit content/, data/, templates/). Standard: aktueller Ordner.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ssg")
def main() -> None:
    """ssg: erzeugt das Handbuch Soziale Stadt NRW als statische Website."""


quiet_option = click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="Nur Fehler ausgeben (keine Warnungen, keine Zusammenfassung).",
)
drafts_option = click.option(
    "--drafts", is_flag=True, help="Entwürfe (draft: true) mit veröffentlichen."
)
strict_option = click.option("--strict", is_flag=True, help="Warnungen als Fehler behandeln.")


@main.command("build")
@source_option
@click.option(
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Zielordner. Standard: site/ im Handbuch-Ordner.",
)
@click.option(
    "--base-url",
    metavar="URL",
    help="Öffentliche Adresse, z. B. https://example.org/handbuch/ "
    "(für sitemap.xml und kanonische Adressen).",
)
@drafts_option
@strict_option
@quiet_option
@click.option("--no-search", is_flag=True, help="Ohne Suchindex bauen (schneller).")
def build_command(
    source: Path,
    output: Path | None,
    base_url: str | None,
    drafts: bool,
    strict: bool,
    quiet: bool,
    no_search: bool,
) -> None:
    """Baut die Website nach site/ (oder --output)."""
    output = output if output is not None else source / "site"
    reason = unsafe_output_reason(source, output)
    if reason:
        raise click.BadParameter(reason, param_hint="--output")
    if base_url and not is_base_url(base_url):
        raise click.BadParameter(
            "erwartet eine vollständige Adresse wie https://example.org/handbuch/",
            param_hint="--base-url",
        )
    started = time.perf_counter()
    bar = ProgressBar(enabled=not quiet)
    options = BuildOptions(source, output, base_url, drafts, strict, bar.update, not no_search)
    try:
        with sigterm_as_interrupt():
            result = build(options)
    except ContentError as error:
        bar.clear()
        outcome = f"Abbruch wegen {{}}; {output}/ wurde nicht verändert."
        report_failure(error.problems, outcome, "text", quiet, source)
        raise SystemExit(1) from None
    except KeyboardInterrupt:
        bar.clear()
        click.echo(f"ssg: abgebrochen; {output}/ wurde nicht verändert.", err=True)
        raise SystemExit(130) from None
    bar.clear()
    if not quiet:
        report_problems(result.warnings, "text")
        click.echo(summary(result, output, time.perf_counter() - started))


@main.command("check")
@source_option
@drafts_option
@strict_option
@quiet_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="github: Meldungen als Anmerkungen für GitHub Actions (erscheinen im Pull Request).",
)
def check_command(
    source: Path, drafts: bool, strict: bool, quiet: bool, output_format: str
) -> None:
    """Prüft alles, was build prüft, und jeden internen Link; schreibt nichts."""
    bar = ProgressBar(enabled=not quiet and output_format == "text")
    options = BuildOptions(source, source / "site", None, drafts, strict, bar.update, search=False)
    try:
        with scratch_folder("ssg-check-") as folder:
            result = render_site(options, Path(folder))
    except ContentError as error:
        bar.clear()
        report_failure(error.problems, "{} gefunden.", output_format, quiet, source)
        raise SystemExit(1) from None
    bar.clear()
    if not quiet:
        report_problems(result.warnings, output_format, source)
        pages = result.page_count
        click.echo(
            f"ssg: keine Fehler gefunden ({pages} Seite{'n' if pages != 1 else ''}, "
            f"{result.links_checked} interne Links geprüft)."
        )


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
    errors = len(errors_in(problems))
    warnings = len(problems) - errors
    counts = f"{errors} Fehler" + (
        f", {warnings} Warnung{'en' if warnings != 1 else ''}" if warnings else ""
    )
    click.echo("ssg: " + outcome.format(counts), err=True)


def summary(result: BuildResult, output: Path, seconds: float) -> str:
    """One line for the log: pages, files, time."""
    pages = result.page_count
    files = len(result.files)
    duration = f"{seconds:.2f}".replace(".", ",")
    return (
        f"ssg: {pages} Seite{'n' if pages != 1 else ''} ({files} Dateien) in {duration} s "
        f"nach {output}/ geschrieben."
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


@main.command("serve")
@source_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Adresse, an der die Vorschau erreichbar ist.",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
def serve_command(source: Path, host: str, port: int) -> None:
    """Vorschau mit automatischem Neuladen (mit Entwürfen, schreibt nicht nach site/)."""
    from ssg.serve import serve

    def report(problems: list[Problem], succeeded: bool, seconds: float) -> None:
        report_problems(problems, "text")
        if succeeded:
            duration = f"{seconds:.2f}".replace(".", ",")
            click.echo(
                f"ssg: Vorschau aktuell ({duration} s): http://{host}:{port}/ (Strg+C beendet)",
                err=True,
            )
        else:
            click.echo(
                "ssg: Fehler gefunden; der Browser zeigt sie an, bis sie behoben sind.", err=True
            )

    try:
        serve(source, host, port, report)
    except OSError as error:
        raise click.ClickException(
            f"Die Vorschau kann {host}:{port} nicht verwenden ({error.strerror}). "
            "Läuft sie schon? Sonst wählen Sie einen anderen Port mit --port."
        ) from None


@main.group("new")
def new_group() -> None:
    """Legt ein neues Projekt oder eine neue Seite an (als Entwurf)."""


@new_group.command("project")
@source_option
@click.argument("title")
def new_project_command(source: Path, title: str) -> None:
    """Hängt ein Projekt mit dem Titel TITLE an data/projects.yaml an."""
    try:
        address = new_project(source, title)
    except ScaffoldError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"ssg: Projekt '{title}' am Ende von data/projects.yaml angelegt (Entwurf, Adresse "
        f"{address}). Füllen Sie die Felder aus und löschen Sie 'draft: true'."
    )


@new_group.command("page")
@source_option
@click.argument("name")
@click.option("--title", help="Titel der Seite. Standard: aus dem Namen gebildet.")
def new_page_command(source: Path, name: str, title: str | None) -> None:
    """Legt content/NAME.md an, z. B. NAME = handlungsfelder/wohnen."""
    try:
        file = new_page(source, name, title)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="NAME") from None
    except ScaffoldError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"ssg: {file.relative_to(source)} angelegt (Entwurf).")


if __name__ == "__main__":
    main()
