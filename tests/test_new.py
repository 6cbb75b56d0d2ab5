"""`ssg new`: new projects and pages that build at once and disturb nothing."""

from __future__ import annotations

import re

from click.testing import CliRunner
from conftest import MakeSite, run_build
from hypothesis import given
from hypothesis import strategies as st

from ssg.cli import main
from ssg.placeholders import PAGE_TEXT, PROJECT_DESCRIPTION, PROJECT_SUMMARY, placeholder_lines

WRITTEN = {
    PROJECT_SUMMARY: "Ein Treff am Markt.",
    PROJECT_DESCRIPTION: "Der Treff ist [offen](/projekte/).",
    "<Stadt>": "Dortmund",
    "<Stadtteil oder Alle Stadtteile>": "Nordstadt",
    "<Preis mit Jahr, z. B. Preis Soziale Stadt 2004>": "Preis Soziale Stadt 2004",
    "<Zielgruppe wie Kinder und Jugendliche>": "Kinder und Jugendliche",
    "<Linktext, z. B. Website des Projekts>": "Website des Treffs",
    "https://<Adresse>/": "https://www.example.org/",
}


def fill_in(entry: str, write: bool = True) -> str:
    """What an editor does: uncomment the examples (the short award form), write the
    texts (unless `write` is false) and publish."""
    lines = []
    for line in entry.splitlines():
        if re.match(r"  # (awards:  #|  - name|    year|    level)", line):
            continue  # keep one of the two award forms
        line = re.sub(r"^  # ", "  ", line)
        if write:
            for placeholder, text in WRITTEN.items():
                line = line.replace(placeholder, text)
        if line.strip() != "draft: true":
            lines.append(line)
    return "\n".join(lines) + "\n"


def test_new_project_appends_a_draft_that_builds_as_is_and_once_filled_in(
    make_site: MakeSite, runner: CliRunner
) -> None:
    source = make_site()
    catalogue = source / "data/projects.yaml"
    before = catalogue.read_bytes()
    result = runner.invoke(main, ["new", "project", "--source", str(source), "Treff: am Markt"])
    assert result.exit_code == 0, result.output
    assert "/projekte/treff-am-markt/" in result.output
    after = catalogue.read_bytes()
    assert after.startswith(before)
    entry = after[len(before) :].decode()
    assert '- title: "Treff: am Markt"' in entry and "draft: true" in entry

    assert run_build(runner, source, "--strict").exit_code == 0
    assert not (source / "site/projekte/treff-am-markt").exists()
    assert run_build(runner, source, "--strict", "--drafts").exit_code == 0
    assert "Entwurf" in (source / "site/projekte/treff-am-markt/index.html").read_text()

    catalogue.write_bytes(before + fill_in(entry, write=False).encode())
    result = run_build(runner, source, "--strict")
    assert result.exit_code == 1
    placeholders = [line for line in result.output.splitlines() if ": Fehler: Platzhalter" in line]
    assert [line.split(": Fehler: ")[0] for line in placeholders] == [
        "data/projects.yaml:12:12",
        "data/projects.yaml:13:9",
        "data/projects.yaml:14:13",
        "data/projects.yaml:15:11",
        "data/projects.yaml:17:18",
        "data/projects.yaml:19:5",
        "data/projects.yaml:22:12",
        "data/projects.yaml:22:12",
    ], result.output

    catalogue.write_bytes(before + fill_in(entry).encode())
    result = run_build(runner, source, "--strict")
    assert result.exit_code == 0, result.output
    page = (source / "site/projekte/treff-am-markt/index.html").read_text()
    for shown in (
        "Treff: am Markt",
        "Dortmund",
        "Nordstadt",
        "Preis Soziale Stadt 2004",
        "Kinder und Jugendliche",
        "Soziale Netze",
        "https://www.example.org/",
    ):
        assert shown in page


