"""Files that ssg does not read as the editor meant, and says so.

A page saved as `wohnen.md.txt` (as Windows Notepad does), `wohnen.markdown`
or `wohnen.MD` is no page for ssg: it is copied as it is, front matter and
all, and the action field has no page. A catalogue in a second file of data/
is never read. Both build without an error, so each is a warning.
"""

from __future__ import annotations

from pathlib import Path

from ssg.errors import Problem
from ssg.sources import Copied

# Endings other programs give Markdown files; ssg reads only `.md`.
_MARKDOWN_ENDINGS = (".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".md.txt")
# What ssg reads in data/ (config.py, catalogue.py, mapdata.py).
DATA_FILES = ("projects.yaml", "site.yaml", "karte.geojson")
YAML = (".yaml", ".yml")


def stray_files(source: Path, copied: Copied) -> list[Problem]:
    """A warning for every page in content/ with another ending than `.md`, and for
    every YAML file in data/ that ssg does not read."""
    problems = []
    for copy in copied.values():
        name = copy.source.rsplit("/", 1)[-1]
        ending = next((e for e in _MARKDOWN_ENDINGS if name.lower().endswith(e)), None)
        if ending and not copy.source.startswith("templates/"):
            page = name[: -len(ending)] + ".md"
            problems.append(
                Problem(
                    copy.source,
                    1,
                    1,
                    f"'{name}' ist keine Seite: ssg kopiert die Datei nur, statt aus ihr "
                    "eine Seite zu bauen",
                    f"Seiten enden auf .md, klein geschrieben: benennen Sie die Datei in "
                    f"'{page}' um (im Explorer zuerst „Dateinamenerweiterungen“ einblenden).",
                    "warning",
                )
            )
    data = source / "data"
    found = sorted(data.glob("*.y*ml")) if data.is_dir() else []
    for file in found:
        if file.name in DATA_FILES or file.name.startswith(".") or file.suffix not in YAML:
            continue  # hidden files (a Mac's ._projects.yaml) are no one's
        meant = f"{file.stem}.yaml"
        hint = (
            f"ssg liest nur data/{meant}: benennen Sie die Datei um."
            if meant in DATA_FILES
            else "Projekte gehören in data/projects.yaml, Einstellungen in data/site.yaml. "
            "Übertragen Sie, was gebraucht wird, und löschen Sie die Datei."
        )
        problems.append(
            Problem(f"data/{file.name}", 1, 1, f"ssg liest data/{file.name} nicht", hint, "warning")
        )
    return problems
