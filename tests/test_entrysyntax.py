"""A mistake in one catalogue entry is reported as reading the whole file reports it.

The catalogue is read entry by entry; a syntax error found in one entry alone
is reported without reading the whole file where it must be the same error
(ssg/entrysyntax.py). Random mistakes of the kinds editors make (and files the
preview reads half-saved) are read both ways here; the seed is in pytest's
header, and SSG_TEST_SEED=<seed> replays a run.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SITES, TEST_SEED, MakeSite

from ssg import catalogue, entrysyntax
from ssg.catalogue import Catalogue, EntryCache, load_catalogue
from ssg.cli import main
from ssg.errors import Problem
from ssg.markdown import MarkdownConverter
from ssg.pages import load_pages
from ssg.site import action_fields

MISTAKES = ['"', "'", ":", "- ", "\n", "\n- ", "\n-", "  ", " ", "[", "]", "{", "}", "*a"]
MISTAKES += [
    "&a ",
    "#",
    "|",
    ">",
    "@",
    "%",
    "!",
    "? ",
    ",",
    "-",
    "\t",
    "\x07",
    "title: X\n",
    "– ",
    "o\u0308",
]


def mistaken(text: str, rng: random.Random) -> str:
    """`text` with one mistake: cut short (a half-saved file), a character lost, or
    one added."""
    position = rng.randrange(len(text) + 1)
    kind = rng.random()
    if kind < 0.15:
        return text[:position]
    if kind < 0.35:
        return text[:position] + text[position + 1 :]
    return text[:position] + rng.choice(MISTAKES) + text[position:]


Outcome = tuple[list[object], list[str], tuple[str, ...]]


def outcome(result: Catalogue) -> Outcome:
    """What an editor sees of a read: the problems (printed in order of their lines),
    the projects, and the pages not built."""
    return sorted(result.problems), [project.slug for project in result.projects], result.unbuilt


def unclosed_quote_before(by_entry: Outcome, as_whole: Outcome) -> bool:
    """Only an entry's unclosed quote, and the whole file fails later: the one place
    where reading entry by entry says more than the whole file."""
    if len(by_entry[0]) != 1 or len(as_whole[0]) != 1 or by_entry[1:] != as_whole[1:]:
        return False
    quote, later = by_entry[0][0], as_whole[0][0]
    assert isinstance(quote, Problem) and isinstance(later, Problem)
    unclosed = "YAML-Syntaxfehler: Der Text in Anführungszeichen"
    return quote.message.startswith(unclosed) and later.line > quote.line


def test_an_entry_s_syntax_error_is_the_whole_file_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "site"
    shutil.copytree(SITES / "catalogue", source)
    file = source / "data/projects.yaml"
    original = file.read_text(encoding="utf-8")
    # Comments above, and three times the fixture's entries (other titles).
    text = "# Projektkatalog\n#   mit Kommentaren vor dem ersten Eintrag\n\n" + original
    text += original.replace("title: ", "title: Zwei ") + original.replace(
        "title: ", "title: Drei "
    )
    converter = MarkdownConverter()
    pages, _ = load_pages(source, converter, {})
    fields = action_fields(pages)
    found_alone = []
    reported = entrysyntax.entry_syntax_problem

    def counted(*args: object, **kwargs: object) -> object:
        problem = reported(*args, **kwargs)  # type: ignore[arg-type]
        found_alone.append(problem is not None)
        return problem

    monkeypatch.setattr(catalogue, "entry_syntax_problem", counted)
    cache = EntryCache()  # as the preview reads, one edit after the other
    rng = random.Random(TEST_SEED)
    for case in range(300):
        changed = text
        for _ in range(rng.randint(1, 2)):
            changed = mistaken(changed, rng)
        file.write_text(changed, encoding="utf-8")
        by_entry = outcome(load_catalogue(source, fields, converter, cache=cache))
        with monkeypatch.context() as whole:
            whole.setattr(catalogue, "split_entries", lambda _data, _last=None: None)
            as_whole = outcome(load_catalogue(source, fields, converter))
        if by_entry != as_whole and unclosed_quote_before(by_entry, as_whole):
            continue  # said where the quote opens, not where the whole file fails
        assert by_entry == as_whole, f"case {case} (seed {TEST_SEED}):\n{changed}"
    # Most syntax errors are found in their entry; the rest read the whole file.
    assert sum(found_alone) > len(found_alone) / 2 > 10, found_alone


CATALOGUE = """\
- title: Erstes Projekt
  summary: Ein Treffpunkt.
  fields: [wohnen]
