"""Site settings: defaults, data/site.yaml (checked by ssg/schemas/site.schema.json),
and overrides from the command line.

Settings change every page, so an unknown key here is an error (with a
suggestion), not a warning: a typo would otherwise silently do nothing.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from ssg.errors import Problem
from ssg.model import Settings
from ssg.schema import (
    SCHEMAS,
    Checked,
    links_at,
    list_at,
    schema_properties,
    text_at,
    validate,
    value_at,
)
from ssg.sources import SETTINGS
from ssg.textfiles import read_text
from ssg.yamlfile import YamlDocument, parse_yaml

SCHEMA = "site.schema.json"

# Facts that hold for every handbook in NRW; everything else comes from site.yaml.
DEFAULTS: dict[str, dict[str, str]] = {
    "operator": {},
    "responsible_for_content": {},
    "privacy": {},
    "accessibility": {"ombudsman_url": "https://www.lbbp.nrw.de/ombudsstelle"},
    "sign_language": {},
    "open_data": {
        "licence": "Datenlizenz Deutschland – Namensnennung 2.0",
        "licence_url": "https://www.govdata.de/dl-de/by-2-0",
    },
}

# What each legal page cannot do without (section, field).
REQUIRED_DETAILS: dict[str, list[tuple[str, str]]] = {
    "Impressum": [
        ("operator", "name"),
        ("operator", "address"),
        ("operator", "representative"),
        ("operator", "email"),
        ("operator", "phone"),
        ("responsible_for_content", "name"),
        ("responsible_for_content", "address"),
    ],
    "Datenschutzerklärung": [
        ("privacy", "officer_name"),
        ("privacy", "officer_email"),
        ("privacy", "hosting"),
        ("privacy", "server_logs"),
    ],
    "Erklärung zur Barrierefreiheit": [
        ("accessibility", "status"),
        ("accessibility", "method"),
        ("accessibility", "last_review"),
        ("accessibility", "feedback_email"),
    ],
    "Seite in Gebärdensprache": [
        ("sign_language", "video"),
        ("sign_language", "captions"),
        ("sign_language", "duration"),
    ],
}


def load_settings(source: Path, base_url: str | None = None) -> tuple[Settings, list[Problem]]:
    """Read data/site.yaml if present; `base_url` (from the CLI) wins over the file.

    A missing base URL is no problem of the content: it is given when the site
    is published (`ssg build --base-url`), and the build says what it means.
    """
    file = source / SETTINGS
    text = "title: Handbuch Soziale Stadt NRW\n"  # without a settings file: the defaults
    problems: list[Problem] = []
    if file.is_file():
        read, problems = read_text(file, SETTINGS)
        text = read if read is not None else text
    settings, found = _read_settings(text, source)
    problems += found
    if base_url is not None:
        settings = replace(settings, base_url=normalise_base_url(base_url))
    return settings, problems


def _read_settings(text: str, source: Path) -> tuple[Settings, list[Problem]]:
    parsed, problems = parse_yaml(text, SETTINGS)
    # Unreadable or empty: every setting takes its default, so pages still render.
    document = parsed if parsed is not None and parsed.value is not None else None
    document = document or YamlDocument({}, SETTINGS)
    checked = validate(document, SCHEMA)
    if parsed is not None:  # after a syntax error, only that error is worth reading
        problems += checked.problems
    details = {section: _details(document, checked, section) for section in DEFAULTS}
    settings = Settings(
        title=text_at(document, checked, ("title",)) or Settings.title,
        description=text_at(document, checked, ("description",)),
        language=text_at(document, checked, ("language",)) or Settings.language,
        base_url=normalise_base_url(text_at(document, checked, ("base_url",))),
        navigation=links_at(document, checked, ("navigation",)),
        map_sources=tuple(
            str(text).strip() for text in list_at(document, checked, ("map_sources",)) if text
        ),
        **details,
    )
    problems += _missing_files(document, settings, source)
    if parsed is not None:  # with a syntax error, the details may be there, unread
        problems += _missing_details(document, checked, settings)
    return settings, problems


def _missing_files(document: YamlDocument, settings: Settings, source: Path) -> list[Problem]:
    """Files of the sign-language page that are named but not there."""
    problems = []
    for key in ("video", "captions", "poster"):
        name = settings.sign_language[key]
        if name and not (source / "content" / name).is_file():
            problems.append(
                document.problem(
                    ("sign_language", key),
                    f"Die Datei content/{name} gibt es nicht",
                    "Legen Sie die Datei in content/ ab; der Pfad ist relativ zu content/.",
                )
            )
    return problems


def _details(document: YamlDocument, checked: Checked, section: str) -> dict[str, Any]:
    """One section of legal details with every field present: given, default or ""."""
    values: dict[str, Any] = {}
    for key in schema_properties(SCHEMA, section=section):
        value = value_at(document, checked, (section, key))
        if isinstance(value, list):
            values[key] = [item.strip() for item in value]
        else:
            values[key] = value.strip() if isinstance(value, str) else ""
        values[key] = values[key] or DEFAULTS[section].get(key, "")
    return values


def _missing_details(document: YamlDocument, checked: Checked, settings: Settings) -> list[Problem]:
    """One warning naming every required detail that is not given, each with its line.

    The pages say visibly what is missing; nothing is made up. One warning for
    all of them, at the first one's line, because they have one cure: the
    publishing body's details. A detail given in a wrong form has its error
    already and is not called missing.
    """
    missing = [
        (page, section, key)
        for page, fields in REQUIRED_DETAILS.items()
        for section, key in fields
        if not getattr(settings, section)[key] and checked.ok((section, key))
    ]
    if not missing:
        return []
    written = {
        (section, key): document.key_positions[(section, key)]
        for _page, section, key in missing
        if (section, key) in document.key_positions
    }
    by_section: dict[str, list[str]] = {}
    for _page, section, key in missing:
        by_section.setdefault(section, []).append(key)
    root = document.value if isinstance(document.value, dict) else {}
    filled = {section for section in by_section if isinstance(root.get(section), dict)}
    named = ", ".join(
        f"{section}.{key} ({_where(written.get((section, key)))})"
        if section in filled
        else f"Abschnitt {section} ({', '.join(keys)})"
        for section, keys in by_section.items()
        for key in (keys if section in filled else keys[:1])
    )
    first_section = missing[0][1]
    line, column = min(written.values(), default=None) or document.key_positions.get(
        (first_section,), (1, 1)
    )
    pages = list(dict.fromkeys(page for page, _section, _key in missing))
    return [
        Problem(
            SETTINGS,
            line,
            column,
            f"Angaben fehlen für {_enumerate(pages)}: {named}",
            "Tragen Sie die Angaben der veröffentlichenden Stelle ein (Redaktionsanleitung "
            "docs/redaktion.md, Abschnitt „Impressum, Datenschutz, Barrierefreiheit, "
            "Gebärdensprache“). Bis dahin zeigen die Seiten „Angabe fehlt“.",
            "warning",
        )
    ]


def _where(position: tuple[int, int] | None) -> str:
    return f"Zeile {position[0]}" if position else "nicht eingetragen"


def _enumerate(names: list[str]) -> str:
    """'A', 'A und B', 'A, B und C'."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " und " + names[-1]


def is_base_url(url: str) -> bool:
    """An absolute http(s) address without spaces, query or fragment: the pattern of
    `base_url` in site.schema.json, so that the option takes what the file does."""
    return _base_url_pattern().fullmatch(url) is not None


@functools.cache
def _base_url_pattern() -> re.Pattern[str]:
    schema = json.loads((SCHEMAS / SCHEMA).read_text(encoding="utf-8"))
    return re.compile(schema["properties"]["base_url"]["pattern"])


def normalise_base_url(url: str) -> str:
    """Ensure exactly one trailing slash, so page paths can be appended."""
    return url.rstrip("/") + "/" if url else ""
