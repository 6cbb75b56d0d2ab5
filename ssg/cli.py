"""The `ssg` command. Content problems exit with 1, usage errors with click's 2."""

from __future__ import annotations

import time
from pathlib import Path

import click

from ssg.build import BuildOptions, BuildResult, build
from ssg.config import is_base_url
from ssg.errors import ContentError, Problem, errors_in
from ssg.output import unsafe_output_reason

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
@click.option("--drafts", is_flag=True, help="Entwürfe (draft: true) mit veröffentlichen.")
@click.option("--strict", is_flag=True, help="Warnungen als Fehler behandeln.")
def build_command(
    source: Path, output: Path | None, base_url: str | None, drafts: bool, strict: bool
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
    options = BuildOptions(source, output, base_url, drafts, strict)
    started = time.perf_counter()
    try:
        result = build(options)
    except ContentError as error:
        report_failure(error.problems, output)
        raise SystemExit(1) from None
    report_problems(result.warnings)
    click.echo(summary(result, output, time.perf_counter() - started))


def report_problems(problems: list[Problem]) -> None:
    """Print problems to stderr, one compiler-style block each."""
    for problem in problems:
        click.echo(problem.format(), err=True)


def report_failure(problems: list[Problem], output: Path) -> None:
    report_problems(problems)
    errors = len(errors_in(problems))
    warnings = len(problems) - errors
    counts = f"{errors} Fehler" + (
        f", {warnings} Warnung{'en' if warnings != 1 else ''}" if warnings else ""
    )
    click.echo(f"ssg: Abbruch wegen {counts}; {output}/ wurde nicht verändert.", err=True)


def summary(result: BuildResult, output: Path, seconds: float) -> str:
    """One line for the log: pages, files, time."""
    pages = result.page_count
    files = len(result.files)
    duration = f"{seconds:.2f}".replace(".", ",")
    return (
        f"ssg: {pages} Seite{'n' if pages != 1 else ''} ({files} Dateien) in {duration} s "
        f"nach {output}/ geschrieben."
    )


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

    def report(problems: list[Problem], succeeded: bool) -> None:
        report_problems(problems)
        if succeeded:
            click.echo(f"ssg: Vorschau aktualisiert: http://{host}:{port}/", err=True)
        else:
            click.echo(
                "ssg: Fehler gefunden; die Vorschau zeigt den letzten fehlerfreien Stand.", err=True
            )

    serve(source, host, port, report)
