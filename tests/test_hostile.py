"""Hostile content: script in Markdown or YAML, unsafe links, links out of the handbook.

Every case ends in an error naming file and line, or in a site without any
way to run script; nothing is ever written or read outside the handbook.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MakeSite, read_tree, run_build

from ssg.cli import main

PAGE = "content/handlungsfelder/soziale-netze.md"
HEADER = "---\ntitle: Soziale Netze\n---\n\n"

# (Markdown, the message an editor sees for it); the last line of the Markdown is at fault
UNSAFE_LINES = [
    ("<script>alert(1)</script>", "Das HTML-Element <script> ist im Text nicht erlaubt"),
    ('<div onclick="alert(1)">Klick</div>', "Das Attribut 'onclick' an <div> ist nicht erlaubt"),
    ("Text <img src=x onerror=alert(1)> mitten", "Das HTML-Element <img> ist im Text nicht"),
    ('<iframe src="https://example.org/"></iframe>', "Das HTML-Element <iframe> ist im Text"),
    ('Ein <span style="position:fixed">Overlay</span>', "Das Attribut 'style' an <span>"),
    ("[Klick](javascript:alert(1))", "Die Adresse 'javascript:alert(1)' ist nicht erlaubt"),
    ("[Klick](JaVaScRiPt:alert(1))", "Die Adresse 'JaVaScRiPt:alert(1)' ist nicht erlaubt"),
    ("![Bild](data:image/svg+xml;base64,PHN2Zz4=)", "Die Adresse 'data:image/svg+xml;base64"),
    ("[Ref][x]\n\n[x]: vbscript:msgbox", "Die Adresse 'vbscript:msgbox' ist nicht erlaubt"),
    ("Absatz\n{: onmouseover=alert(1) }", "Das Attribut 'onmouseover' an <p> ist nicht erlaubt"),
    ('<a href="https://example.org/">roh</a>', "Das HTML-Element <a> ist im Text nicht erlaubt"),
    ("<form><input name=q></form>", "Das HTML-Element <form> ist im Text nicht erlaubt"),
    ("<svg><script>alert(1)</script></svg>", "Das HTML-Element <svg> ist im Text nicht erlaubt"),
    ("<style>body{display:none}</style>", "Das HTML-Element <style> ist im Text nicht erlaubt"),
]


@pytest.mark.parametrize(("line", "message"), UNSAFE_LINES)
def test_unsafe_markup_is_an_error_at_its_line(
    make_site: MakeSite, runner: CliRunner, line: str, message: str
) -> None:
    source = make_site()
    assert run_build(runner, source).exit_code == 0
    before = read_tree(source / "site")
    (source / PAGE).write_text(f"{HEADER}Einleitung.\n\n{line}\n", encoding="utf-8")
    result = run_build(runner, source)
    assert result.exit_code == 1
    faulty = 7 + line.count("\n")
    assert f"{PAGE}:{faulty}:" in result.output and message in result.output, result.output
    assert "Traceback" not in result.output
    assert read_tree(source / "site") == before


def test_unsafe_markup_in_a_project_description_is_an_error_at_its_line(
    make_site: MakeSite, runner: CliRunner
) -> None:
    catalogue = """\
        - title: Nachbarschaftscafé
          summary: Ein Café.
          description: |
            Erster Absatz.

            Mehr <script>alert(1)</script> und [hier](javascript:void(0)).
        """
    result = run_build(runner, make_site({"data/projects.yaml": catalogue}))
    assert result.exit_code == 1
    assert "data/projects.yaml:6:10: Fehler: Das HTML-Element <script>" in result.output
    assert "data/projects.yaml:6:47: Fehler: Die Adresse 'javascript:void(0)'" in result.output


def test_safe_markup_is_kept_and_external_links_get_noopener(
    make_site: MakeSite, runner: CliRunner
) -> None:
    body = (
        'Die <abbr title="Quartiersmanagement">QM</abbr> im <span lang="en">Community '
        "Center</span>.<br>\nH<sub>2</sub>O, <!-- Notiz der Redaktion --> "
        "[Extern](https://example.org/a?b=1&c=2), [Mail](mailto:info@example.org), "
        "[Intern](/projekte/), <https://example.com/>.\n\n"
        "<details><summary>Mehr</summary>Inhalt</details>\n\n"
        "| Links | Mitte |\n|:---|:---:|\n| a | b |\n"
    )
    source = make_site({PAGE: HEADER + body})
    result = run_build(runner, source, "--no-search")
    assert result.exit_code == 0, result.output
    html = (source / "site/handlungsfelder/soziale-netze/index.html").read_text()
    assert '<abbr title="Quartiersmanagement">QM</abbr>' in html
    assert '<span lang="en">Community Center</span>' in html
    assert "<details><summary>Mehr</summary>Inhalt</details>" in html
    assert 'href="https://example.org/a?b=1&amp;c=2" rel="noopener"' in html
    assert 'href="https://example.com/" rel="noopener"' in html
    assert 'href="mailto:info@example.org">' in html
    assert 'href="../../projekte/index.html">Intern' in html
    assert 'style="text-align:center"' in html  # as nh3 writes it: the text has raw HTML
    assert "Notiz der Redaktion" not in html


HOSTILE_TEXT = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


def test_text_from_yaml_is_escaped_on_every_page(make_site: MakeSite, runner: CliRunner) -> None:
    catalogue = f"""\
        - title: 'Café {HOSTILE_TEXT}'
          summary: '{HOSTILE_TEXT}'
          city: '{HOSTILE_TEXT}'
          district: '<b>Nordstadt</b>'
          awards: '{HOSTILE_TEXT} 2004'
          fields: [soziale-netze]
          links:
            - title: '{HOSTILE_TEXT}'
              url: https://example.org/
        """
    source = make_site({"data/projects.yaml": catalogue})
    result = run_build(runner, source, "--no-search")
    assert result.exit_code == 0, result.output
    pages = {p: t for p, t in read_tree(source / "site").items() if p.endswith(".html")}
    shown = [p for p, t in pages.items() if b"&lt;script&gt;alert(1)" in t]
    assert len(shown) >= 5, shown  # project, lists, city, award, field pages
    for path, html in pages.items():
        assert not re.search(rb"<script>alert|<img src=x|<b>Nordstadt", html), path
    for path in read_tree(source / "site"):  # slugs keep every file inside the site
        assert ".." not in path.split("/") and "<" not in path, path


def test_links_out_of_the_handbook_are_refused_and_never_read(
    make_site: MakeSite, runner: CliRunner, tmp_path: Path
) -> None:
    outside = tmp_path / "anderswo"
    outside.mkdir()
    (outside / "geheim.md").write_text("---\ntitle: Geheim\n---\n\nGEHEIMNIS\n")
    (outside / "passwort.txt").write_text("GEHEIMNIS")
    source = make_site()
    (source / "content/geheim.md").symlink_to(outside / "geheim.md")
    (source / "content/passwort.txt").symlink_to(outside / "passwort.txt")
    (source / "content/ordner").symlink_to(outside)
    (source / "content/auch-hier.md").symlink_to(source / "content/index.md")  # inside: fine
    result = run_build(runner, source)
    assert result.exit_code == 1
    for name in ("geheim.md", "passwort.txt", "ordner"):
        assert f"content/{name}:1:1: Fehler: Symbolischer Link aus dem Handbuch heraus" in (
            result.output
        )
    assert "auch-hier" not in result.output
    checked = runner.invoke(main, ["check", "--source", str(source)])
    assert checked.exit_code == 1 and "GEHEIMNIS" not in checked.output


def test_file_names_that_make_no_address_are_errors(make_site: MakeSite, runner: CliRunner) -> None:
    odd = ["%2e%2e", "back\\slash", " ", "a..b", "ünïcödé"]
    files = {f"content/{name}.md": "---\ntitle: Seltsam\n---\n\nText.\n" for name in odd}
    files["content/..md"] = files["content/...md"] = "---\ntitle: Versteckt\n---\n"
    result = run_build(runner, make_site(files), "--no-search")
    assert result.exit_code == 1
    for name in odd:
        assert f"content/{name}.md:1:1: Fehler: Der Dateiname '{name}' taugt nicht" in (
            result.output
        )
    assert "Versteckt" not in result.output  # names starting with a dot are hidden files


def test_output_in_the_home_folder_is_refused(
    make_site: MakeSite, runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    (home / "Dokumente").mkdir(parents=True)
    (home / "Dokumente/brief.odt").write_text("wichtig")
    monkeypatch.setenv("HOME", str(home))
    source = make_site()
    for output in (home, Path(os.path.relpath(home)), source / ".git", source / "templates"):
        result = run_build(runner, source, "--output", str(output))
        assert result.exit_code == 2 and "--output" in result.output, output
    assert (home / "Dokumente/brief.odt").read_text() == "wichtig"


def test_a_footnote_without_its_text_is_a_warning_at_the_reference(
    make_site: MakeSite, runner: CliRunner
) -> None:
    """Python-Markdown leaves `[^1]` as it is when no `[^1]:` explains it: published, it
    would read "…Stadt NRW.[^1]". Code may show the syntax."""
    body = "Ein Satz.[^1] Und `[^code]` als Code.\n\nNoch einer[^quelle].\n\n[^quele]: Q.\n"
    result = run_build(runner, make_site({PAGE: HEADER + body}))
    assert result.exit_code == 1  # the unused [^quele] is an error
    for line, column, name in ((5, 10, "1"), (7, 11, "quelle")):
        assert (
            f"{PAGE}:{line}:{column}: Warnung: Zur Fußnote [^{name}] fehlt die Erklärung; "
            f"so steht '[^{name}]' im Text"
        ) in result.output
    assert "[^code]" not in result.output


def test_a_footnote_the_text_never_uses_is_an_error_at_its_line(
    make_site: MakeSite, runner: CliRunner
) -> None:
    body = "Text[^a] und[^2].\n\n[^a]: Eins.\n[^1]: Unbenutzt.\n[^2]: Zwei.\n"
    result = run_build(runner, make_site({PAGE: HEADER + body}))
    assert result.exit_code == 1
    assert f"{PAGE}:8:1: Fehler: Die Fußnote [^1] wird im Text nicht verwendet" in result.output
    assert "fnref" not in result.output  # the back-links Markdown makes are not the editor's


def test_the_hint_for_an_invisible_character_in_a_field_name_spells_it_without(
    make_site: MakeSite, runner: CliRunner
) -> None:
    """Copied from the hint, the name would carry the pasted character along again."""
    catalogue = "- title: Treff\n  summary: Ein Treff.\n  ci\u200bty: Dortmund\n"
    result = run_build(runner, make_site({"data/projects.yaml": catalogue}))
    assert result.exit_code == 1
    assert "Hinweis: Im Feldnamen steht ein breitenloses Leerzeichen (U+200B)" in result.output
    assert "Löschen Sie es und schreiben Sie 'city' neu." in result.output


def test_a_space_between_the_brackets_of_a_link_is_a_warning(
    make_site: MakeSite, runner: CliRunner
) -> None:
    """`[Text] (adresse)` is no link to Markdown: the page would show it as typed. A word
    in brackets followed by one in parentheses stays text, as meant."""
    body = "Siehe [Leichte Sprache] (../leichte-sprache.md), [sic] (Quelle), `[a] (b/c)`.\n"
    result = run_build(runner, make_site({PAGE: HEADER + body}))
    assert result.exit_code == 0, result.output
    assert (
        f"{PAGE}:5:7: Warnung: Zwischen ']' und '(' steht ein Leerzeichen; so wird "
        "'Leichte Sprache' kein Link\n  Hinweis: Schreiben Sie "
        "[Leichte Sprache](../leichte-sprache.md)."
    ) in result.output
    assert result.output.count("Zwischen ']' und '('") == 1
