"""Site settings: defaults, data/site.yaml (checked by ssg/schemas/site.schema.json),
and overrides from the command line.

Settings change every page, so an unknown key here is an error (with a
suggestion), not a warning: a typo would otherwise silently do nothing.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ssg.content import read_text
from ssg.errors import Problem
from ssg.model import Settings
from ssg.schema import Checked, links_at, schema_properties, text_at, validate, value_at
from ssg.yamlfile import YamlDocument, parse_yaml

SETTINGS_FILE = "data/site.yaml"
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
    """Read data/site.yaml if present; `base_url` (from the CLI) wins over the file."""
    file = source / SETTINGS_FILE
    text = "title: Handbuch Soziale Stadt NRW\n"  # without a settings file: the defaults
    problems: list[Problem] = []
    if file.is_file():
        read, problems = read_text(file, SETTINGS_FILE)
        text = read if read is not None else text
    settings, found = _read_settings(text, source)
    problems += found
    if base_url is not None:
        settings = replace(settings, base_url=normalise_base_url(base_url))
    if not settings.base_url:
        problems.append(
            Problem(
                SETTINGS_FILE,
                1,
                1,
                "Ohne base_url sind die Adressen in sitemap.xml relativ, und die Links der "
                "404-Seite funktionieren nur im Hauptordner der Website",
                "Tragen Sie die öffentliche Adresse als base_url ein, oder bauen Sie mit "
                "ssg build --base-url https://….",
                "warning",
            )
        )
    return settings, problems


def _read_settings(text: str, source: Path) -> tuple[Settings, list[Problem]]:
    document, problems = parse_yaml(text, SETTINGS_FILE)
    if document is None or document.value is None:
        return Settings(), problems
    checked = validate(document, SCHEMA, unknown="error")
    problems += checked.problems
    details = {section: _details(document, checked, section) for section in DEFAULTS}
    settings = Settings(
        title=text_at(document, checked, ("title",)) or Settings.title,
        description=text_at(document, checked, ("description",)),
        language=text_at(document, checked, ("language",)) or Settings.language,
        base_url=normalise_base_url(text_at(document, checked, ("base_url",))),
        navigation=links_at(document, checked, ("navigation",)),
        **details,
    )
    problems += _missing_files(document, settings, source)
    return settings, problems + _missing_details(document, settings)


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


def _missing_details(document: YamlDocument, settings: Settings) -> list[Problem]:
    """A warning for each legal page whose required details are not given.

    The pages then say visibly what is missing; nothing is made up.
    """
    problems = []
    for page, fields in REQUIRED_DETAILS.items():
        missing = [
            f"{section}.{key}" for section, key in fields if not getattr(settings, section)[key]
        ]
        if missing:
            section = missing[0].split(".")[0]
            line, column = (
                document.key_position((section,)) if section in (document.value or {}) else (1, 1)
            )
            problems.append(
                Problem(
                    SETTINGS_FILE,
                    line,
                    column,
                    f"{page} unvollständig: es fehlen {', '.join(missing)}",
                    "Ergänzen Sie die Angaben in data/site.yaml. Bis dahin zeigt die Seite "
                    "an diesen Stellen „Angabe fehlt“.",
                    "warning",
                )
            )
    return problems


def is_base_url(url: str) -> bool:
    """An absolute http(s) address without query or fragment."""
    parts = urlsplit(url)
    return (
        parts.scheme in ("http", "https")
        and bool(parts.netloc)
        and not (parts.query or parts.fragment)
    )


def normalise_base_url(url: str) -> str:
    """Ensure exactly one trailing slash, so page paths can be appended."""
    return url.rstrip("/") + "/" if url else ""
