"""The preview equals a fresh build after any series of edits, whatever the templates read,
and renders again only what an edit changed.

The random edits run from a seed printed with every failure; replay one with
SSG_TEST_SEED=<seed>. SSG_INCREMENTAL_SEQUENCES sets how many sequences run.
"""

from __future__ import annotations

import os
import random
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import REPOSITORY, TEST_SEED, MakeSite, read_tree

import ssg.build
import ssg.entries
import ssg.opendata
from ssg.build import BuildOptions, render_site
from ssg.errors import ContentError, Problem
from ssg.incremental import Kept
from ssg.opendata import _record
from ssg.report import Rebuilt
from ssg.serve import Preview

# A publisher's project page that reads the whole site: the number of projects and
# the other projects of the same city (what a fixed list of templates could not know).
PROJECT_TEMPLATE_EXTRA = """
<p id="anzahl">Eines von {{ site.projects|length }} Projekten.</p>
<ul id="nachbarn">
{% for other in site.projects if other.city == project.city and other.slug != project.slug %}
  <li>{{ other.title }}: {{ other.summary }}</li>
{% endfor %}
</ul>
{% endblock %}
"""

ENTRY = "- title: {title}\n  summary: {summary}\n  city: {city}\n{extra}"


def customised(source: Path) -> None:
    """Give the handbook its own project template that reads `site.projects`."""
    templates = source / "templates"
    templates.mkdir(exist_ok=True)
    own = (REPOSITORY / "templates/project.html").read_text(encoding="utf-8")
    own = own.rsplit("{% endblock %}", 1)[0] + PROJECT_TEMPLATE_EXTRA
    (templates / "project.html").write_text(own, encoding="utf-8")


def built(source: Path, folder: Path, kept: Kept | None = None) -> list[str]:
    """Build into `folder` (with the preview's `kept`); the problems, as printed."""
    options = BuildOptions(source, folder, None, drafts=True, search=False)
    try:
        result = render_site(options, folder, kept)
    except ContentError as error:
        return _printed(error.problems)
    return _printed(result.warnings)


def _printed(problems: list[Problem]) -> list[str]:
    return [problem.format() for problem in problems]


def fresh(source: Path, folder: Path) -> tuple[list[str], dict[str, bytes]]:
    folder.mkdir()
    problems = built(source, folder)
    return problems, read_tree(folder)


def previewed(make_site: MakeSite, tmp_path: Path) -> tuple[Path, Path, Kept]:
    """The catalogue fixture, built once into a preview folder with its kept state."""
    source = make_site(base="catalogue")
    preview = tmp_path / "preview"
    preview.mkdir()
    kept = Kept(again=True)  # the preview's
    built(source, preview, kept)
    return source, preview, kept


# Edits an editor makes, each given a random generator; each returns what it did.
Edit = Callable[[Path, random.Random], str]


def _entries(source: Path) -> list[str]:
    text = (source / "data/projects.yaml").read_text(encoding="utf-8")
    return ["- " + entry for entry in text.removeprefix("- ").split("\n- ")]


def _write_entries(source: Path, entries: list[str]) -> None:
    text = "\n".join(entry.rstrip("\n") for entry in entries) + "\n"
    (source / "data/projects.yaml").write_text(text, encoding="utf-8")


def add_project(source: Path, rng: random.Random) -> str:
    entries = _entries(source)
    number = rng.randrange(10_000)
    extra = rng.choice(["", "  district: Nordstadt\n", "  district: Hörde\n", "  draft: true\n"])
    city = rng.choice(["Dortmund", "Essen", "Hagen"])
    entry = ENTRY.format(
        title=f"Projekt {number}", summary=f"Text {number}.", city=city, extra=extra
    )
    entries.insert(rng.randrange(len(entries) + 1), entry)
    _write_entries(source, entries)
    return f"add Projekt {number} in {city}"


