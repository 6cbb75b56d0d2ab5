"""The `ssg` command. Content problems exit with 1, usage errors with click's 2."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from ssg.build import BuildOptions, build, render_site
from ssg.cache import kept_for_reading
from ssg.errors import ContentError
from ssg.options import (
    base_url_option,
    check_drafts_option,
    check_port,
    drafts_option,
    quiet_option,
    source_option,
    strict_option,
)
from ssg.output import scratch_folder, unsafe_output_reason
from ssg.report import (
    ProgressBar,
    access_refused,
    build_summary,
    check_summary,
    preview_failure,
    preview_report,
    report_failure,
    report_problems,
    system_failure,
)
from ssg.scaffold import ScaffoldError, new_district, new_page, new_project
from ssg.signals import end_own_process, own_process, sigterm_as_interrupt, stops_ignored
from ssg.translation import GermanGroup


@click.group("ssg", cls=GermanGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ssg", prog_name="ssg")
def main() -> None:
    """ssg: baut ein Handbuch wie das Handbuch Soziale Stadt NRW als statische Website."""


@main.command("build")
@source_option
@click.option(
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    metavar="ORDNER",
    help="Zielordner. Standard: site/ im Handbuch-Ordner.",
)
@base_url_option
@drafts_option
@strict_option
@quiet_option
@click.option("--no-search", is_flag=True, help="Ohne Suchindex bauen (schneller).")
@click.option(
    "--no-cache",
    is_flag=True,
    envvar="SSG_NO_CACHE",
    help="Ohne den Zwischenspeicher .ssg-cache/ bauen (alles neu, nichts aufheben); "
    "ebenso mit SSG_NO_CACHE=1.",
)
def build_command(
    source: Path,
    output: Path | None,
    base_url: str | None,
    drafts: bool,
    strict: bool,
    quiet: bool,
    no_search: bool,
    no_cache: bool,
) -> None:
    """Baut die Website nach site/ (oder --output)."""
    output = output if output is not None else source / "site"
    reason = unsafe_output_reason(source, output)
    if reason:
        raise click.BadParameter(reason, param_hint="--output")
    started = time.perf_counter()
    bar = ProgressBar(enabled=not quiet)
    options = BuildOptions(
        source, output, base_url, drafts, strict, bar.update, not no_search, not no_cache
    )
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
    except OSError as error:  # a full disk, missing rights: said in German, no traceback
        bar.clear()
        click.echo(system_failure(error), err=True)
        click.echo(f"ssg: Abbruch; {output}/ wurde nicht verändert.", err=True)
        raise SystemExit(1) from None
    bar.clear()
    if not quiet:
        for note in result.notes:
            click.echo(f"ssg: Hinweis: {note}", err=True)
        report_problems(result.warnings, "text")
        click.echo(build_summary(result, output, time.perf_counter() - started))


@main.command("check", short_help="Prüft Inhalte und interne Links; schreibt nichts.")
@source_option
@base_url_option
@check_drafts_option
@strict_option
@quiet_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="text: Meldungen wie bei build; github: als Anmerkungen für GitHub Actions "
    "(erscheinen im Pull Request).",
)
def check_command(
    source: Path,
    base_url: str | None,
    drafts: bool,
    strict: bool,
    quiet: bool,
    output_format: str,
) -> None:
    """Prüft alles, was build prüft, und jeden internen Link; schreibt nichts."""
    bar = ProgressBar(enabled=not quiet and output_format == "text")
    options = BuildOptions(
        source, source / "site", base_url, drafts, strict, bar.update, search=False
    )
    try:
        with scratch_folder("ssg-check-") as folder:
            result = render_site(options, Path(folder), kept_for_reading(source))
    except ContentError as error:
        bar.clear()
        report_failure(error.problems, "{} gefunden.", output_format, quiet, source)
        raise SystemExit(1) from None
    except OSError as error:  # a full disk, say, for the scratch folder
        bar.clear()
        click.echo(system_failure(error), err=True)
        raise SystemExit(1) from None
    bar.clear()
    if not quiet:
        report_problems(result.warnings, output_format, source)
        click.echo(check_summary(result))


@main.command("serve", short_help="Vorschau mit automatischem Neuladen (mit Entwürfen).")
@source_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    metavar="ADRESSE",
    help="Adresse, an der die Vorschau erreichbar ist.",
)
@click.option(
    "--port",
    type=int,
    default=8000,
    callback=check_port,
    metavar="PORT",
    help="Port, an dem die Vorschau erreichbar ist (1 bis 65535). Standard: 8000.",
)
def serve_command(source: Path, host: str, port: int) -> None:
    """Vorschau mit automatischem Neuladen (mit Entwürfen, schreibt nicht nach site/)."""
    from ssg.serve import serve

    def announce(address: str) -> None:
        click.echo(f"ssg: Vorschau unter {address} (Strg+C beendet)", err=True)

    try:
        serve(source, host, port, announce, preview_report)
    except OSError as error:
        raise click.ClickException(preview_failure(error, host, port)) from None


@main.group("new")
def new_group() -> None:
    """Legt ein Handbuch, ein Projekt, eine Seite oder ein Profil an."""


Created = TypeVar("Created")


def _scaffolded(create: Callable[[], Created], argument: str) -> Created:
    """What `ssg new` created; a name that cannot be used is a usage error (exit 2),
    something already there an error (exit 1)."""
    try:
        return create()
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint=argument) from None
    except ScaffoldError as error:
        raise click.ClickException(str(error)) from None
    except OSError as error:  # a name too long, a folder that may not be written
        raise click.ClickException(access_refused(error)) from None


@new_group.command(
    "project", short_help="Hängt ein Projekt an data/projects.yaml an (als Entwurf)."
)
@source_option
@click.argument(
    "title",
    metavar="TITEL",
    help='Titel des Projekts; mit Leerzeichen in Anführungszeichen: "Café Nordstadt".',
)
def new_project_command(source: Path, title: str) -> None:
    """Hängt ein Projekt mit dem Titel TITEL an data/projects.yaml an (als Entwurf)."""
    address = _scaffolded(lambda: new_project(source, title), "TITEL")
    click.echo(
        f"ssg: Projekt '{title}' am Ende von data/projects.yaml angelegt (Entwurf, Adresse "
        f"{address}). Füllen Sie die Felder aus und löschen Sie 'draft: true'."
    )


@new_group.command("page", short_help="Legt eine Seite content/NAME.md an (als Entwurf).")
@source_option
@click.argument("name", metavar="NAME", help="Pfad der Seite unter content/, ohne .md.")
@click.option("--title", metavar="TITEL", help="Titel der Seite. Standard: aus dem Namen gebildet.")
def new_page_command(source: Path, name: str, title: str | None) -> None:
    """Legt content/NAME.md an, z. B. NAME = handlungsfelder/wohnen."""
    file = _scaffolded(lambda: new_page(source, name, title), "NAME")
    click.echo(f"ssg: {file.relative_to(source)} angelegt (Entwurf).")


@new_group.command(
    "district", short_help="Legt ein Stadtteilprofil content/stadtteile/… an (als Entwurf)."
)
@source_option
@click.argument(
    "name",
    metavar="STADT/STADTTEIL",
    help='Stadt und Stadtteil wie im Projektkatalog, z. B. "Dortmund/Nordstadt".',
)
def new_district_command(source: Path, name: str) -> None:
    """Legt das Profil eines Stadtteils an, z. B. STADT/STADTTEIL = Dortmund/Nordstadt,
    mit den üblichen Abschnitten des Programms und allen Feldern als Kommentar."""
    for file in _scaffolded(lambda: new_district(source, name), "STADT/STADTTEIL"):
        click.echo(f"ssg: {file.relative_to(source).as_posix()} angelegt (Entwurf).")


@new_group.command("site", short_help="Legt in ORDNER ein neues Handbuch an.")
@click.argument(
    "folder",
    metavar="ORDNER",
    type=click.Path(path_type=Path),
    help="Ordner für das neue Handbuch; neu oder leer.",
)
@click.option(
    "--title",
    metavar="TITEL",
    help="Titel des Handbuchs. Standard: Handbuch Soziale Stadt NRW.",
)
@click.option(
    "--ci",
    type=click.Choice(["github", "gitlab", "keine"]),
    default="github",
    show_default=True,
    help="Welche CI prüft und veröffentlicht: github (GitHub Pages), gitlab (GitLab Pages) "
    "oder keine.",
)
def new_site_command(folder: Path, title: str | None, ci: str) -> None:
    """Legt in ORDNER (neu oder leer) ein neues Handbuch an, das sich sofort bauen lässt."""
    import shlex

    from ssg.newsite import CI_FILES, DEFAULT_TITLE, UNKNOWN_SOURCE, new_site

    chosen_title = DEFAULT_TITLE if title is None else title
    files = _scaffolded(lambda: new_site(folder, chosen_title, ci), "--title")
    shown = shlex.quote(str(folder))
    click.echo(f"ssg: neues Handbuch in {folder}/ angelegt ({len(files)} Dateien).")
    click.echo(f"  Vorschau:       ssg serve --source {shown}")
    click.echo(f'  Neues Projekt:  ssg new project --source {shown} "Titel"')
    click.echo(
        "  Vor dem Veröffentlichen: Angaben für Impressum, Datenschutz und "
        "Barrierefreiheit in data/site.yaml eintragen."
    )
    if chosen := CI_FILES[ci]:
        click.echo(f"  CI: {chosen[1]} prüft jede Änderung und veröffentlicht den Hauptzweig.")
    if UNKNOWN_SOURCE in (folder / "requirements.txt").read_text(encoding="utf-8"):
        click.echo("  requirements.txt: tragen Sie ein, woher die CI ssg installieren soll.")
    click.echo("  Alles Weitere erklärt docs/redaktion.md.")


def run() -> None:
    """The `ssg` command: a process of its own, which ends with the command."""
    # Python's collector scans the young objects every 700 allocations; a build makes
    # hundreds of thousands that live until it ends. Scanning less often saves a fifth
    # of the CPU of a large build (catalogue-5000: 7.5 instead of 9.7 s user time)
    # for about 5 MB more memory.
    gc.set_threshold(50_000, 20, 100)
    own_process()
    code: object = 0
    try:
        main()
    except SystemExit as leaving:  # how click ends every command
        code = leaving.code
    finally:
        stops_ignored()  # what is left is leaving
    end_own_process(code)


if __name__ == "__main__":
    run()
