"""A catalogue with the real data's quirks builds into the right index pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SITES, MakeSite, read_tree, run_build
from sitecheck import broken_links, parse


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    output = tmp_path_factory.mktemp("out") / "site"
    result = run_build(CliRunner(), SITES / "catalogue", "--output", str(output))
    assert result.exit_code == 0, result.output
    return read_tree(output)


def titles_on(files: dict[str, bytes], path: str) -> list[str]:
    """Slugs of the project pages a page links to, in page order."""
    links = parse(files[path].decode()).links
    found = (re.search(r"projekte/([^/]+)/index\.html$", href) for href in links)
    return list(dict.fromkeys(match.group(1) for match in found if match))


def test_same_named_districts_of_two_cities_get_two_pages(built: dict[str, bytes]) -> None:
    assert titles_on(built, "stadtteile/dortmund/nordstadt/index.html") == [
        "nordstadt-treff-dortmund"
    ]
    assert titles_on(built, "stadtteile/hagen/nordstadt/index.html") == ["nordstadt-treff-hagen"]


def test_umlauts_are_transliterated_in_addresses(built: dict[str, bytes]) -> None:
    assert "stadtteile/essen/ueberruhr/index.html" in built
    assert "projekte/oelmuehle-ueberruhr/index.html" in built
    assert "projekte/aepfel-fuer-alle/index.html" in built


def test_city_wide_project_is_not_a_district(built: dict[str, bytes]) -> None:
    assert not any("alle-stadtteile" in path for path in built)
    essen = built["stadtteile/essen/index.html"].decode()
    assert "Für alle Stadtteile" in essen and "Äpfel für alle" in essen
    # ...and it is shown on every district page of its city.
    assert "Äpfel für alle" in built["stadtteile/essen/ueberruhr/index.html"].decode()
    assert "Äpfel für alle" not in built["stadtteile/dortmund/nordstadt/index.html"].decode()


def test_projects_without_district_or_city_are_still_listed(built: dict[str, bytes]) -> None:
    overview = built["stadtteile/index.html"].decode()
    assert "Ohne Stadtteilangabe" in overview and "Zechensiedlung" in overview
    assert "Ohne Angabe der Stadt" in overview and "ohne Ort und Preis" in overview
    page = built["projekte/ohne-ort-und-preis/index.html"].decode()
    assert "keine Angabe" in page
    assert "Auszeichnung" not in page


def test_project_with_two_awards_is_on_both_award_pages(built: dict[str, bytes]) -> None:
    for award in ("preis-soziale-stadt-2004", "preis-soziale-stadt-2012"):
        assert "nordstadt-treff-dortmund" in titles_on(built, f"preise/{award}/index.html")
    assert sorted(titles_on(built, "preise/preis-soziale-stadt-2004/index.html")) == [
        "nordstadt-treff-dortmund",
        "nordstadt-treff-hagen",
    ]


def test_award_written_as_mapping_shares_the_page_and_shows_its_level(
    built: dict[str, bytes],
) -> None:
    award = built["preise/preis-soziale-stadt-2004/index.html"].decode()
    assert award.index("<h2>Anerkennung</h2>") < award.index("Nordstadt-Treff Hagen")
    assert award.index("Nordstadt-Treff Hagen") < award.index("<h2>Ohne Angabe der Stufe</h2>")
    project = built["projekte/nordstadt-treff-hagen/index.html"].decode()
    assert "Preis Soziale Stadt 2004</a> (Anerkennung)</dd>" in project


def test_awards_overview_lists_newest_year_first(built: dict[str, bytes]) -> None:
    text = built["preise/index.html"].decode()
    positions = [text.index(f"Preis Soziale Stadt {year}") for year in (2012, 2004, 2000)]
    assert positions == sorted(positions)


def test_lists_are_in_german_alphabetical_order(built: dict[str, bytes]) -> None:
    text = built["projekte/index.html"].decode()
    order = [
        "Äpfel für alle",
        "Nordstadt-Treff Dortmund",
        "ohne Ort und Preis",
        "Ölmühle Überruhr",
        "Zechensiedlung",
    ]
    positions = [text.index(title) for title in order]
    assert positions == sorted(positions)


def test_drafts_are_left_out(built: dict[str, bytes]) -> None:
    assert "projekte/geheimes-projekt/index.html" not in built
    assert "stadtteile/bonn/index.html" not in built
    assert "preise/preis-soziale-stadt-2016/index.html" not in built
    assert "handlungsfelder/entwurf/index.html" not in built


def test_action_field_page_lists_its_projects_then_its_links(built: dict[str, bytes]) -> None:
    text = built["handlungsfelder/wohnen/index.html"].decode()
    assert titles_on(built, "handlungsfelder/wohnen/index.html") == [
        "aepfel-fuer-alle",
        "nordstadt-treff-dortmund",
        "oelmuehle-ueberruhr",
        "zeche",
    ]
    assert text.index("Einleitung zum Wohnen") < text.index("Beispielprojekte")
    assert text.index("Beispielprojekte") < text.index("Weiterführende Links")
    netze = built["handlungsfelder/soziale-netze/index.html"].decode()
    assert 'href="../../stadtteile/dortmund/index.html"' in netze
    assert 'href="https://example.org/" rel="noopener"' in netze


def test_project_page_shows_every_fact(built: dict[str, bytes]) -> None:
    text = built["projekte/oelmuehle-ueberruhr/index.html"].decode()
    for expected in (
        "<h1>Ölmühle Überruhr",
        "Eine alte Mühle wird Stadtteilzentrum.",
        "../../stadtteile/essen/index.html",
        "../../stadtteile/essen/ueberruhr/",
        "../../handlungsfelder/wohnen/index.html",
        "<strong>drei</strong>",
        "<li>Werkstatt</li>",
        "https://example.org/muehle",
        'aria-label="Sie sind hier"',
    ):
        assert expected in text


def test_every_internal_link_and_anchor_resolves(built: dict[str, bytes]) -> None:
    assert broken_links(built, root="/handbuch/") == []


def test_site_addresses_in_markdown_become_relative_links(built: dict[str, bytes]) -> None:
    text = built["impressum/index.html"].decode()
    assert 'href="../projekte/index.html#buchstabe-z"' in text
    assert 'href="../static/style.css"' in text


def test_ids_are_unique_on_every_page(built: dict[str, bytes]) -> None:
    duplicates = {
        path: parse(data.decode()).duplicate_ids
        for path, data in built.items()
        if path.endswith(".html")
    }
    assert not any(duplicates.values()), duplicates
    assert 'id="projekte-text"' in built["handlungsfelder/soziale-netze/index.html"].decode()


def test_every_page_has_exactly_one_h1(built: dict[str, bytes]) -> None:
    counts = {
        path: parse(data.decode()).h1_count
        for path, data in built.items()
        if path.endswith(".html")
    }
    assert set(counts.values()) == {1}, counts


def test_drafts_flag_publishes_drafts_marked_as_such(tmp_path: Path, runner: CliRunner) -> None:
    result = run_build(runner, SITES / "catalogue", "--output", str(tmp_path / "out"), "--drafts")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "out/projekte/geheimes-projekt/index.html").read_text()
    assert "Entwurf" in page and 'content="noindex"' in page
    assert (tmp_path / "out/stadtteile/bonn/nordstadt/index.html").is_file()
    assert "Disallow: /" in (tmp_path / "out/robots.txt").read_text()
    # Every page asks not to be indexed, so the sitemap names none.
    assert "<url>" not in (tmp_path / "out/sitemap.xml").read_text()


def test_section_intro_and_footer_pages(built: dict[str, bytes]) -> None:
    overview = built["stadtteile/index.html"].decode()
    assert "<h1>Orte der Projekte</h1>" in overview
    assert "nach <strong>Ort</strong> geordnet" in overview
    assert "stadtteile/index/index.html" not in built
    footer = built["projekte/zeche/index.html"].decode().split('class="site-footer"')[1]
    assert 'href="../../impressum/index.html">Impressum</a>' in footer


def test_images_next_to_pages_are_published_and_linked(built: dict[str, bytes]) -> None:
    assert built["handlungsfelder/netzwerk.svg"].startswith(b"<svg")
    page = built["handlungsfelder/soziale-netze/index.html"].decode()
    assert 'src="../netzwerk.svg"' in page


def test_pages_in_a_folder_are_listed_on_the_folders_page(built: dict[str, bytes]) -> None:
    listing = built["materialien/index.html"].decode()
    assert listing.index("Checkliste Beteiligung") < listing.index("Leitfaden für Stadtteilfeste")
    home_footer = built["index.html"].decode().split('class="site-footer"')[1]
    assert 'href="materialien/index.html">Materialien</a>' in home_footer
    assert "leitfaden" not in home_footer  # pages in folders are listed there, not on every page


def test_an_alias_to_another_entry_reads_the_catalogue_as_a_whole(
    make_site: MakeSite, runner: CliRunner
) -> None:
    """Entries are read one by one, except where one refers to another's anchor."""
    catalogue = """\
        - title: Erstes Projekt
          summary: &gleich Ein Satz, den zwei Projekte teilen.
          city: Dortmund
        - title: Zweites Projekt
          summary: *gleich
          city: Bonn
        """
    site = make_site({"data/projects.yaml": catalogue})
    result = run_build(runner, site)
    assert result.exit_code == 0, result.output
    page = (site / "site/projekte/zweites-projekt/index.html").read_text(encoding="utf-8")
    assert "Ein Satz, den zwei Projekte teilen." in page


ENTRIES = """\
- title: Erstes Projekt
  summary: Text.
- title: Zweites Projekt
  summary: Text.

# Kommentar zwischen Einträgen
- title: Drittes Projekt
  summary: Text.
  city: 12
"""


@pytest.mark.parametrize(
    ("prefix", "line"),
    [
        ("", 9),  # read entry by entry
        ("# Katalog\n---\n", 11),  # entry by entry after a comment and a document start
        ("&liste\n", 10),  # an anchor before the list: read as a whole
    ],
)
def test_errors_have_the_same_place_however_the_catalogue_is_read(
    make_site: MakeSite, runner: CliRunner, prefix: str, line: int
) -> None:
    site = make_site({"data/projects.yaml": prefix + ENTRIES})
    result = run_build(runner, site)
    assert result.exit_code == 1
    assert f"data/projects.yaml:{line}:9: Fehler: 'city' muss Text sein" in result.output