def remove_project(source: Path, rng: random.Random) -> str:
    entries = _entries(source)
    if len(entries) < 2:
        return "keep the last project"
    removed = entries.pop(rng.randrange(len(entries)))
    _write_entries(source, entries)
    return f"remove {removed.splitlines()[0]}"


def move_project(source: Path, rng: random.Random) -> str:
    entries = _entries(source)
    entry = entries.pop(rng.randrange(len(entries)))
    entries.insert(rng.randrange(len(entries) + 1), entry)
    _write_entries(source, entries)
    return f"move {entry.splitlines()[0]}"


def change_summary(source: Path, rng: random.Random) -> str:
    entries = _entries(source)
    index = rng.randrange(len(entries))
    word = rng.choice(["Neu.", "Mit Mittagstisch.", "Ein Treff:\n    zwei Zeilen."])
    summary = f"  summary: >-\n    {word}" if "\n" in word else f"  summary: {word}"
    entries[index] = re.sub(
        r"  summary: .*(\n    .*)*", lambda _m: summary, entries[index], count=1
    )
    _write_entries(source, entries)
    return f"summary of {entries[index].splitlines()[0]}"


def add_lines_above(source: Path, rng: random.Random) -> str:
    catalogue = source / "data/projects.yaml"
    lines = rng.randrange(1, 4)
    catalogue.write_text("# Kommentar\n" * lines + catalogue.read_text(encoding="utf-8"))
    return f"{lines} comment lines on top"


def rename_field(source: Path, rng: random.Random) -> str:
    page = source / "content/handlungsfelder/soziale-netze.md"
    title = rng.choice(["Soziale Netze", "Netzwerke im Quartier", "Nachbarschaft"])
    text = re.sub(r"(?m)^title: .*$", f"title: {title}", page.read_text(encoding="utf-8"), count=1)
    page.write_text(text, encoding="utf-8")
    return f"action field title {title}"


def change_template(source: Path, rng: random.Random) -> str:
    template = source / "templates/project.html"
    text = template.read_text(encoding="utf-8")
    note = f"<p>Stand {rng.randrange(100)}</p>\n{{% endblock %}}"
    template.write_text(text.rsplit("{% endblock %}", 1)[0] + note + "\n", encoding="utf-8")
    return "project template"


def change_settings(source: Path, rng: random.Random) -> str:
    settings = source / "data/site.yaml"
    title = rng.choice(["Katalog-Test", "Handbuch Test", "Neuer Titel"])
    text = re.sub(
        r"(?m)^title: .*$", f"title: {title}", settings.read_text(encoding="utf-8"), count=1
    )
    settings.write_text(text, encoding="utf-8")
    return f"site title {title}"


def break_and_mend(source: Path, rng: random.Random) -> str:
    """A field misspelt (an error), which the next edit may leave or not."""
    entries = _entries(source)
    index = rng.randrange(len(entries))
    entries[index] = entries[index].replace("  city:", "  stadt:", 1)
    _write_entries(source, entries)
    return f"misspell city of {entries[index].splitlines()[0]}"


def control_character(source: Path, rng: random.Random) -> str:
    """A control character pasted into a summary (an error, until a later edit of that
    entry removes it): read entry by entry, the catalogue looks for them in new entries."""
    entries = _entries(source)
    index = rng.randrange(len(entries))
    # YAML refuses most; NEL (U+0085) it takes for a line break, so only ssg finds it.
    character = rng.choice(["\x07", "\x85    ", "\ufeff\x1b"])
    entries[index] = entries[index].replace("  summary: ", f"  summary: {character}", 1)
    _write_entries(source, entries)
    return f"control character {character!r} in {entries[index].splitlines()[0]}"


