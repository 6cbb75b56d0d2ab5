"""`ssg check` and the command-line conveniences: GitHub annotations, -q, progress."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPOSITORY, SITES, MakeSite, run_build

from ssg import report
from ssg.build import BuildOptions, build
from ssg.cli import main
from ssg.report import ProgressBar

BROKEN_LINKS = """
    ---
    title: Soziale Netze
    ---

    Siehe [Wohnen](wohnen.md) und [die Projekte](/projekte/#gibt-es-nicht).
    """


def test_the_repositorys_own_handbook_passes_check_and_nothing_is_written() -> None:
    """The content gate of this repository (the tool's behaviour is tested on fixtures):
    no errors, and no warning but the operator details still to be filled in."""
    before = sorted(path.name for path in REPOSITORY.iterdir())
    result = CliRunner().invoke(main, ["check", "--source", str(REPOSITORY)])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if ": Warnung: " in line]
    assert all("Angaben fehlen für Impressum" in line for line in warnings), result.output
    assert sorted(path.name for path in REPOSITORY.iterdir()) == before


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
    # The warning is counted, and the count says where it is shown.
    assert "ssg: Abbruch wegen 1 Fehler, 1 Warnung (ohne -q gezeigt); " in result.output


class Terminal(io.StringIO):
    """stderr as a terminal shows it."""

    def isatty(self) -> bool:
        return True


def test_the_progress_bar_appears_on_a_terminal_once_a_build_takes_a_second(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = [100.0]
    monkeypatch.setattr(report.time, "perf_counter", lambda: clock[0])
    for stderr, expected in ((Terminal(), True), (io.StringIO(), False)):
        monkeypatch.setattr(sys, "stderr", stderr)
        bar = ProgressBar(enabled=True)
        bar.update("Seiten erzeugen", 1, 10)
        assert stderr.getvalue() == ""  # a quick build shows no bar
        clock[0] += 1.5
        bar.update("Seiten erzeugen", 5, 10)
        shown = "\rSeiten erzeugen: [" + "#" * 15 + "." * 15 + "] 5/10"
        assert (shown in stderr.getvalue()) is expected
        bar.clear()
        assert stderr.getvalue().endswith(" \r") is expected  # the line is wiped


def test_a_build_reports_each_stage_up_to_its_end(make_site: MakeSite, tmp_path: Path) -> None:
    reported: list[tuple[str, int, int]] = []
    options = BuildOptions(
        make_site(base="catalogue"),
        tmp_path / "site",
        progress=lambda stage, done, total: reported.append((stage, done, total)),
        search=False,
    )
    build(options)
    stages = {stage for stage, _, _ in reported}
    assert {"Katalog prüfen", "Seiten erzeugen"} <= stages
    for stage in stages:
        last = [(done, total) for name, done, total in reported if name == stage][-1]
        assert last[0] == last[1], (stage, last)


def test_a_build_into_a_pipe_prints_one_line_and_no_bar(make_site: MakeSite) -> None:
    command = [sys.executable, "-m", "ssg.cli", "build", "--source", str(make_site())]
    plain = subprocess.run(command, capture_output=True, text=True, check=True)
    assert plain.stderr == ""
    assert plain.stdout.count("\n") == 1


def test_the_command_ends_with_every_line_written_and_its_exit_code(
    make_site: MakeSite,
) -> None:
    """The `ssg` process ends without freeing its objects one by one; what it printed
    into a pipe before is all there, and so is the exit code."""
    source = make_site({"content/handlungsfelder/soziale-netze.md": BROKEN_LINKS})
    command = [sys.executable, "-m", "ssg.cli", "check", "--source", str(source)]
    ended = subprocess.run(command, capture_output=True, text=True, check=False)
    in_process = CliRunner().invoke(main, ["check", "--source", str(source)])
    assert (ended.returncode, in_process.exit_code) == (1, 1)
    assert (ended.stdout, ended.stderr) == (in_process.stdout, in_process.stderr)
    assert ended.stderr.count("soziale-netze.md:5:") == 2
    assert ended.stderr.endswith("ssg: 2 Fehler gefunden.\n")


ENDING = """
import atexit, sys
from ssg.signals import end_own_process
atexit.register(lambda: print("aufgeräumt", file=sys.stderr))
sys.stdout.write("noch im Puffer")
end_own_process({code})
"""


@pytest.mark.parametrize(
    ("code", "status", "told"),
    [("None", 0, ""), ("0", 0, ""), ("2", 2, ""), ("'Abgebrochen'", 1, "Abgebrochen\n")],
)
def test_the_process_ends_as_a_normal_exit_would(code: str, status: int, told: str) -> None:
    """Exit handlers run, buffered output is written, and the code is what `sys.exit`
    would make of it, a message included."""
    command = [sys.executable, "-c", ENDING.format(code=code)]
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    ended = subprocess.run(command, capture_output=True, text=True, check=False, env=buffered)
    assert ended.returncode == status
    assert ended.stdout == "noch im Puffer"
    assert ended.stderr == told + "aufgeräumt\n"


def test_github_annotations_name_files_from_the_repository_root(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = make_site({"content/handlungsfelder/soziale-netze.md": BROKEN_LINKS})
    monkeypatch.chdir(source.parent)
    result = CliRunner().invoke(main, ["check", "--source", source.name, "--format", "github"])
    assert result.stdout.startswith(
        "::error file=handbuch/content/handlungsfelder/soziale-netze.md,line=5,col=16::"
    )