def test_new_project_refuses_a_taken_address_and_a_broken_catalogue(
    make_site: MakeSite, runner: CliRunner
) -> None:
    source = make_site()
    catalogue = source / "data/projects.yaml"
    before = catalogue.read_bytes()
    result = runner.invoke(main, ["new", "project", "--source", str(source), "Nachbarschaftscafé"])
    assert result.exit_code == 1
    assert "/projekte/nachbarschaftscafe/ hat schon das Projekt in data/projects.yaml, Zeile 1" in (
        result.output
    )
    assert catalogue.read_bytes() == before
    catalogue.write_text("- title: [kaputt\n", encoding="utf-8")
    result = runner.invoke(main, ["new", "project", "--source", str(source), "Neu"])
    assert result.exit_code == 1
    assert "data/projects.yaml:1:10: Fehler: YAML-Syntaxfehler" in result.output
    assert catalogue.read_text() == "- title: [kaputt\n"


def test_new_page_creates_a_draft_and_refuses_to_overwrite(
    make_site: MakeSite, runner: CliRunner
) -> None:
    source = make_site()
    result = runner.invoke(main, ["new", "page", "--source", str(source), "handlungsfelder/wohnen"])
    assert result.exit_code == 0, result.output
    created = source / "content/handlungsfelder/wohnen.md"
    assert created.read_text().startswith("---\ntitle: Wohnen\n")
    assert run_build(runner, source, "--strict", "--drafts").exit_code == 0
    assert (source / "site/handlungsfelder/wohnen/index.html").is_file()

    again = runner.invoke(main, ["new", "page", "--source", str(source), "handlungsfelder/wohnen"])
    assert again.exit_code == 1 and "gibt es schon" in again.output
    taken = runner.invoke(
        main, ["new", "page", "--source", str(source), "projekte/nachbarschaftscafe"]
    )
    assert taken.exit_code == 1 and "/projekte/nachbarschaftscafe/ ist schon vergeben" in (
        taken.output
    )
    bad = runner.invoke(main, ["new", "page", "--source", str(source), "Über uns"])
    assert bad.exit_code == 2 and "ueber-uns" in bad.output
    assert not (source / "content/projekte").exists()


def test_new_project_keeps_crlf_and_refuses_what_it_cannot_append_to(
    make_site: MakeSite, runner: CliRunner
) -> None:
    source = make_site()
    catalogue = source / "data/projects.yaml"
    catalogue.write_bytes(b"- title: Alt\r\n  summary: Alt.")
    result = runner.invoke(main, ["new", "project", "--source", str(source), "Neu"])
    assert result.exit_code == 0, result.output
    written = catalogue.read_bytes()
    assert written.startswith(b"- title: Alt\r\n  summary: Alt.\r\n")
    assert b"\n" not in written.replace(b"\r\n", b"")
    assert run_build(runner, source, "--strict").exit_code == 0

    catalogue.write_text("[]\n")
    result = runner.invoke(main, ["new", "project", "--source", str(source), "Neu"])
    assert result.exit_code == 1 and "keine Liste" in result.output
    assert catalogue.read_text() == "[]\n"


def test_new_project_refuses_an_address_a_page_has(make_site: MakeSite, runner: CliRunner) -> None:
    source = make_site({"content/projekte/neu.md": "---\ntitle: Neu\n---\n"})
    before = (source / "data/projects.yaml").read_bytes()
    result = runner.invoke(main, ["new", "project", "--source", str(source), "Neu"])
    assert result.exit_code == 1 and "/projekte/neu/ ist schon vergeben" in result.output
    assert (source / "data/projects.yaml").read_bytes() == before


def test_new_page_may_write_a_section_introduction(make_site: MakeSite, runner: CliRunner) -> None:
    source = make_site()
    result = runner.invoke(
        main, ["new", "page", "--source", str(source), "projekte/index", "--title", "Alle Projekte"]
    )
    assert result.exit_code == 0, result.output
    assert run_build(runner, source, "--drafts").exit_code == 0
    assert "<h1>Alle Projekte</h1>" in (source / "site/projekte/index.html").read_text()


@given(
    st.lists(
        st.sampled_from([PAGE_TEXT, "…", "- …", "- ", " ", "\n", "Text", "x…"]), max_size=12
    ).map("".join)
)
def test_placeholder_lines_are_those_that_hold_a_placeholder_alone(body: str) -> None:
    lines = body.split("\n")
    expected = [i for i, line in enumerate(lines) if line.strip() in {PAGE_TEXT, "…", "- …"}]
    assert placeholder_lines(body) == expected
