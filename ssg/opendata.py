"""The project catalogue as open data: projekte.json and projekte.csv.

The CSV file is meant for German spreadsheet software: UTF-8 with a byte
order mark, `;` between fields and CRLF line ends, so that umlauts and
commas in texts arrive intact when the file is simply opened.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from typing import Any

from ssg.indexes import Site
from ssg.model import Project
from ssg.paths import PROJECTS_CSV, PROJECTS_JSON, pretty_url

CSV_COLUMNS = [
    "Titel",
    "Adresse",
    "Kurzbeschreibung",
    "Stadt",
    "Stadtteil",
    "Alle Stadtteile",
    "Auszeichnungen",
    "Handlungsfelder",
    "Zielgruppen",
    "Links",
]


# Project slug → (the project, the base URL, its JSON line, its CSV line), encoded: what
# the preview keeps, so that an edit encodes only the projects it changed.
EncodedProjects = dict[str, tuple[Project, str, bytes, bytes]]


def open_data(site: Site, encoded: EncodedProjects | None = None) -> dict[str, bytes]:
    """Both files, by output path; `encoded` is read and replaced by this site's projects."""
    previous = encoded if encoded is not None else {}
    current: EncodedProjects = {}
    base_url = site.settings.base_url
    for project in site.projects:
        known = previous.get(project.slug)
        if known is None or known[1] != base_url or not _same(known[0], project):
            record = _record(base_url, project)
            line = f"    {_json(record)}".encode()
            known = (project, base_url, line, _csv_line(_csv_row(record)).encode())
        elif known[0] is not project:  # this project, not an equal one: `is` holds next time
            known = (project, *known[1:])
        current[project.slug] = known
    if encoded is not None:
        encoded.clear()
        encoded.update(current)
    header = {
        "titel": site.settings.title,
        "lizenz": site.settings.open_data.get("licence", ""),
        "lizenz_url": site.settings.open_data.get("licence_url", ""),
    }
    # One project a line: readable and diffable, and written by json's fast C encoder
    # (which `indent` would switch off: five times slower for a large catalogue).
    lines = ["{", *(f"  {_json(key)}: {_json(value)}," for key, value in header.items())]
    head = "\n".join([*lines, '  "projekte": [', ""]).encode()
    items = b",\n".join(line for _project, _url, line, _row in current.values())
    json_data = head + (items + b"\n" if items else b"") + b"  ]\n}\n"
    rows = b"".join(row for _project, _url, _line, row in current.values())
    csv_data = codecs.BOM_UTF8 + _csv_line(CSV_COLUMNS).encode() + rows
    return {PROJECTS_JSON: json_data, PROJECTS_CSV: csv_data}


def _same(known: Project, project: Project) -> bool:
    """An entry edited without changing what it says (a comment, say) is a new, equal object."""
    return known is project or known == project


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _record(base_url: str, project: Project) -> dict[str, Any]:
    return {
        "titel": project.title,
        "adresse": base_url + pretty_url(project.path),
        "kurzbeschreibung": project.summary,
        "stadt": project.city or None,
        "stadtteil": project.district or None,
        "alle_stadtteile": project.all_districts,
        "auszeichnungen": [
            {"name": award.name, "jahr": award.year, "stufe": award.level or None}
            for award in project.awards
        ],
        "handlungsfelder": [page.title for page in project.fields],
        "zielgruppen": list(project.target_groups),
        "links": [{"titel": link.title, "url": link.url} for link in project.links],
    }


def _csv_row(record: dict[str, Any]) -> list[str]:
    awards = [
        " ".join(filter(None, [award["name"], str(award["jahr"] or "")]))
        + (f" ({award['stufe']})" if award["stufe"] else "")
        for award in record["auszeichnungen"]
    ]
    return [
        record["titel"],
        record["adresse"],
        record["kurzbeschreibung"],
        record["stadt"] or "",
        record["stadtteil"] or "",
        "ja" if record["alle_stadtteile"] else "nein",
        " | ".join(awards),
        " | ".join(record["handlungsfelder"]),
        " | ".join(record["zielgruppen"]),
        " | ".join(f"{link['titel']}: {link['url']}" for link in record["links"]),
    ]


def _csv_line(fields: list[str]) -> str:
    """One CSV line, with its line end (kept per project: joining them is fast)."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerow(fields)
    return buffer.getvalue()
