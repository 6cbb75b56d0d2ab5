"""`ssg build` as CI and editors use it: exit codes, messages, and a site that survives."""

from __future__ import annotations

import errno
import fcntl
import tempfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import SITES, MakeSite, read_tree, run_build

from ssg.cli import main


def test_build_prints_one_summary_line(make_site: MakeSite, runner: CliRunner) -> None:
    source = make_site()
    result = run_build(runner, source)
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("ssg: 16 Seiten (38 Dateien) in ")
    assert (source / "site/projekte/nachbarschaftscafe/index.html").is_file()


def test_two_builds_are_byte_identical(tmp_path: Path, runner: CliRunner) -> None:
    for name in ("first", "second"):
        result = run_build(runner, SITES / "catalogue", "--output", str(tmp_path / name))
        assert result.exit_code == 0, result.output
    first, second = read_tree(tmp_path / "first"), read_tree(tmp_path / "second")
    assert first == second and len(first) > 20


def test_builds_and_checks_leave_nothing_in_the_temporary_folder(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every `ssg check` builds into a new scratch folder; a lock file per output
    would pile up there, one for each check an editor ever ran."""
    temporary = tmp_path / "temp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    for _ in range(2):
        checked = runner.invoke(main, ["check", "--source", str(SITES / "catalogue")])
        assert checked.exit_code == 0, checked.output
        built = run_build(runner, SITES / "catalogue", "--output", str(tmp_path / "site"))
        assert built.exit_code == 0, built.output
    assert list(temporary.iterdir()) == []


def test_where_folders_cannot_be_locked_a_lock_file_serves(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Network file systems lock only files open for writing (EBADF for a folder)."""
    temporary = tmp_path / "temp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    locked = fcntl.flock

    def files_only(target: Any, operation: int) -> None:
        if isinstance(target, int):  # a folder, opened with os.open
            raise OSError(errno.EBADF, "Bad file descriptor")
        locked(target, operation)

    monkeypatch.setattr(fcntl, "flock", files_only)
    built = run_build(runner, SITES / "catalogue", "--output", str(tmp_path / "site"))
    assert built.exit_code == 0, built.output
    assert (tmp_path / "site/index.html").is_file()
    assert [path.suffix for path in temporary.iterdir()] == [".lock"]


def test_failed_build_leaves_previous_site_untouched(
    make_site: MakeSite, runner: CliRunner
) -> None:
    source = make_site()
    assert run_build(runner, source).exit_code == 0
    before = read_tree(source / "site")
    (source / "data/projects.yaml").write_text("- title: Kaputt\n  summary: [\n", encoding="utf-8")
    result = run_build(runner, source)
    assert result.exit_code == 1
    assert "data/projects.yaml:2:13: Fehler: YAML-Syntaxfehler" in result.output
    assert "site/ wurde nicht verändert" in result.output
    assert read_tree(source / "site") == before
    assert [p.name for p in source.iterdir() if p.name.startswith(".")] == []


def test_rebuild_replaces_stale_files_and_cleans_leftovers(
    make_site: MakeSite, runner: CliRunner
) -> None:
    source = make_site()
    assert run_build(runner, source).exit_code == 0
    (source / "site/alt").mkdir(parents=True)
    (source / "site/alt/index.html").write_text("alt")
    (source / ".site.tmp-abandoned").mkdir()
    (source / ".site.tmp-abandoned/x.html").write_text("halb")
    assert run_build(runner, source).exit_code == 0
    assert not (source / "site/alt").exists()
    assert not (source / ".site.tmp-abandoned").exists()
    assert (source / "site/index.html").is_file()


def test_warnings_pass_but_fail_with_strict(make_site: MakeSite, runner: CliRunner) -> None:
    source = make_site(
        {
            "data/projects.yaml": """
        - title: Café
          summary: Ein Café.
          district: Hörde
        """
        }
    )
    result = run_build(runner, source)
    assert result.exit_code == 0
    expected = (
        "data/projects.yaml:3:13: Warnung: Stadtteil 'Hörde' ohne Stadt: das Projekt "
        "erscheint auf keiner Stadtteilseite\n"
    )
    assert expected in result.output
    assert result.output.rstrip().endswith("geschrieben; 1 Warnung.")
    strict = run_build(runner, source, "--strict")
    assert strict.exit_code == 1
    assert "data/projects.yaml:3:13: Fehler: Stadtteil 'Hörde' ohne Stadt" in strict.output


def test_a_misspelt_field_is_an_error_and_loses_nothing(
    make_site: MakeSite, runner: CliRunner
) -> None:
    source = make_site()
    assert run_build(runner, source).exit_code == 0
    before = read_tree(source / "site")
    (source / "data/projects.yaml").write_text(
        "- title: Café\n  summary: Ein Café.\n  city: Gelsenkirchen\n"
        "  distrikt: Bismarck/Schalke-Nord\n",
        encoding="utf-8",
    )
    result = run_build(runner, source)
    assert result.exit_code == 1
    assert (
        "data/projects.yaml:4:3: Fehler: Unbekanntes Feld 'distrikt'\n"
        "  Hinweis: Meinten Sie 'district'?"
    ) in result.output
    assert read_tree(source / "site") == before


def test_base_url_makes_sitemap_and_canonical_absolute(
    make_site: MakeSite, runner: CliRunner
) -> None:
    source = make_site()
    result = run_build(runner, source, "--base-url", "https://example.org/handbuch")
    assert result.exit_code == 0, result.output
    sitemap = (source / "site/sitemap.xml").read_text()
    assert "<loc>https://example.org/handbuch/projekte/nachbarschaftscafe/</loc>" in sitemap
    assert "<loc>https://example.org/handbuch/</loc>" in sitemap
    assert "404" not in sitemap
    page = (source / "site/projekte/nachbarschaftscafe/index.html").read_text()
    assert (
        '<link rel="canonical" href="https://example.org/handbuch/projekte/nachbarschaftscafe/">'
    ) in page
    robots = (source / "site/robots.txt").read_text()
    assert "Sitemap: https://example.org/handbuch/sitemap.xml" in robots
    not_found = (source / "site/404.html").read_text()
    assert "<style>" in not_found and "static/style.css" not in not_found
    assert 'href="/handbuch/projekte/index.html"' in not_found


def test_without_base_url_there_are_no_absolute_addresses(
    make_site: MakeSite, runner: CliRunner
) -> None:
    source = make_site({"data/site.yaml": "title: Ohne Adresse\n"})
    assert run_build(runner, source).exit_code == 0
    site = read_tree(source / "site")
    assert not any(b"canonical" in data for data in site.values())
    assert b"<loc>projekte/nachbarschaftscafe/</loc>" in site["sitemap.xml"]
    assert b"Sitemap:" not in site["robots.txt"]


def test_usage_errors_exit_with_2(make_site: MakeSite, runner: CliRunner) -> None:
    source = make_site()
    assert runner.invoke(main, ["build", "--nonsense"]).exit_code == 2
    bad_url = run_build(runner, source, "--base-url", "example.org")
    assert bad_url.exit_code == 2 and "--base-url" in bad_url.output
    missing = runner.invoke(main, ["build", "--source", str(source / "fehlt")])
    assert missing.exit_code == 2


def test_output_that_would_destroy_sources_is_refused(
    make_site: MakeSite, runner: CliRunner
) -> None:
    source = make_site()
    documents = source.parent / "Dokumente"
    documents.mkdir()
    (documents / "brief.odt").write_text("wichtig")
    (source.parent / "datei").write_text("x")
    (source.parent / "link").symlink_to(documents)
    refused = [source, source / "content", source / "data/site", source.parent, Path("/")]
    refused += [documents, source.parent / "datei", source.parent / "datei/sub"]
    refused += [source.parent / "link"]
    for output in refused:
        result = run_build(runner, source, "--output", str(output))
        assert result.exit_code == 2, output
        assert "--output" in result.output
        assert "Traceback" not in result.output
    assert (source / "content/index.md").is_file()
    assert (documents / "brief.odt").read_text() == "wichtig"


def test_a_missing_search_indexer_is_explained(
    make_site: MakeSite, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pagefind_bin

    monkeypatch.setattr(pagefind_bin, "get_executable", lambda: "/nicht/da/pagefind")
    source = make_site()
    result = run_build(runner, source)
    assert result.exit_code == 1
    assert "pagefind:1:1: Fehler: Der Suchindex kann nicht erstellt werden" in result.output
    assert "--no-search" in result.output
    assert not (source / "site").exists()
    assert run_build(runner, source, "--no-search").exit_code == 0


@pytest.mark.parametrize(
    "url",
    [" https://example.org/", "https://exa mple.org/", "https://example.org/hand buch/"],
)
def test_base_url_takes_what_site_yaml_takes(
    make_site: MakeSite, runner: CliRunner, url: str
) -> None:
    """The option and `base_url` in data/site.yaml follow one rule: a space would be
    published in the sitemap and every canonical address."""
    source = make_site()
    option = run_build(runner, source, "--base-url", url)
    assert option.exit_code == 2
    assert "(ohne Leerzeichen, ? und #)" in option.output
    settings = source / "data/site.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + f"base_url: '{url}'\n", encoding="utf-8"
    )
    assert run_build(runner, source).exit_code == 1


def test_names_too_long_for_the_system_are_said_in_german(
    make_site: MakeSite, runner: CliRunner, tmp_path: Path
) -> None:
    source, long = make_site(), "a" * 300
    result = run_build(runner, source, "--output", str(tmp_path / long))
    assert result.exit_code == 2
    assert "kann nicht verwendet werden: der Name ist für das System zu lang" in result.output
    made = runner.invoke(main, ["new", "site", str(tmp_path / long)])
    assert made.exit_code == 1
    assert "nicht möglich: der Name ist für das System zu lang." in made.output
    (tmp_path / "datei").write_text("", encoding="utf-8")
    below = runner.invoke(main, ["new", "site", str(tmp_path / "datei/handbuch")])
    assert below.exit_code == 1
    assert "nicht möglich: dort liegt eine Datei statt eines Ordners." in below.output
    assert all(
        result.exception is None or isinstance(result.exception, SystemExit)
        for result in (result, made, below)
    )
