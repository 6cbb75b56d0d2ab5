"""Create new catalogue entries and pages for editors (`ssg new`).

New things start as drafts with every optional field explained in a comment,
so that they build at once and are published only when the editor is ready.
Existing text is never rewritten: a project is appended to the catalogue.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from ssg.model import ALL_DISTRICTS, award_from, project_slug
from ssg.paths import (
    HOME,
    SECTIONS,
    city_path,
    district_path,
    folder_path,
    page_path,
    pretty_url,
    project_path,
)
from ssg.placeholders import PAGE_DESCRIPTION, PAGE_TEXT, PROJECT_DESCRIPTION, PROJECT_SUMMARY
from ssg.site import is_action_field
from ssg.slugs import SLUG_PATTERN, slugify
from ssg.sources import CATALOGUE, page_files
from ssg.textfiles import read_text
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
  # target_groups: <Zielgruppe wie Kinder und Jugendliche>  # nur, was die Quelle nennt
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


PROFILE = """---
title: {title}
description: {description}
draft: true
# Felder mit # davor: # entfernen und <…> ersetzen, oder löschen. Was keine Quelle
# belegt, bleibt weg (auch die Lage: nie schätzen).
# status: laufend  # oder: abgeschlossen
# since: <Jahr der Aufnahme ins Programm>
# until: <Jahr des Abschlusses, bei abgeschlossenen Gebieten>
# location: [<Breite>, <Länge>]  # WGS84, z. B. [51.5265, 7.4620]
# contacts:
#   - name: <Name der Person oder Stelle>
#     role: <Aufgabe, z. B. Quartiersmanagement>
#     organisation: <Organisation>
#     email: <E-Mail-Adresse>
#     phone: <Telefonnummer>
#     address: |
#       <Straße und Hausnummer>
#       <Postleitzahl und Ort>
# downloads:
#   - title: <Linktext, z. B. Integriertes Handlungskonzept>
#     file: <Datei neben diesem Profil, z. B. konzept.pdf>
---
{sections}"""

# The sections in which the programme presents its areas.
PROFILE_SECTIONS = (
    "Gebietscharakter und Ausgangslage",
    "Potenziale und Handlungsansätze",
    "Organisation und lokale Partner",
    "Meilensteine",
    "Perspektiven",
)

CITY_PROFILE = """---
title: {title}
draft: true
# location: [<Breite>, <Länge>]  # WGS84, aus einer Quelle, nie geschätzt
---

{text}
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
    address = project_path(slug)
    taken = _catalogue_addresses(text)
    if address in taken:
        raise ScaffoldError(
            f"Die Adresse /{pretty_url(address)} hat schon das Projekt in {CATALOGUE}, Zeile "
            f"{taken[address]}. Wählen Sie einen anderen Titel."
        )
    if address in _taken_addresses(source, text):
        raise ScaffoldError(f"Die Adresse /{pretty_url(address)} ist schon vergeben.")
    fields = ", ".join(sorted(action_fields_of(source))) or "soziale-netze"
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
    return f"/{pretty_url(address)}"


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
    catalogue = _catalogue_text(source / CATALOGUE)
    if address in _taken_addresses(source, catalogue) and address not in SECTIONS:
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


def new_district(source: Path, name: str) -> list[Path]:
    """Create the profile content/stadtteile/<city>/<district>.md as a draft (and the
    city's, if the city is new); return the files written."""
    parts = [part.strip() for part in name.strip("/").split("/")]
    if len(parts) != 2 or not all(slugify(part) for part in parts):
        raise ValueError("Stadt und Stadtteil mit / dazwischen, z. B. Dortmund/Nordstadt")
    city, district = parts
    if slugify(district) == slugify(ALL_DISTRICTS):
        raise ValueError(
            "'Alle Stadtteile' ist kein Stadtteil: Projekte für alle Stadtteile stehen auf "
            "der Seite der Stadt"
        )
    folder = source / "content" / "stadtteile" / slugify(city)
    file = folder / f"{slugify(district)}.md"
    relative = file.relative_to(source).as_posix()
    if file.exists():
        raise ScaffoldError(f"{relative} gibt es schon; ssg überschreibt kein Profil.")
    spelt = _catalogue_spellings(_catalogue_text(source / CATALOGUE))
    city = spelt.get((slugify(city), ""), city)
    district = spelt.get((slugify(city), slugify(district)), district)
    sections = "".join(f"\n## {heading}\n\n{PAGE_TEXT}\n" for heading in PROFILE_SECTIONS)
    written = []
    if (slugify(city), "") not in spelt and not (folder / "index.md").exists():
        folder.mkdir(parents=True, exist_ok=True)
        text = CITY_PROFILE.format(title=yaml_text(city), text=PAGE_TEXT)
        (folder / "index.md").write_text(text, encoding="utf-8")
        written.append(folder / "index.md")
    folder.mkdir(parents=True, exist_ok=True)
    text = PROFILE.format(
        title=yaml_text(district), description=PAGE_DESCRIPTION, sections=sections
    )
    file.write_text(text, encoding="utf-8")
    return [*written, file]


