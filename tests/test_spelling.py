"""Which near spellings of a place count as a slip of typing (a warning)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import MakeSite

from ssg.cli import main
from ssg.spelling import one_slip


@pytest.mark.parametrize(
    ("typed", "meant", "slip"),
    [
        ("dortmnd", "dortmund", True),  # a letter left out
        ("dortmuund", "dortmund", True),  # one added
        ("dortmudn", "dortmund", True),  # two swapped
        ("homburg", "hamburg", False),  # a letter for another: another place
        ("innenstadt-ost", "innenstadt-west", False),
        ("dortmnzd", "dortmund", False),  # two letters changed, not swapped
        ("dortmund", "dortmund", False),
    ],
)
def test_only_a_letter_left_out_added_or_swapped_is_a_slip(
    typed: str, meant: str, slip: bool
) -> None:
    assert one_slip(typed, meant) is slip


def test_spellings_the_eye_cannot_tell_apart_name_what_differs(make_site: MakeSite) -> None:
    """A soft hyphen or zero-width space pasted from Word: 'Nord​stadt' and 'Nordstadt'
    look the same in the message, so it names the invisible character."""
    entry = "- title: {title}\n  summary: S.\n  city: Dortmund\n  district: {district}\n"
    entries = [("Erstes", "Nord\u200bstadt"), ("Zweites", "Nordstadt"), ("Drittes", "Nordstadt")]
    catalogue = "".join(entry.format(title=t, district=d) for t, d in entries)
    source = make_site({"data/projects.yaml": catalogue})
    result = CliRunner().invoke(main, ["check", "--source", str(source)])
    assert result.output.splitlines()[0] == (
        "data/projects.yaml:4:13: Fehler: Stadtteil 'Nord\u200bstadt' ist anders geschrieben als "
        "'Nordstadt' (nur ein unsichtbares Zeichen unterscheidet sie, U+200B) (so in 2 "
        "Einträgen, zuerst Zeile 8)"
    )
    profile = "---\ntitle: Dortmund\n---\n\nDie Stadt.\n"
    soft = catalogue.replace("city: Dortmund", "city: Dort\u00admund")
    (source / "data/projects.yaml").write_text(soft, encoding="utf-8")
    (source / "content/stadtteile/dortmund").mkdir(parents=True)
    (source / "content/stadtteile/dortmund/index.md").write_text(profile, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--source", str(source)])
    assert (
        "hier 'Dortmund' (nur ein unsichtbares Zeichen unterscheidet sie, U+00AD)" in result.output
    )


def test_a_name_pasted_with_a_combining_mark_is_the_same_name(make_site: MakeSite) -> None:
    """'Köln' typed with a combining diaeresis (as some systems paste it) is 'Köln': one
    city, no second spelling, in the catalogue as in a profile."""
    entry = "- title: {title}\n  summary: S.\n  city: {city}\n"
    catalogue = entry.format(title="Erstes", city="Ko\u0308ln") + entry.format(
        title="Zweites", city="Köln"
    )
    profile = "---\ntitle: Ko\u0308ln\n---\n\nDie Stadt.\n"
    source = make_site(
        {"data/projects.yaml": catalogue, "content/stadtteile/koeln/index.md": profile}
    )
    result = CliRunner().invoke(main, ["build", "--source", str(source), "--no-search"])
    assert result.exit_code == 0, result.output
    page = (source / "site/stadtteile/koeln/index.html").read_text(encoding="utf-8")
    assert "Köln" in page and "Erstes" in page and "Zweites" in page and "\u0308" not in page
