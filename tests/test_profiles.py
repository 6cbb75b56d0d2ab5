"""District and city profiles, target groups, downloads with size, and the map,
as readers find them in the built pages of tests/sites/profiles/."""

from __future__ import annotations

import csv
import io
import json
import random
import re
import shutil
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SITES, TEST_SEED, read_tree, run_build
from sitecheck import resolve

from ssg.cli import main
from ssg.downloads import _FILE_LINK, label_file_links, labelled, links_files, size_label
from ssg.model import Profile

PROFILES = SITES / "profiles"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The fixture built in strict mode: every page's text by output path."""
    output = tmp_path_factory.mktemp("profiles") / "site"
    result = run_build(CliRunner(), PROFILES, "--strict", "--no-search", "--output", str(output))
    assert result.exit_code == 0, result.output
    return {p: data.decode() for p, data in read_tree(output).items() if p.endswith(".html")}


def main_of(html: str) -> str:
    return html.split('<main id="inhalt"', 1)[1].split("</main>", 1)[0]


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_district_page_shows_its_profile_then_its_projects(built: dict[str, str]) -> None:
    page = main_of(built["stadtteile/dortmund/nordstadt/index.html"])
    text = text_of(page)
    assert "Nordstadt Stadtteil in Dortmund" in text
    assert "Laufendes Programmgebiet seit 2008" in text
    assert "Die Nordstadt liegt nördlich des Hauptbahnhofs." in text
    assert text.index("Gebietscharakter") < text.index("Ansprechpersonen")
    assert text.index("Downloads") < text.index("Projekte im Stadtteil")
    assert '<a href="mailto:nordstadt@example.org">nordstadt@example.org</a>' in page
    assert '<a href="tel:02315012345">0231 50-12345</a>' in page
    assert "Musterstraße 2<br>\n44147 Dortmund" in page
    assert "Erika Beispiel" in text  # a contact with a name only
    assert 'Integriertes Handlungskonzept <span class="file-info">(PDF, 2,3 kB)</span>' in page
    assert 'Rahmenplan <span class="file-info">(PDF, 123 kB)</span>' in page  # from Markdown
    assert "Hausaufgabenhilfe im Stadtteilbüro" in text and "Nachbarschaftscafé" in text
    # A profile's text is found by the search; a district page without one is a mere list.
    assert (
        '<main id="inhalt" class="wrap" tabindex="-1" data-pagefind-body>'
        in (built["stadtteile/dortmund/nordstadt/index.html"])
    )
    assert "data-pagefind-body" not in built["stadtteile/koeln/index.html"]


def test_a_profile_without_projects_makes_its_district_page(built: dict[str, str]) -> None:
    text = text_of(main_of(built["stadtteile/dortmund/hafen/index.html"]))
    assert "Abgeschlossen, 2000–2014" in text
    assert "noch kein Beispielprojekt aus diesem Stadtteil" in text
    city = text_of(main_of(built["stadtteile/dortmund/index.html"]))
    assert "Hafen (0 Projekte; abgeschlossen, 2000–2014)" in city
    assert "Dortmund ist mit mehreren Stadtteilen im Programm." in city  # the city profile
    assert city.index("mehreren Stadtteilen") < city.index("Hafen")


def markers(html: str) -> list[tuple[str, str]]:
    """(href, accessible name) of every link on the map, in document order."""
    svg = html.split('<svg id="karte"', 1)[1].split("</svg>", 1)[0]
    return re.findall(r'<a href="([^"]+)" aria-label="([^"]+)"', svg)