- Nur ein Text, kein Projekt
- title: Drittes Projekt
  summary: Ein Garten.
  fields: [wohnen]
"""


def checked(make_site: MakeSite, runner: CliRunner, catalogue: str) -> str:
    """What `ssg check` says of the catalogue fixture with `catalogue` (it fails)."""
    source = make_site({"data/projects.yaml": catalogue}, base="catalogue")
    result = runner.invoke(main, ["check", "--source", str(source)])
    assert result.exit_code == 1, result.output
    return result.output


@pytest.mark.parametrize("anchor", ["", "&alles "], ids=["entry by entry", "whole file"])
def test_an_entry_that_is_no_project_is_named_by_its_line(
    make_site: MakeSite, runner: CliRunner, anchor: str
) -> None:
    """Not 'Eintrag 1' (the entry read on its own) or 'Eintrag 2': the number changes
    with every entry above, the line says where it is. An anchor in the first entry
    has the whole file read at once; the message is the same."""
    catalogue_text = CATALOGUE.replace("- title: Erstes", f"- {anchor}title: Erstes")
    catalogue_text += "- *alles\n" if anchor else ""
    output = checked(make_site, runner, catalogue_text)
    assert (
        "data/projects.yaml:4:3: Fehler: Der Eintrag muss eine Zuordnung (feld: wert) sein, "
        "gefunden: Text"
    ) in output, output


def test_a_half_saved_catalogue_is_reported_at_its_last_entry(
    make_site: MakeSite, runner: CliRunner
) -> None:
    output = checked(make_site, runner, CATALOGUE + '- title: "Viertes')
    assert "data/projects.yaml:8:10: Fehler: YAML-Syntaxfehler" in output, output


def test_a_quote_the_entry_does_not_close_is_reported_where_it_opens(
    make_site: MakeSite, runner: CliRunner
) -> None:
    """The next quote in the file, entries later, ends the text; the whole file then
    fails there, at a line the editor did not touch."""
    text = CATALOGUE.replace("- title: Erstes Projekt", '- title: "Erstes Projekt')
    text = text.replace("summary: Ein Garten.", 'summary: "Ein Garten."')
    output = checked(make_site, runner, text)
    assert output.startswith(
        "data/projects.yaml:1:10: Fehler: YAML-Syntaxfehler: Der Text in Anführungszeichen "
        '(") endet nicht in diesem Eintrag\n'
        '  Hinweis: Fehlt das schließende "? Ohne es reicht der Text bis in die folgenden '
        "Einträge.\n"
    ), output


def test_a_quote_that_closes_in_a_later_entry_is_not_blamed_for_a_later_mistake(
    make_site: MakeSite, runner: CliRunner
) -> None:
    """YAML accepts the quoted text over lines that start with '- '; the mistake is
    the one further down, as reading the whole file says."""
    text = (
        '- title: Beratung\n  summary: "Wir bieten:\n- Beratung\n- Kurse"\n'
        "  fields: [wohnen]\n"
        "- title: Garten\n  summary: Ein Garten.\n   city: Essen\n  fields: [wohnen]\n"
    )
    output = checked(make_site, runner, text)
    assert output.startswith(
        "data/projects.yaml:8:4: Fehler: YAML-Syntaxfehler: Die Zeile ist weiter eingerückt "
        "als 'summary:' in Zeile 7\n"
    ), output
