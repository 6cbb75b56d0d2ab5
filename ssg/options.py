"""The options several `ssg` commands share, and their checks (German, like all of ssg)."""

from __future__ import annotations

from pathlib import Path

import click
from click.core import ParameterSource

from ssg.config import is_base_url
from ssg.translation import translate_click

# Before the first option: click translates some words (a path's kind) when it builds one.
translate_click()


def _check_source(context: click.Context, parameter: click.Parameter, source: Path) -> Path:
    """A handbook has content/ or data/; anywhere else ssg would report or write nonsense."""
    if _is_handbook(source):
        return source
    given = context.get_parameter_source(parameter.name or "") != ParameterSource.DEFAULT
    shown = f"'{source}'" if given else "Der aktuelle Ordner"
    inside = _handbook_above(source.absolute())
    where = (
        f"Er liegt im Handbuch {inside}: Wechseln Sie dorthin"
        if inside is not None
        else "Wechseln Sie in den Ordner des Handbuchs"
    )
    message = (
        f"{shown} ist kein Handbuch (weder content/ noch data/ darin). {where} oder nennen "
        "Sie es mit --source; ein neues Handbuch legt 'ssg new site ORDNER' an."
    )
    # Not "invalid value for --source" where none was given.
    raise click.BadParameter(message) if given else click.UsageError(message)


def _is_handbook(folder: Path) -> bool:
    return (folder / "content").is_dir() or (folder / "data").is_dir()


def _handbook_above(folder: Path) -> Path | None:
    """The handbook whose content/, data/ or templates/ holds `folder`, if one does (a
    folder above with a data/ of its own may be a home folder, not a handbook)."""
    for above in folder.parents:
        if (above / "content").is_dir():
            parts = [above / part for part in ("content", "data", "templates")]
            if any(folder == part or part in folder.parents for part in parts):
                return above
    return None


source_option = click.option(
    "--source",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("."),
    callback=_check_source,
    help="Ordner des Handbuchs (mit content/, data/, templates/). Standard: aktueller Ordner.",
)


def check_port(_context: click.Context, _parameter: click.Parameter, port: int) -> int:
    """A port number, checked here: click's own range type prints `1<=x<=65535` in the help."""
    if not 1 <= port <= 65535:
        raise click.BadParameter(f"{port} ist kein Port; erlaubt sind 1 bis 65535.")
    return port


def _check_base_url(
    _context: click.Context, _parameter: click.Parameter, url: str | None
) -> str | None:
    if url and not is_base_url(url):
        raise click.BadParameter(
            "erwartet eine vollständige Adresse wie https://example.org/handbuch/ "
            "(ohne Leerzeichen, ? und #)"
        )
    return url


base_url_option = click.option(
    "--base-url",
    metavar="URL",
    callback=_check_base_url,
    help="Öffentliche Adresse, z. B. https://example.org/handbuch/ "
    "(für sitemap.xml und kanonische Adressen); ersetzt base_url aus data/site.yaml.",
)
quiet_option = click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="Nur Fehler ausgeben (keine Warnungen, keine Zusammenfassung).",
)
drafts_option = click.option(
    "--drafts", is_flag=True, help="Entwürfe (draft: true) mit veröffentlichen."
)
check_drafts_option = click.option(
    "--drafts", is_flag=True, help="Entwürfe (draft: true) mitprüfen."
)
strict_option = click.option("--strict", is_flag=True, help="Warnungen als Fehler behandeln.")
