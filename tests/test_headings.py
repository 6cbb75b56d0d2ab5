"""Headings as Python-Markdown reads them: one h1 (the title), no level skipped."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ssg.headings import _line_by_line, heading_problems

TITLE = (1, "dem Titel")
SKIPPED = "Überschrift der 4. Ebene ('#### …') nach dem Titel: eine Ebene fehlt"


def warned(text: str, above: tuple[int, str] = TITLE) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in heading_problems(text, "content/a.md", (1, 1), above)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("## Ziele\n\n### Teilziele\n\n## Wege\n", []),
        ("#Ziele\n", [(1, "Überschrift der ersten Ebene ('# …') im Text")]),
        ("##Ziele\n\nText\n\n### Unter\n", []),  # `##Ziele` is an h2, as rendered
        ("#### Tief\n", [(1, SKIPPED)]),
        ("Titel\n=====\n", [(1, "Überschrift der ersten Ebene (mit '===' unterstrichen) im Text")]),
        ("Teil\n---\n\n### Unter\n", []),  # a line of '-' under text makes an h2
        # Python-Markdown underlines only a paragraph's first line; here '---' is a rule.
        ("Absatz\nzweite Zeile\n---\n\n#### x\n", [(5, SKIPPED)]),
        ("```\n#### kein Titel\n```\n", []),
    ],
)
def test_headings_are_judged_as_they_are_rendered(
    text: str, expected: list[tuple[int, str]]
) -> None:
    assert warned(text) == expected


@settings(max_examples=500)
@given(
    st.lists(
        st.sampled_from(["#", "## ", "Text", "=", "-", "---", "```", " ", "\n", "\n\n"]),
        max_size=12,
    ).map("".join),
    st.sampled_from([TITLE, (2, "der Überschrift 'Beschreibung'"), (0, "nichts")]),
)
@example("Text\n===\n", TITLE)
@example("- Punkt\n\nText\n---\n", (0, "nichts"))
def test_texts_are_looked_at_line_by_line_only_where_a_warning_can_be(
    text: str, above: tuple[int, str]
) -> None:
    problems = heading_problems(text, "content/a.md", (3, 1), above)
    assert problems == _line_by_line(text, "content/a.md", (3, 1), above)