def change_profile(source: Path, rng: random.Random) -> str:
    """A district profile written, changed or removed: status, location, a download."""
    profile = source / "content/stadtteile/dortmund/nordstadt.md"
    if profile.exists() and rng.random() < 0.3:
        profile.unlink()
        return "remove profile"
    status = rng.choice(["laufend", "abgeschlossen"])
    location = rng.choice(["", "location: [51.5265, 7.4620]\n", "location: [51.53, 7.44]\n"])
    download = rng.choice(["", "downloads:\n  - title: Konzept\n    file: konzept.pdf\n"])
    profile.parent.mkdir(parents=True, exist_ok=True)
    profile.write_text(
        f"---\ntitle: Nordstadt\nstatus: {status}\nsince: 2008\n{location}{download}---\n"
        "Text mit [Plan](konzept.pdf).\n",
        encoding="utf-8",
    )
    return f"profile {status} {bool(location)} {bool(download)}"


def replace_download(source: Path, rng: random.Random) -> str:
    """A file that pages link to, replaced by one of another size."""
    file = source / "content/stadtteile/dortmund/konzept.pdf"
    file.parent.mkdir(parents=True, exist_ok=True)
    size = rng.choice([500, 2_300, 1_500_000])
    file.write_bytes(b"%PDF" + b"0" * size)
    return f"download of {size} bytes"


def save_page_otherwise(source: Path, rng: random.Random) -> str:
    """A page saved as another editor's program saves it: with a byte order mark, with
    CRLF line ends, with umlauts in two code points (NFD), or in Latin-1 (an error
    until a later save mends it)."""
    text = "---\ntitle: Leitfaden für Stadtteilfeste\n---\n\nGrüße aus dem Büro.\n"
    saved = {
        "UTF-8": text.encode(),
        "BOM": "\ufeff".encode() + text.encode(),
        "CRLF": text.replace("\n", "\r\n").encode(),
        "NFD": unicodedata.normalize("NFD", text).encode(),
        "Latin-1": text.encode("latin-1"),
    }
    way = rng.choice(sorted(saved))
    (source / "content/materialien/leitfaden.md").write_bytes(saved[way])
    return f"page saved as {way}"


def respell_name(source: Path, rng: random.Random) -> str:
    """A name the catalogue's checks compare (spelling.py) written otherwise: as the
    others write it, with a slip of typing (a warning) or in other capitals (an error)."""
    entries = _entries(source)
    index = rng.randrange(len(entries))
    name, spellings = rng.choice(
        [
            ("city", ["Essen", "Esen", "ESSEN"]),
            ("district", ["Nordstadt", "Nordstdt", "NordStadt"]),
            ("awards", ["Preis Soziale Stadt 2004", "Preis soziale Stadt 2004"]),
            ("target_groups", ["[Kinder]", "[kinder]", "[Kinder, Ältere]"]),
        ]
    )
    line = f"  {name}: {rng.choice(spellings)}"
    entry, found = re.subn(rf"(?m)^  {name}: .*(\n    .*)*$", lambda _m: line, entries[index])
    entries[index] = entry if found else entry.replace("\n", f"\n{line}\n", 1)
    _write_entries(source, entries)
    return f"{line.strip()} in {entries[index].splitlines()[0]}"


EDITS: list[Edit] = [
    save_page_otherwise,
    change_profile,
    replace_download,
    add_project,
    remove_project,
    move_project,
    change_summary,
    add_lines_above,
    rename_field,
    change_template,
    change_settings,
    break_and_mend,
    control_character,
    respell_name,
]


