"""`ssg check` and the command-line conveniences: GitHub annotations, -q, progress."""

from __future__ import annotations

import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPOSITORY, SITES, MakeSite, run_build

from ssg.cli import main

BROKEN_LINKS = """
    ---
    title: Soziale Netze
    ---

    Siehe [Wohnen](wohnen.md) und [die Projekte](/projekte/#gibt-es-nicht).
    """


def test_check_passes_on_the_repository_with_one_warning_for_the_operator(
    tmp_path: Path,
) -> None:
    result = CliRunner().invoke(main, ["check", "--source", str(REPOSITORY)])
    assert result.exit_code == 0, result.output
    assert result.output.count(": Warnung: ") == 1  # until the publishing body fills it in
    assert "data/site.yaml:" in result.output and "Angaben fehlen für Impressum" in result.output
    assert re.search(r"ssg: keine Fehler, 1 Warnung \(\d+ Seiten, \d+ interne", result.output)
    strict = CliRunner().invoke(main, ["check", "--source", str(REPOSITORY), "--strict"])
    assert strict.exit_code == 1
    assert strict.output.count(": Fehler: ") == 1 and "base_url" not in strict.output
    assert not (REPOSITORY / ".site.tmp").exists()


def test_a_complete_handbook_without_base_url_passes_strict_check(
    make_site: MakeSite, runner: CliRunner
) -> None:
    settings = (SITES / "minimal/data/site.yaml").read_text(encoding="utf-8")
    source = make_site({"data/site.yaml": settings.replace("base_url: https://", "# base: ")})
    result = runner.invoke(main, ["check", "--source", str(source), "--strict"])
    assert result.exit_code == 0, result.output
    assert "Warnung" not in result.output
    assert "ssg: keine Fehler gefunden (" in result.output
    built = run_build(runner, source, "--strict")
    assert built.exit_code == 0, built.output
    assert "Warnung" not in built.output and "ohne base_url" in built.output
    with_url = runner.invoke(
        main, ["check", "--source", str(source), "--strict", "--base-url", "https://x.de/hb/"]
    )
    assert with_url.exit_code == 0, with_url.output
    bad = runner.invoke(main, ["check", "--source", str(source), "--base-url", "x.de"])
    assert bad.exit_code == 2 and "--base-url" in bad.output


def test_check_checks_links_between_source_files(make_site: MakeSite) -> None:
    source = make_site({"content/handlungsfelder/soziale-netze.md": BROKEN_LINKS})
    result = CliRunner().invoke(main, ["check", "--source", str(source)])
    assert result.exit_code == 1
    assert result.output.splitlines()[:4] == [
        "content/handlungsfelder/soziale-netze.md:5:16: Fehler: Der Link 'wohnen.md' führt zu "
        "keiner Seite",
        "  Hinweis: Die Datei content/handlungsfelder/wohnen.md gibt es nicht, oder sie ist ein "
        "Entwurf.",
        "content/handlungsfelder/soziale-netze.md:5:46: Fehler: Den Anker '#gibt-es-nicht' gibt "
        "es auf /projekte/ nicht",
        "  Hinweis: Anker sind die Überschriften der Zielseite in Kleinbuchstaben, mit "
        "Bindestrichen: '## Typische Maßnahmen' wird zu #typische-massnahmen.",
    ]
    assert not (source / "site").exists()


def test_check_speaks_github_annotations(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = make_site({"content/handlungsfelder/soziale-netze.md": BROKEN_LINKS})
    monkeypatch.chdir(source)
    result = CliRunner().invoke(main, ["check", "--format", "github"])
    assert result.exit_code == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert annotations[0] == (
        "::error file=content/handlungsfelder/soziale-netze.md,line=5,col=16::Der Link "
        "'wohnen.md' führt zu keiner Seite%0AHinweis: Die Datei "
        "content/handlungsfelder/wohnen.md gibt es nicht, oder sie ist ein Entwurf."
    )
    assert len(annotations) == 2


def test_links_between_source_files_become_links_between_pages(
    make_site: MakeSite, runner: CliRunner
) -> None:
    source = make_site(
        {
            "content/impressum.md": """
                ---
                title: Impressum
                ---

                Zum [Handlungsfeld](handlungsfelder/soziale-netze.md#einleitung).
                """,
            "content/handlungsfelder/soziale-netze.md": """
                ---
                title: Soziale Netze
                ---

                ## Einleitung

                Zurück zum [Impressum](../impressum.md) und [nach oben](#einleitung).
                """,
        }
    )
    assert run_build(runner, source).exit_code == 0
    impressum = (source / "site/impressum/index.html").read_text()
    assert 'href="../handlungsfelder/soziale-netze/index.html#einleitung"' in impressum
    field = (source / "site/handlungsfelder/soziale-netze/index.html").read_text()
    assert 'href="../../impressum/index.html"' in field
    assert 'href="#einleitung"' in field


def test_quiet_prints_nothing_on_success_and_only_errors_on_failure(
    make_site: MakeSite, runner: CliRunner
) -> None:
    source = make_site(
        {"data/projects.yaml": "- title: Café\n  summary: Ein Café.\n  district: Hörde\n"}
    )
    result = run_build(runner, source, "-q")
    assert result.exit_code == 0 and result.output == ""
    (source / "data/projects.yaml").write_text("- title: Café\n  district: Hörde\n")
    result = run_build(runner, source, "-q")
    assert result.exit_code == 1
    assert ": Warnung: " not in result.output
    assert "data/projects.yaml:1:3: Fehler: Pflichtfeld 'summary' fehlt" in result.output


def write_big_catalogue(root: Path, count: int) -> None:
    entries = "".join(
        f"- title: Projekt {number}\n  summary: Ein Projekt im Stadtteil.\n"
        f"  city: Stadt {number % 20}\n  district: Viertel {number % 7}\n"
        f"  awards: Preis Soziale Stadt {2000 + number % 12}\n  fields: soziale-netze\n"
        for number in range(count)
    )
    (root / "data/projects.yaml").write_text(entries, encoding="utf-8")


def test_slow_build_shows_progress_on_a_terminal_only(tmp_path: Path) -> None:
    root = tmp_path / "handbuch"
    shutil.copytree(SITES / "minimal", root)
    write_big_catalogue(root, 5000)
    command = [sys.executable, "-m", "ssg.cli", "build", "--source", str(root)]
    plain = subprocess.run(command, capture_output=True, text=True, check=True)
    assert plain.stderr == "" and plain.stdout.count("\n") == 1

    leader, follower = pty.openpty()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    assert process.wait() == 0
    assert b"Seiten erzeugen: [" in shown


def test_github_annotations_name_files_from_the_repository_root(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = make_site({"content/handlungsfelder/soziale-netze.md": BROKEN_LINKS})
    monkeypatch.chdir(source.parent)
    result = CliRunner().invoke(main, ["check", "--source", source.name, "--format", "github"])
    assert result.stdout.startswith(
        "::error file=handbuch/content/handlungsfelder/soziale-netze.md,line=5,col=16::"
    )