def test_the_map_places_exactly_the_located_areas_and_links_them(built: dict[str, str]) -> None:
    overview = built["stadtteile/index.html"]
    assert markers(overview) == [
        ("dortmund/index.html", "Dortmund"),
        ("dortmund/hafen/index.html", "Hafen, Dortmund: abgeschlossen, 2000–2014"),
        (
            "dortmund/nordstadt/index.html",
            "Nordstadt, Dortmund: laufendes Programmgebiet seit 2008",
        ),
    ]
    for href, _name in markers(overview):
        assert resolve("stadtteile/index.html", href, "/")[0] in built
    # Chorweiler has no location: in the list, not on the map.
    assert 'href="koeln/chorweiler/index.html"' in overview.split("</figure>", 1)[1]
    assert "Lage der Orte: Testangaben" in overview and "Natural Earth" in overview
    # Finished and running areas differ in shape, not only in colour.
    assert "<rect x=" in overview.split('aria-label="Hafen', 1)[1].split("</a>", 1)[0]
    assert "<circle " in overview.split('aria-label="Nordstadt', 1)[1].split("</a>", 1)[0]
    city = built["stadtteile/dortmund/index.html"]
    assert [href for href, _ in markers(city)] == [
        "index.html",
        "hafen/index.html",
        "nordstadt/index.html",
    ]
    assert '<svg id="karte"' not in built["stadtteile/koeln/index.html"]  # nothing located


def test_target_group_pages_list_exactly_their_projects(built: dict[str, str]) -> None:
    overview = text_of(main_of(built["zielgruppen/index.html"]))
    assert "Ältere Menschen (1 Projekt)" in overview
    assert "Familien (1 Projekt)" in overview
    assert "Kinder und Jugendliche (2 Projekte)" in overview
    group = main_of(built["zielgruppen/kinder-und-jugendliche/index.html"])
    titles = re.findall(r"<h2><a [^>]*>([^<]+)</a>", group)
    assert titles == ["Hausaufgabenhilfe im Stadtteilbüro", "Nachbarschaftscafé"]
    project = built["projekte/nachbarschaftscafe/index.html"]
    assert (
        '<a href="../../zielgruppen/familien/index.html" data-pagefind-filter="Zielgruppe">'
        "Familien</a>" in project
    )
    navigation = built["index.html"].split('class="site-nav"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r">([^<]+)</a>", navigation) == [
        "Projekte",
        "Stadtteile",
        "Zielgruppen",
        "Suche",
    ]


def test_open_data_carries_the_target_groups(tmp_path: Path) -> None:
    result = run_build(CliRunner(), PROFILES, "--no-search", "--output", str(tmp_path))
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "projekte.json").read_text())
    groups = {p["titel"]: p["zielgruppen"] for p in data["projekte"]}
    assert groups["Nachbarschaftscafé"] == ["Familien", "Kinder und Jugendliche"]
    assert groups["Stadtteilzeitung"] == []
    rows = list(
        csv.DictReader(
            io.StringIO((tmp_path / "projekte.csv").read_text("utf-8-sig")), delimiter=";"
        )
    )
    assert {r["Titel"]: r["Zielgruppen"] for r in rows}["Nachbarschaftscafé"] == (
        "Familien | Kinder und Jugendliche"
    )


def test_links_to_files_name_format_and_size_wherever_written(built: dict[str, str]) -> None:
    field = built["handlungsfelder/soziale-netze/index.html"]
    assert 'Leitfaden für Nachbarschaftsnetze <span class="file-info">(PDF, 46 kB)</span>' in field
    project = built["projekte/stadtteilzeitung/index.html"]
    assert 'Leseprobe <span class="file-info">(PDF, 512 Byte)</span>' in project


def random_page(rng: random.Random) -> str:
    """Tags and text with addresses that lead, or almost lead, to files."""
    address_parts = [
        "x",
        ".",
        "/",
        "..",
        ">",
        "#",
        "?",
        "pdf",
        "html",
        "https:",
        "//",
        "1",
        '"',
        "x.pdf",
    ]

    def address() -> str:
        return "".join(rng.choice(address_parts) for _ in range(rng.randrange(0, 7)))

    def attributes() -> str:
        choices = [' class="x"', ' title="a>b"', " title='<a '", ' href="{}"', " ", "\n"]
        picked = [rng.choice(choices) for _ in range(rng.randrange(0, 4))]
        return "".join(part.replace("{}", address()) for part in picked)

    pieces = []
    for _ in range(rng.randrange(1, 5)):
        tag = rng.choice(["a", "a", "link", "p"])
        pieces.append(f"<{tag}{rng.choice([' ', '', chr(10)])}{attributes()}>Text</{tag}>")
    page = "".join(pieces)
    for _ in range(rng.randrange(0, 3)):  # a character lost or doubled
        at = rng.randrange(len(page))
        page = page[:at] + rng.choice(["", page[at] * 2]) + page[at + 1 :]
    return page