def test_the_preview_equals_a_fresh_build_after_random_edits(
    make_site: MakeSite, tmp_path: Path
) -> None:
    seed = TEST_SEED
    sequences = int(os.environ.get("SSG_INCREMENTAL_SEQUENCES", "4"))
    rng = random.Random(seed)
    source = make_site(base="catalogue")
    customised(source)
    pristine = {path: path.read_bytes() for path in source.rglob("*") if path.is_file()}
    for sequence in range(sequences):
        for path, data in pristine.items():
            path.write_bytes(data)
        preview = tmp_path / f"preview-{sequence}"
        preview.mkdir()
        kept = Kept(again=True)  # the preview's
        built(source, preview, kept)
        done = []
        for step in range(6):
            done.append(rng.choice(EDITS)(source, rng))
            problems = built(source, preview, kept)
            if any(": Fehler: " in problem for problem in problems):
                continue  # the preview shows the errors instead of the pages
            where = f"seed {seed} (SSG_TEST_SEED={seed}), after {done}"
            expected_problems, expected_files = fresh(source, tmp_path / f"fresh-{sequence}-{step}")
            assert problems == expected_problems, where
            got = read_tree(preview)
            stale = sorted(p for p in expected_files if got.get(p) != expected_files[p])
            assert stale == [] and set(got) == set(expected_files), where


def test_a_changed_summary_renders_only_the_pages_that_show_it(
    make_site: MakeSite, tmp_path: Path
) -> None:
    source, preview, kept = previewed(make_site, tmp_path)
    assert len(kept.rendered) > 40
    catalogue = source / "data/projects.yaml"
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(text.replace("Treffpunkt in der Hagener", "Treff in der Hagener"))
    built(source, preview, kept)
    assert sorted(kept.rendered) == [
        "handlungsfelder/index.html",  # lists the fields' projects with their summaries
        "handlungsfelder/soziale-netze/index.html",
        "index.html",  # the home page reads the projects
        "preise/index.html",
        "preise/preis-soziale-stadt-2004/index.html",
        "projekte.csv",
        "projekte.json",
        "projekte/index.html",
        "projekte/nordstadt-treff-hagen/index.html",
        "stadtteile/hagen/index.html",
        "stadtteile/hagen/nordstadt/index.html",
        "stadtteile/index.html",
    ]


@pytest.mark.parametrize(
    "before, after",
    [
        ("title: Äpfel für alle", "title: Ölmühle Überruhr"),  # the address of another
        ("city: Essen", "city: ESSEN"),
        ("slug: zeche", "slug: zeche\n  district: ÜBERRUHR"),
        ("awards: Preis Soziale Stadt 2000", "awards: Preis soziale Stadt 2004"),
        ("fields: [wohnen]\n  desc", "fields: [wohnen]\n  target_groups: [Kinder]\n  desc"),
    ],
)
def test_an_edit_that_makes_names_clash_is_reported_after_a_clean_build(
    make_site: MakeSite, tmp_path: Path, before: str, after: str
) -> None:
    """The preview checks addresses and spellings again only when a project names
    something else than at the last check that found nothing (catalogue.py)."""
    source, preview, kept = previewed(make_site, tmp_path)
    catalogue = source / "data/projects.yaml"
    text = catalogue.read_text(encoding="utf-8")
    if "target_groups" in after:  # a second spelling of a target group the file has
        text = text.replace("netze\n", "netze\n  target_groups: [kinder]\n")
        catalogue.write_text(text, encoding="utf-8")
        assert built(source, preview, kept) == fresh(source, tmp_path / "clean")[0]
        text = text.replace("kinder", "Jugendliche")
        catalogue.write_text(text, encoding="utf-8")
        assert not any(": Fehler: " in p for p in built(source, preview, kept))
        text = text.replace("Jugendliche", "kinder")
    assert before in text
    catalogue.write_text(text.replace(before, after, 1), encoding="utf-8")
    problems = built(source, preview, kept)
    assert any(": Fehler: " in problem for problem in problems), problems
    assert problems == fresh(source, tmp_path / "fresh")[0]


