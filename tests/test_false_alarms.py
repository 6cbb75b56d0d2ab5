"""Content that is meant as written gets no warning: the checks for what editors get
wrong (lists written as one text, Word's bullets, a page's text in its front
matter, awards with a level) must stay quiet for what is right, as `ssg check
--strict` in CI fails on any warning. The last entry's description is written the
way PyYAML's yaml.safe_dump writes one: two empty lines keep a paragraph."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import MakeSite

from ssg.cli import main

CATALOGUE = """\
- title: Nachbarschaftscafé
  summary: Ein Café für die Nachbarschaft.
  city: Dortmund
  district: Nordstadt
  fields: [soziale-netze]
  awards:
    - Landespreis 2010 für Anerkennungskultur
    - Festival 2010 - 25 Jahre Soziale Stadt
    - name: Preis Soziale Stadt
      year: 2004
      level: Anerkennung
  target_groups: Menschen mit
    Migrationshintergrund
  description: Das Café wurde am
    1. Mai 2004 eröffnet und
    - wie geplant - erweitert.
- title: Stadtteilladen
  summary: Ein Laden für alle.
  city: Dortmund
  district: Nordstadt
  fields: [soziale-netze]
  awards: Landeswettbewerb Ideen für die Zukunft der sozialen
    Stadtentwicklung 2010
  target_groups: "Kinder, Jugendliche und Familien"
  description: "Der Laden ist offen
    - auch sonntags."
  links:
    - title: Laden  # der Name des Vereins
      url: https://www.example.org/laden/?seite=2#kontakt
- title: Quartiersgarten
  summary: Ein Garten für alle.
  city: Dortmund
  fields: [soziale-netze]
  description: 'Der Garten ist offen. Wer möchte, gärtnert mit.


    - Beete


    - Bienen

    - Kompost


    Mehr beim Träger.'
"""

PAGE = """\
---
title: Hinweise  # Arbeitstitel
description: "Ein Satz.

Noch ein Satz."
---

Das Projekt – gefördert vom Land – läuft seit 2004. Der Träger, ein Verein
– seit 1998 im Stadtteil –, lädt alle ein.

Öffnungszeiten: 10\u00a0- 12 Uhr

| Angebot | Tag |
|---|---|
| – | Montag |

Im Code: `• Punkt`

    • eingerückter Code

---

Nach der Linie.
"""

NESTED = "---\ntitle: Geschichte der Nordstadt\n---\n\nVon der Zeche zum Quartier.\n"


def test_content_that_is_meant_builds_without_a_warning(make_site: MakeSite) -> None:
    source = make_site(
        {
            "data/projects.yaml": CATALOGUE,
            "content/hinweise.md": PAGE,
            "content/stadtteile/dortmund/geschichte/index.md": NESTED,
        }
    )
    result = CliRunner().invoke(main, ["check", "--source", str(source), "--strict"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ssg: keine Fehler gefunden")