def test_finding_links_to_files_equals_trying_every_link() -> None:
    """links_files looks only where a file's address ends; the answer must be the one
    trying the pattern everywhere gives (SSG_TEST_SEED replays a failure)."""
    rng = random.Random(TEST_SEED)
    found = 0
    for _ in range(20_000):
        page = random_page(rng)
        expected = _FILE_LINK.search(page) is not None
        assert links_files(page) == expected, repr(page)
        found += expected
    assert found > 200  # pages with a link to a file, not only without


def test_labelling_links_to_files_equals_trying_every_link() -> None:
    """label_file_links tries the pattern only where a file's address ends; the page
    must be the one trying it everywhere makes (SSG_TEST_SEED replays a failure)."""
    rng = random.Random(TEST_SEED)
    sizes = {"x.pdf": 2_300, "seite/x.pdf": 45_600, "x.pdf?1": 5}
    changed = 0
    for _ in range(20_000):
        page = random_page(rng)
        folder = rng.choice(["index.html", "seite/index.html"])
        expected = _FILE_LINK.sub(partial(labelled, page=folder, sizes=sizes), page)
        assert label_file_links(page, folder, sizes) == expected, repr(page)
        changed += expected != page
    assert changed > 50  # pages with a file labelled, not only without


def test_sizes_are_written_the_german_way() -> None:
    assert [size_label(n) for n in (0, 999, 1000, 2_345, 45_600, 999_499)] == [
        "0 Byte",
        "999 Byte",
        "1 kB",
        "2,3 kB",
        "46 kB",
        "999 kB",
    ]
    assert [size_label(n) for n in (2_300_000, 12_400_000, 3_000_000_000)] == [
        "2,3 MB",
        "12 MB",
        "3 GB",
    ]


def test_status_reads_as_the_programme_writes_it() -> None:
    assert Profile("laufend", 2008).status_text == "laufendes Programmgebiet seit 2008"
    assert Profile("abgeschlossen", 2000, 2014).status_text == "abgeschlossen, 2000–2014"
    assert Profile("abgeschlossen", None, 2014).status_text == "abgeschlossen, bis 2014"
    assert Profile("", 1999).status_text == "Programmgebiet seit 1999"
    assert Profile().status_text == ""


def test_new_district_scaffolds_a_draft_profile_that_builds(tmp_path: Path) -> None:
    root = tmp_path / "handbuch"
    run = CliRunner()
    shutil.copytree(SITES / "minimal", root)
    result = run.invoke(main, ["new", "district", "--source", str(root), "dortmund/nordstadt"])
    assert result.exit_code == 0, result.output
    profile = root / "content/stadtteile/dortmund/nordstadt.md"
    text = profile.read_text()
    assert text.startswith("---\ntitle: Nordstadt\n")  # spelt as in the catalogue
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings == [
        "Gebietscharakter und Ausgangslage",
        "Potenziale und Handlungsansätze",
        "Organisation und lokale Partner",
        "Meilensteine",
        "Perspektiven",
    ]
    for field in ("status", "since", "until", "location", "contacts", "downloads"):
        assert f"# {field}:" in text
    assert run_build(run, root, "--strict").exit_code == 0  # a draft: left out, no warning
    drafts = run_build(run, root, "--drafts")
    assert drafts.exit_code == 0, drafts.output
    page = (root / "site/stadtteile/dortmund/nordstadt/index.html").read_text()
    assert "Potenziale und Handlungsansätze" in page and "Entwurf" in page
    again = run.invoke(main, ["new", "district", "--source", str(root), "Dortmund/Nordstadt"])
    assert again.exit_code == 1 and "gibt es schon" in again.output
    assert profile.read_text() == text
    every = run.invoke(main, ["new", "district", "--source", str(root), "Köln/Alle Stadtteile"])
    assert every.exit_code == 2 and "'Alle Stadtteile' ist kein Stadtteil" in every.output
    assert not (root / "content/stadtteile/koeln").exists()