def _catalogue_spellings(text: str) -> dict[tuple[str, str], str]:
    """Cities and districts as the catalogue spells them, by (city slug, district slug)."""
    document, _problems = parse_yaml(text, CATALOGUE) if text else (None, [])
    entries = document.value if document is not None else None
    spelt: dict[tuple[str, str], str] = {}
    for entry in entries if isinstance(entries, list) else []:
        city = entry.get("city") if isinstance(entry, dict) else None
        if isinstance(city, str) and slugify(city):
            spelt.setdefault((slugify(city), ""), city.strip())
            district = entry.get("district")
            if isinstance(district, str) and slugify(district):
                spelt.setdefault((slugify(city), slugify(district)), district.strip())
    return spelt


def _catalogue_text(file: Path) -> str:
    if not file.exists():
        return ""
    text, problems = read_text(file, CATALOGUE)
    if text is None:
        raise ScaffoldError(problems[0].format())
    return text


def _catalogue_addresses(text: str) -> dict[str, int]:
    """Every address the catalogue's entries make (projects, cities, districts,
    awards), each with the line of the first entry that makes it."""
    document, problems = parse_yaml(text, CATALOGUE)
    if document is None:
        raise ScaffoldError(
            problems[0].format() + "\nKorrigieren Sie den Katalog zuerst; er bleibt unverändert."
        )
    addresses: dict[str, int] = {}
    for index, entry in enumerate(document.value if isinstance(document.value, list) else []):
        if not isinstance(entry, dict):
            continue
        line = document.position((index,))[0]
        for address in _entry_addresses(entry):
            addresses.setdefault(address, line)
    return addresses


def _entry_addresses(entry: dict[str, Any]) -> list[str]:
    """The pages one catalogue entry makes, as far as its values can be read."""
    text = {key: value for key, value in entry.items() if isinstance(value, str)}
    addresses = []
    if "title" in text:
        addresses.append(project_path(project_slug(text["title"], text.get("slug", ""))))
    if text.get("city"):
        addresses.append(city_path(text["city"]))
        if text.get("district"):
            addresses.append(district_path(text["city"], text["district"]))
    awards = entry.get("awards")
    for award in awards if isinstance(awards, list) else [awards] if awards else []:
        with contextlib.suppress(KeyError, TypeError, ValueError, AttributeError):
            addresses.append(award_from(award).path)  # what cannot be read, the build reports
    return addresses


def _taken_addresses(source: Path, catalogue: str) -> set[str]:
    """The page addresses the handbook has now, found without building it."""
    pages = [display for display, _file in page_files(source)]
    taken = {HOME, *(page_path(page) for page in pages)}
    taken |= {folder_path(page.split("/")[1]) for page in pages if page.count("/") > 1}
    return taken | set(_catalogue_addresses(catalogue))


def action_fields_of(source: Path) -> list[str]:
    """The slugs of the handbook's action fields, as the build counts them."""
    pages = [display for display, _file in page_files(source)]
    return [PurePosixPath(page).stem for page in pages if is_action_field(page)]


def yaml_text(text: str) -> str:
    """`text` as a YAML scalar: plain where YAML reads it back unchanged, else quoted."""
    try:
        if yaml.safe_load(f"x: {text}") == {"x": text}:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)