def test_warnings_keep_their_lines_when_entries_move_down(
    make_site: MakeSite, tmp_path: Path
) -> None:
    source = make_site(base="catalogue")
    catalogue = source / "data/projects.yaml"
    catalogue.write_text(
        catalogue.read_text(encoding="utf-8")
        + "- title: Garten\n  summary: Grün.\n  district: Hörde\n"
    )
    preview = tmp_path / "preview"
    preview.mkdir()
    kept = Kept(again=True)  # the preview's
    before = built(source, preview, kept)
    assert [p.split(": Warnung: ")[0] for p in before if "Hörde" in p] == [
        "data/projects.yaml:52:13"
    ]
    catalogue.write_text("# eins\n# zwei\n" + catalogue.read_text(encoding="utf-8"))
    after = built(source, preview, kept)
    assert [p.split(": Warnung: ")[0] for p in after if "Hörde" in p] == [
        "data/projects.yaml:54:13"
    ]
    assert after == fresh(source, tmp_path / "fresh")[0]


def test_messages_follow_moved_entries_also_one_written_twice(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """An entry that moves keeps its project (moved in place); one written twice in
    the same words is two projects, each with its own lines."""
    source = make_site(base="catalogue")
    catalogue = source / "data/projects.yaml"
    twice = (
        "- title: Doppelt\n  summary: Zweimal da.\n  city: Hagen\n"
        "  description: Siehe [hier](/gibt-es-nicht/).\n"
    )
    text = catalogue.read_text(encoding="utf-8") + twice + twice
    last = text.count("\n") - 3  # the first line of the second copy
    preview = tmp_path / "preview"
    preview.mkdir()
    kept = Kept(again=True)  # the preview's
    for step, above in enumerate(["", "# eins\n# zwei\n", "# eins\n", "", "# drei\n"]):
        catalogue.write_text(above + text, encoding="utf-8")
        problems = built(source, preview, kept)
        assert problems == fresh(source, tmp_path / f"fresh-{step}")[0]
        shift = above.count("\n")
        same_address = [p for p in problems if "dieselbe Adresse" in p]
        assert len(same_address) == 1
        assert same_address[0].startswith(f"data/projects.yaml:{last + shift}:")
        lines = f"(Zeile {last - 4 + shift}) und 'Doppelt' (Zeile {last + shift})"
        assert lines in same_address[0]
        links = sorted(p.split(": ", 1)[0] for p in problems if "gibt-es-nicht" in p)
        assert links == [f"data/projects.yaml:{last - 4 + shift + 3}:29"]


def test_a_clash_with_a_moved_project_page_is_reported_at_its_new_line(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """A project page's plan is kept while its project is unchanged, but not where
    the entry moved: the plan says where the page comes from."""
    source = make_site(base="catalogue")
    (source / "content/projekte").mkdir()
    (source / "content/projekte/aepfel-fuer-alle.md").write_text("---\ntitle: Äpfel\n---\n")
    catalogue = source / "data/projects.yaml"
    text = catalogue.read_text(encoding="utf-8")
    line = text.split("\n").index("- title: Äpfel für alle") + 1
    preview = tmp_path / "preview"
    preview.mkdir()
    kept = Kept(again=True)  # the preview's
    for step, above in enumerate(["", "# eins\n# zwei\n", "# eins\n"]):
        catalogue.write_text(above + text, encoding="utf-8")
        problems = built(source, preview, kept)
        assert problems == fresh(source, tmp_path / f"fresh-{step}")[0]
        clash = [p for p in problems if "/projekte/aepfel-fuer-alle/ wird schon" in p]
        moved = line + above.count("\n")
        assert clash and clash[0].startswith(f"data/projects.yaml:{moved}:")


def test_a_removed_project_leaves_no_page(make_site: MakeSite, tmp_path: Path) -> None:
    source, preview, kept = previewed(make_site, tmp_path)
    page = preview / "projekte/nordstadt-treff-hagen/index.html"
    assert page.is_file()
    _write_entries(source, [e for e in _entries(source) if "Hagener Nordstadt" not in e])
    built(source, preview, kept)
    assert not page.exists() and not page.parent.exists()


def test_a_half_saved_catalogue_is_not_read_again_when_whole(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """A program may save a large catalogue in two steps, and the preview may rebuild
    from the first half alone. The entries it knew before that are still known: the
    whole file again reads no entry anew (at catalogue-5000 that took 12 s)."""
    source, preview, kept = previewed(make_site, tmp_path)
    assert kept.site is not None
    before = {project.slug: project for project in kept.site.projects}
    catalogue = source / "data/projects.yaml"
    text = catalogue.read_text(encoding="utf-8")
    starts = [match.start() for match in re.finditer(r"^- ", text, re.MULTILINE)]
    catalogue.write_text(text[: starts[len(starts) // 2]], encoding="utf-8")
    built(source, preview, kept)
    catalogue.write_text(text, encoding="utf-8")
    assert built(source, preview, kept) == fresh(source, tmp_path / "fresh")[0]
    assert kept.site is not None
    assert all(before[project.slug] is project for project in kept.site.projects)
    assert read_tree(preview) == read_tree(tmp_path / "fresh")
    for number in range(3):  # what is gone is kept for one read only, not gathered
        catalogue.write_text(
            text.replace("Treffpunkt in der Hagener", f"Treff {number} in der Hagener"),
            encoding="utf-8",
        )
        built(source, preview, kept)
        assert len(kept.entries.gone) == 1


def test_open_data_holds_the_projects_of_the_last_build(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """After entries moved (new, equal projects), the open data keeps the new ones, so
    that the next build finds them unchanged by identity, not by comparing each."""
    source, preview, kept = previewed(make_site, tmp_path)
    catalogue = source / "data/projects.yaml"
    catalogue.write_text("# oben\n" + catalogue.read_text(encoding="utf-8"), encoding="utf-8")
    built(source, preview, kept)
    assert kept.site is not None
    assert all(kept.open_data[p.slug][0] is p for p in kept.site.projects)


def test_a_pasted_line_separator_is_named_at_the_line_the_editor_sees(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """U+2028 and U+2029 look like nothing in an editor, but YAML starts a new line at
    them: the error names them where they are, counted as the editor counts lines,
    in the preview (entry by entry) as in a fresh build, and in a page as well."""
    source, preview, kept = previewed(make_site, tmp_path)
    catalogue = source / "data/projects.yaml"
    text = catalogue.read_text(encoding="utf-8")
    line, column = next(
        (number, len(row) + 1)
        for number, row in enumerate(text.split("\n"), 1)
        if row.startswith("  summary: ") and number > 20
    )
    rows = text.split("\n")
    rows[line - 1] += "\u2028und mehr"
    catalogue.write_text("\n".join(rows), encoding="utf-8")
    expected = (
        f"data/projects.yaml:{line}:{column}: Fehler: Unsichtbarer Zeilenumbruch U+2028 im Text"
    )
    assert built(source, preview, kept)[0].startswith(expected + "\n")
    assert fresh(source, tmp_path / "fresh")[0][0].startswith(expected + "\n")
    catalogue.write_text(text, encoding="utf-8")
    page = source / "content/index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nNoch ein\u2029Absatz.\n")
    last = page.read_text(encoding="utf-8").count("\n")
    assert built(source, preview, kept)[0].startswith(
        f"content/index.md:{last}:9: Fehler: Unsichtbarer Absatzumbruch U+2029 im Text"
    )


def test_a_file_saved_on_while_the_preview_plans_is_not_rendered_half_saved(
    make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large catalogue is written in pieces; the watcher may report it between two.
    If the file changes again before rendering starts, what was read is not rendered
    or reported (its cut would be a false error at a line the editor never touched):
    the watcher's report of the rest of the save builds it whole."""
    source = make_site(base="catalogue")
    reports: list[Rebuilt] = []
    preview = Preview(source, tmp_path, "", reports.append)
    preview.output.mkdir()
    assert preview.rebuild()
    catalogue = source / "data/projects.yaml"
    whole = catalogue.read_text(encoding="utf-8")
    cut = whole[: whole.index("\n  summary:", len(whole) // 2)]  # an entry without its summary
    before, reports[:] = read_tree(preview.output), []
    plan = ssg.build.plan_outputs

    def rest_saved_meanwhile(*args: Any) -> Any:
        catalogue.write_text(whole, encoding="utf-8")
        return plan(*args)

    catalogue.write_text(cut, encoding="utf-8")
    monkeypatch.setattr(ssg.build, "plan_outputs", rest_saved_meanwhile)
    assert not preview.rebuild([str(catalogue)])
    assert (reports, preview.problems) == ([], [])
    assert read_tree(preview.output) == before
    monkeypatch.setattr(ssg.build, "plan_outputs", plan)
    assert preview.rebuild([str(catalogue)])  # the rest of the save, as the watcher reports it
    assert [report.succeeded for report in reports] == [True]
    # Left cut, the same file is an editor's mistake, and reported as one.
    catalogue.write_text(cut, encoding="utf-8")
    assert not preview.rebuild([str(catalogue)])
    assert [report.succeeded for report in reports] == [True, False]
    assert any("summary" in problem.message for problem in preview.problems), preview.problems


@pytest.mark.parametrize("saved_while", ["load", "plan_outputs"])
def test_a_catalogue_read_half_saved_leaves_what_the_preview_keeps(
    make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, saved_while: str
) -> None:
    """Found changed right after reading, a half-saved catalogue goes no further (nothing
    is assembled); found changed before rendering, it leaves the open data's lines of
    the last build: either way the next build encodes only the project edited."""
    source = make_site(base="catalogue")
    preview = Preview(source, tmp_path, "", lambda _rebuilt: None)
    preview.output.mkdir()
    assert preview.rebuild()
    catalogue = source / "data/projects.yaml"
    whole = catalogue.read_text(encoding="utf-8")
    cut = whole[: whole.index("- title: Äpfel")]  # three of the seven entries
    edited = whole.replace("Treffpunkt in der Hagener Nordstadt.", "Treff in Hagen.")
    step, assemble, record = getattr(ssg.build, saved_while), ssg.build.assemble_site, _record
    assembled, encoded = [], []

    def rest_saved_meanwhile(*args: Any) -> Any:
        found = step(*args)
        catalogue.write_text(edited, encoding="utf-8")
        return found

    def counted(*args: Any) -> Any:
        assembled.append(args)
        return assemble(*args)

    catalogue.write_text(cut, encoding="utf-8")
    monkeypatch.setattr(ssg.build, saved_while, rest_saved_meanwhile)
    monkeypatch.setattr(ssg.build, "assemble_site", counted)
    assert not preview.rebuild([str(catalogue)])
    assert len(assembled) == (0 if saved_while == "load" else 1)
    monkeypatch.setattr(ssg.build, saved_while, step)
    monkeypatch.setattr(
        ssg.opendata, "_record", lambda *a: encoded.append(a[1].title) or record(*a)
    )
    assert preview.rebuild([str(catalogue)])
    assert encoded == ["Nordstadt-Treff Hagen"]


@pytest.mark.parametrize("again", [False, True])
def test_only_the_preview_keeps_the_html_of_list_entries(
    make_site: MakeSite, tmp_path: Path, again: bool
) -> None:
    """A build renders each entry once in a folder and would never look it up again;
    kept, the entries would be as large as all lists (100 MB at catalogue-50000)."""
    source = make_site(base="catalogue")
    (tmp_path / "site").mkdir()
    kept = Kept(again=again)
    assert not [p for p in built(source, tmp_path / "site", kept) if ": Fehler: " in p]
    entries = ssg.entries._entries_of(kept.environment)
    kept_html = [html for folder in entries.html.values() for _project, html in folder.values()]
    assert bool(kept_html) == again