def test_a_profile_is_held_to_the_spelling_most_entries_use(tmp_path: Path) -> None:
    """One entry misspells the city first in the file: the profile, spelt as the
    others, is right, and only that entry is reported (where the mistake is)."""
    source = tmp_path / "handbuch"
    shutil.copytree(PROFILES, source)
    catalogue = source / "data/projects.yaml"
    text = catalogue.read_text(encoding="utf-8")
    misspelt = text.replace("  city: Köln\n", "  city: Koeln\n", 1)
    for title in ("Zuhause in Chorweiler", "Zusammen in Chorweiler"):  # listed after it
        misspelt += f"- title: {title}\n  summary: Nachbarn helfen.\n  city: Köln\n"
        misspelt += "  district: Chorweiler\n  fields: [soziale-netze]\n"
    catalogue.write_text(misspelt, encoding="utf-8")
    city = "---\ntitle: Köln\ndescription: Die Stadt Köln.\n---\nKöln im Programm.\n"
    (source / "content/stadtteile/koeln/index.md").write_text(city, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--source", str(source)])
    assert result.exit_code == 1
    reported = [line for line in result.output.splitlines() if ": Fehler: " in line]
    line = misspelt.split("\n").index("  city: Koeln") + 1
    assert len(reported) == 1, result.output
    assert reported[0].startswith(f"data/projects.yaml:{line}:9: Fehler: Stadt 'Koeln'")


def test_of_two_spellings_as_common_the_first_in_the_file_is_the_catalogue_s(
    tmp_path: Path,
) -> None:
    """Two entries each write 'Neustadt' and 'NeuStadt': the spelling written first in
    the file is the catalogue's, whatever the titles' order (the lists are by title)."""
    source = tmp_path / "handbuch"
    shutil.copytree(PROFILES, source)
    catalogue = source / "data/projects.yaml"
    text = catalogue.read_text(encoding="utf-8")
    first = text.count("\n") + 1
    for title, city in [("Zebra", "Neustadt"), ("Mitte", "NeuStadt"), ("Mittag", "NeuStadt")]:
        text += f"- title: {title}\n  summary: Nachbarn helfen.\n  city: {city}\n"
        text += "  fields: [soziale-netze]\n"
    text += "- title: Anker\n  summary: Nachbarn helfen.\n  city: Neustadt\n"
    text += "  fields: [soziale-netze]\n"
    catalogue.write_text(text, encoding="utf-8")
    city = "---\ntitle: NeuStadt\ndescription: Die Stadt.\n---\nNeustadt im Programm.\n"
    (source / "content/stadtteile/neustadt").mkdir()
    (source / "content/stadtteile/neustadt/index.md").write_text(city, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--source", str(source)])
    assert result.exit_code == 1
    assert (
        "content/stadtteile/neustadt/index.md:2:8: Fehler: Die Stadt heißt im Projektkatalog "
        f"'Neustadt' (data/projects.yaml:{first + 2}), hier 'NeuStadt'"
    ) in result.output, result.output


def test_a_profile_with_a_warning_in_its_front_matter_is_still_built(tmp_path: Path) -> None:
    """A warning (here a '#' that YAML takes for a comment) keeps its page: only a
    profile in a folder of its own is refused."""
    source = tmp_path / "handbuch"
    shutil.copytree(PROFILES, source)
    profile = source / "content/stadtteile/dortmund/nordstadt.md"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace("Dortmund-Nordstadt.", "Dortmund-Nordstadt #Hafen"))
    result = run_build(CliRunner(), source)
    assert result.exit_code == 0, result.output
    assert "Der Text ab '#' gilt in YAML als Kommentar" in result.output
    page = source / "site/stadtteile/dortmund/nordstadt/index.html"
    assert "Quartiersbüro Nordstadt" in page.read_text(encoding="utf-8")
