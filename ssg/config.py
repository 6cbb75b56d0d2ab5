"""Site settings: defaults, data/site.yaml (checked by ssg/schemas/site.schema.json),
and overrides from the command line.

Settings change every page, so an unknown key here is an error (with a
suggestion), not a warning: a typo would otherwise silently do nothing.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from ssg.content import read_text
from ssg.errors import Problem
from ssg.model import Settings
from ssg.schema import links_at, text_at, validate
from ssg.yamlfile import parse_yaml

SETTINGS_FILE = "data/site.yaml"


def load_settings(source: Path, base_url: str | None = None) -> tuple[Settings, list[Problem]]:
    """Read data/site.yaml if present; `base_url` (from the CLI) wins over the file."""
    settings = Settings()
    problems: list[Problem] = []
    file = source / SETTINGS_FILE
    if file.is_file():
        settings, problems = _read_settings(file)
    if base_url is not None:
        settings = replace(settings, base_url=normalise_base_url(base_url))
    return settings, problems


def _read_settings(file: Path) -> tuple[Settings, list[Problem]]:
    text, problems = read_text(file, SETTINGS_FILE)
    if text is None:
        return Settings(), problems
    document, problems = parse_yaml(text, SETTINGS_FILE)
    if document is None or document.value is None:
        return Settings(), problems
    checked = validate(document, "site.schema.json", unknown="error")
    problems += checked.problems
    settings = Settings(
        title=text_at(document, checked, ("title",)) or Settings.title,
        description=text_at(document, checked, ("description",)),
        language=text_at(document, checked, ("language",)) or Settings.language,
        base_url=normalise_base_url(text_at(document, checked, ("base_url",))),
        navigation=links_at(document, checked, ("navigation",)),
    )
    return settings, problems


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
