"""Legal and accessibility pages: details from the settings, never invented."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import MakeSite, run_build


def test_complete_details_fill_the_legal_pages(make_site: MakeSite, runner: CliRunner) -> None:
    source = make_site()
    result = run_build(runner, source, "--strict", "--no-search")
    assert result.exit_code == 0, result.output
    impressum = (source / "site/impressum/index.html").read_text()
    for text in (
        "§ 5 Digitale-Dienste-Gesetz",
        "Testbehörde für Stadtentwicklung",
        "Musterstraße 1<br>",
        "§ 18 Absatz 2 Medienstaatsvertrag",
        "Erika Mustermann",
        'href="mailto:redaktion@example.org"',
    ):
        assert text in impressum
    assert "Angabe fehlt" not in impressum
    statement = (source / "site/barrierefreiheit/index.html").read_text()
    for text in (
        "teilweise vereinbar",
        "24. November 2026",
        "barrierefreiheit@example.org",
        'href="https://www.lbbp.nrw.de/ombudsstelle"',
        "BITV NRW",
    ):
        assert text in statement
    sign = (source / "site/gebaerdensprache/index.html").read_text()
    assert '<track kind="captions" src="handbuch.vtt" srclang="de"' in sign
    assert "Video herunterladen (MP4, 1 kB, Dauer 0:02 Minuten)" in sign
    assert (source / "site/gebaerdensprache/handbuch.mp4").is_file()


def test_missing_details_are_shown_and_warned_about(make_site: MakeSite, runner: CliRunner) -> None:
    source = make_site({"data/site.yaml": "title: Testhandbuch\n"})
    result = run_build(runner, source, "--no-search")
    assert result.exit_code == 0
    warnings = [line for line in result.output.splitlines() if ": Warnung: " in line]
    assert warnings == [
        "data/site.yaml:1:1: Warnung: Angaben fehlen für Impressum, Datenschutzerklärung, "
        "Erklärung zur Barrierefreiheit und Seite in Gebärdensprache: Abschnitt operator "
        "(name, address, representative, email, phone), Abschnitt responsible_for_content "
        "(name, address), Abschnitt privacy (officer_name, officer_email, hosting, "
        "server_logs), Abschnitt accessibility (status, method, last_review, feedback_email), "
        "Abschnitt sign_language (video, captions, duration)"
    ]
    impressum = (source / "site/impressum/index.html").read_text()
    assert '<span class="missing">Angabe fehlt: Anschrift</span>' in impressum
    sign = (source / "site/gebaerdensprache/index.html").read_text()
    assert "noch nicht verfügbar" in sign and "<video" not in sign
    strict = run_build(runner, source, "--strict", "--no-search")
    assert strict.exit_code == 1
    assert strict.output.count(": Fehler: Angaben fehlen") == 1


def test_a_named_video_must_exist(make_site: MakeSite, runner: CliRunner) -> None:
    source = make_site({"content/gebaerdensprache/handbuch.mp4": None})
    result = run_build(runner, source, "--no-search")
    assert result.exit_code == 1
    assert "Fehler: Die Datei content/gebaerdensprache/handbuch.mp4 gibt es nicht" in result.output


def test_a_video_without_captions_says_so(make_site: MakeSite, runner: CliRunner) -> None:
    source = make_site()
    settings = (source / "data/site.yaml").read_text()
    (source / "data/site.yaml").write_text(
        settings.replace("  captions: gebaerdensprache/handbuch.vtt\n", "")
    )
    result = run_build(runner, source, "--no-search")
    assert (
        "data/site.yaml:27:1: Warnung: Angaben fehlen für Seite in Gebärdensprache: "
        "sign_language.captions (nicht eingetragen)"
    ) in result.output
    sign = (source / "site/gebaerdensprache/index.html").read_text()
    assert "Das Video hat Untertitel" not in sign and "Angabe fehlt: Untertitel" in sign


def test_a_section_emptied_of_its_fields_is_missing_details_not_an_error(
    make_site: MakeSite, runner: CliRunner
) -> None:
    """`operator:` with every line below deleted: the same warning as empty fields."""
    source = make_site({"data/site.yaml": "title: Testhandbuch\noperator:\nprivacy:\n"})
    result = run_build(runner, source, "--no-search")
    assert result.exit_code == 0, result.output
    assert ": Fehler: " not in result.output
    [warning] = [line for line in result.output.splitlines() if ": Warnung: " in line]
    assert "Abschnitt operator (name, address, representative, email, phone)" in warning
    impressum = (source / "site/impressum/index.html").read_text()
    assert '<span class="missing">Angabe fehlt: Anschrift</span>' in impressum
