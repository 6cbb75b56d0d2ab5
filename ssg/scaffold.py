"""Create new catalogue entries and pages for editors (`ssg new`).

New things start as drafts with every optional field explained in a comment,
so that they build at once and are published only when the editor is ready.
Existing text is never rewritten: a project is appended to the catalogue.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from ssg.build import SECTION_PAGES, BuildOptions, load_site
from ssg.catalogue import CATALOGUE
from ssg.content import read_text
from ssg.errors import ContentError
from ssg.model import page_path, pretty_url
from ssg.placeholders import PAGE_DESCRIPTION, PAGE_TEXT, PROJECT_DESCRIPTION, PROJECT_SUMMARY
from ssg.slugs import SLUG_PATTERN, slugify
from ssg.yamlfile import parse_yaml

SCHEMA_LINE = "# yaml-language-server: $schema=../ssg/schemas/projects.schema.json\n"

PROJECT_ENTRY = """
# Neues Projekt. Es bleibt ein Entwurf (draft: true), bis Sie die Zeile löschen.
# Felder mit # davor sind Beispiele: # entfernen und <…> ersetzen, oder löschen.
# Was die Quelle nicht nennt, bleibt weg.
- title: {title}
  summary: {summary}
  # city: <Stadt>
  # district: <Stadtteil oder Alle Stadtteile>
  # awards: <Preis mit Jahr, z. B. Preis Soziale Stadt 2004>
  # awards:  # oder ausführlich, mit Stufe (Preisträger, Anerkennung, engere Wahl, Teilnahme)
  #   - name: <Name des Preises ohne Jahr>
  #     year: <Jahr>
  #     level: <Stufe>
  # fields: [{fields}]
  # description: |
  #   {description}
  # links:
  #   - title: <Linktext, z. B. Website des Projekts>
  #     url: https://<Adresse>/
  draft: true
"""

PAGE = """---
title: {title}
description: {description}
draft: true
{extra}---

{text}
"""

FIELD_EXTRA = """order: 99  # Position unter den Handlungsfeldern
links: []  # weiterführende Links: - title: …  /  url: https://…
"""

FIELD_BODY = """
## Typische Maßnahmen

- …

## Rolle des Quartiersmanagements

…
"""


class ScaffoldError(Exception):
    """Something to create is already there, or cannot be read; nothing was written."""


def new_project(source: Path, title: str) -> str:
    """Append a commented draft entry for `title` to the catalogue; return its address."""
    slug = slugify(title)
    if not slug:
        raise ScaffoldError(f"Aus dem Titel '{title}' lässt sich keine Adresse bilden.")
    file = source / CATALOGUE
    text = _catalogue_text(file)
    taken = _project_slugs(text)
    if slug in taken:
        raise ScaffoldError(
            f"Die Adresse /projekte/{slug}/ hat schon das Projekt in {CATALOGUE}, Zeile "
            f"{taken[slug]}. Wählen Sie einen anderen Titel."
        )
    if f"projekte/{slug}/index.html" in _taken_addresses(source):
        raise ScaffoldError(f"Die Adresse /projekte/{slug}/ ist schon vergeben.")
    fields = ", ".join(_action_fields(source)) or "soziale-netze"
    entry = PROJECT_ENTRY.format(
        title=yaml_text(title),
        summary=PROJECT_SUMMARY,
        description=PROJECT_DESCRIPTION,
        fields=fields,
    )
    if text and not text.endswith("\n"):
        entry = "\n" + entry
    if not text:
        entry = SCHEMA_LINE + entry
    document, _problems = parse_yaml(text + entry, CATALOGUE)
    entries = document.value if document else None
    if not isinstance(entries, list) or entries[-1].get("title") != title:
        raise ScaffoldError(
            f"An {CATALOGUE} lässt sich kein Projekt anhängen: die Datei ist keine Liste "
            "von Einträgen mit '- ' (z. B. '[]'). Löschen Sie die Zeile, dann geht es."
        )
    raw = file.read_bytes() if file.exists() else b""
    line_end = b"\r\n" if b"\r\n" in raw else b"\n"
    file.parent.mkdir(parents=True, exist_ok=True)
    with file.open("ab") as catalogue:  # appending leaves every existing byte as it is
        catalogue.write(entry.replace("\n", line_end.decode()).encode("utf-8"))
    return f"/projekte/{slug}/"


def new_page(source: Path, name: str, title: str | None) -> Path:
    """Create content/<name>.md as a draft page; return the new file."""
    parts = name.removeprefix("content/").removesuffix(".md").strip("/").split("/")
    if not all(SLUG_PATTERN.match(part) for part in parts):
        suggestion = "/".join(slugify(part) for part in parts)
        raise ValueError(f"nur a–z, 0–9 und Bindestriche, z. B. {suggestion}")
    relative = "content/" + "/".join(parts) + ".md"
    file = source / relative
    if file.exists():
        raise ScaffoldError(f"{relative} gibt es schon; ssg überschreibt keine Seite.")
    address = page_path(relative)
    if address in _taken_addresses(source) and address not in SECTION_PAGES:
        raise ScaffoldError(f"Die Adresse /{pretty_url(address)} ist schon vergeben.")
    is_field = len(parts) == 2 and parts[0] == "handlungsfelder"
    heading = title or parts[-1].replace("-", " ").capitalize()
    text = PAGE.format(
        title=yaml_text(heading),
        description=PAGE_DESCRIPTION,
        extra=FIELD_EXTRA if is_field else "",
        text=PAGE_TEXT,
    )
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text + (FIELD_BODY if is_field else ""), encoding="utf-8")
    return file


def _catalogue_text(file: Path) -> str:
    if not file.exists():
        return ""
    text, problems = read_text(file, CATALOGUE)
    if text is None:
        raise ScaffoldError(problems[0].format())
    return text


def _project_slugs(text: str) -> dict[str, int]:
    """The address of every project in the catalogue, with its line."""
    document, problems = parse_yaml(text, CATALOGUE)
    if document is None:
        raise ScaffoldError(
            problems[0].format() + "\nKorrigieren Sie den Katalog zuerst; er bleibt unverändert."
        )
    slugs = {}
    for index, entry in enumerate(document.value or []):
        if isinstance(entry, dict) and isinstance(entry.get("title"), str):
            slug = entry.get("slug") if isinstance(entry.get("slug"), str) else None
            slugs[slug or slugify(entry["title"])] = document.position((index,))[0]
    return slugs


def _action_fields(source: Path) -> list[str]:
    folder = source / "content/handlungsfelder"
    return sorted(p.stem for p in folder.glob("*.md") if p.stem != "index")


def _taken_addresses(source: Path) -> set[str]:
    """Every output path of the site as it is now (empty without a home page)."""
    try:
        loaded = load_site(BuildOptions(source, source / "site", drafts=True))
    except ContentError:
        return set()
    return {output.path for output in loaded.outputs}


def yaml_text(text: str) -> str:
    """`text` as a YAML scalar: plain where YAML reads it back unchanged, else quoted."""
    try:
        if yaml.safe_load(f"x: {text}") == {"x": text}:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)
