"""The texts `ssg new` writes for editors to replace.

They let a new project or page build at once. Published, they would be a
mistake nobody notices on a busy day, so the loaders warn wherever one is
left in something that is no longer a draft.
"""

from __future__ import annotations

import re

from ssg.errors import Problem

PROJECT_SUMMARY = "Kurzbeschreibung in ein oder zwei Sätzen."
PROJECT_DESCRIPTION = "Ausführliche Beschreibung in Markdown: Absätze, Listen, [Links](/projekte/)."
PAGE_DESCRIPTION = "Ein Satz über die Seite, für Suchmaschinen und Übersichten."
PAGE_TEXT = "Text der Seite in Markdown. Zwischenüberschriften beginnen mit „## “."
# Lines of a new action field's body that stand for text still to be written.
ELLIPSIS_LINES = frozenset({"…", "- …"})

# `<Stadt>`, `https://<Adresse>/`: what `ssg new project` writes where a value belongs.
_ANGLED = re.compile(r"<[^<>]*[^\W\d_][^<>]*>")

_HINT = (
    "Ersetzen Sie den Platzhalter durch den eigentlichen Text, oder lassen Sie "
    "'draft: true' stehen, bis er geschrieben ist."
)


def is_placeholder(text: str) -> bool:
    """Whether a text field still holds the text `ssg new` put there."""
    return " ".join(text.split()) in (PROJECT_SUMMARY, PROJECT_DESCRIPTION, PAGE_DESCRIPTION)


def is_angled(value: str) -> bool:
    """Whether a short value (a name, a link) still has a `<…>` of `ssg new` in it."""
    return bool(_ANGLED.search(value))


def placeholder_problem(path: str, line: int, column: int, text: str) -> Problem:
    """A warning that `text`, a placeholder, is about to be published."""
    shown = text if len(text) <= 60 else text[:57] + "…"
    return Problem(
        path,
        line,
        column,
        f"Platzhalter von 'ssg new' wird veröffentlicht: '{shown}'",
        _HINT,
        "warning",
    )


def placeholder_lines(body: str) -> list[int]:
    """The 0-based indexes of the body's lines that are still placeholders (a body with
    none of their texts is not split into lines: every page asks)."""
    if PAGE_TEXT not in body and not any(line in body for line in ELLIPSIS_LINES):
        return []
    return [
        index
        for index, line in enumerate(body.split("\n"))
        if line.strip() == PAGE_TEXT or line.strip() in ELLIPSIS_LINES
    ]
