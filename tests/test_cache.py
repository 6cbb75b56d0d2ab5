"""The build cache (.ssg-cache/): a cached build equals a build without it after any
series of edits, and a cache that cannot be trusted is reported and built anew.

The random edits run from a seed printed with every failure; replay one with
SSG_TEST_SEED=<seed>.
"""

from __future__ import annotations

import errno
import gc
import multiprocessing
import os
import pickle
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import fastjsonschema
import pytest
from click.testing import CliRunner
from conftest import REPOSITORY, TEST_SEED, MakeSite, read_tree, run_build
from test_incremental import EDITS, Edit, customised

import ssg.cache
import ssg.folders
import ssg.schema
from ssg.build import BuildOptions, build
from ssg.cli import main
from ssg.entries import Pieces, packed, unpacked
from ssg.errors import ContentError
from ssg.folders import FolderMaker, folders_of, read_folders
from ssg.pagestore import Found, PageStore, digest
from ssg.serve import Preview
from ssg.sources import template_digests, template_dirs


@pytest.fixture(autouse=True)
def with_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line builds with the cache, as it does outside the tests."""
    monkeypatch.delenv("SSG_NO_CACHE")


def cached(source: Path, output: Path, cache: bool = True) -> tuple[list[str], tuple[str, ...]]:
    """Build (with the cache unless told otherwise); the problems and the cache's notes."""
    options = BuildOptions(source, output, search=False, cache=cache)
    try:
        result = build(options)
    except ContentError as error:
        return [problem.format() for problem in error.problems], ()
    return [problem.format() for problem in result.warnings], result.notes


ENTRY_LINKS = [
    '<a href="{{ href(project.path) }}">{{ project.title }}</a>',
    "{{ project.title }}",  # no link at all
    "<a href=\"{{ href('') }}\">{{ project.title }}</a>",  # one link, to an empty target
    '<a href="{{ href(\'\') }}">Start</a> <a href="{{ href(project.path) }}">mehr</a>',
]


def change_entry_template(source: Path, rng: random.Random) -> str:
    """A partial (its name starts with '_') that every list page includes; the build
    cache keeps its entries split at their links, also where there are none or one
    links to an empty target."""
    template = source / "templates/_project_item.html"
    links = rng.choice(ENTRY_LINKS)
    template.write_text(f"<li>{links} Nr. {rng.randrange(100)}</li>\n", encoding="utf-8")
    return f"list entry template {links}"


def fresh_checkout(source: Path, rng: random.Random) -> str:
    """Every file rewritten unchanged, with new times, as in a new clone in CI."""
    for file in sorted(source.rglob("*")):
        if file.is_file() and ".ssg-cache" not in file.parts:
            file.write_bytes(file.read_bytes())
    return "fresh checkout"


def add_content_file(source: Path, rng: random.Random) -> str:
    file = source / f"content/materialien/anlage-{rng.randrange(3)}.txt"
    file.write_text(f"Anlage {rng.randrange(100)}\n", encoding="utf-8")
    return f"content file {file.name}"


CACHE_EDITS: list[Edit] = [*EDITS, change_entry_template, fresh_checkout, add_content_file]


def test_a_cached_build_equals_an_uncached_one_after_random_edits(
    make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = TEST_SEED
    rng = random.Random(seed)
    source = make_site(base="catalogue")
    customised(source)
    versions = ssg.cache.current_versions()
    done: list[str] = []
    cached(source, tmp_path / "site")
    last_good = sources_of(source)
    edits = rng.sample(CACHE_EDITS, len(CACHE_EDITS)) + rng.choices(CACHE_EDITS, k=4)
    for step, edit in enumerate(edits):  # every kind of edit, in a random order
        if rng.random() < 0.1:  # another ssg (or Python-Markdown) than the one that wrote it
            versions = {**versions, "ssg": f"0.{step}.0", "markdown": f"3.{step}"}
            monkeypatch.setattr(ssg.cache, "current_versions", lambda v=versions: v)
            done.append("other versions")
        done.append(edit(source, rng))
        where = f"seed {seed} (SSG_TEST_SEED={seed}), after {done}"
        problems, _notes = cached(source, tmp_path / "site")
        expected, _none = cached(source, tmp_path / f"plain-{step}", cache=False)
        assert problems == expected, where
        if any(": Fehler: " in problem for problem in problems):
            # A failed build keeps no cache: mend the handbook now and then (back to
            # its last good state, as an editor reverts), so that most builds use it.
            if rng.random() < 0.5:
                write_sources(source, last_good)
                done.append("mended")
            continue
        assert read_tree(tmp_path / "site") == read_tree(tmp_path / f"plain-{step}"), where
        assert folders_in(tmp_path / "site") == folders_in(tmp_path / f"plain-{step}"), where
        last_good = sources_of(source)


def assert_built_as_without_cache(source: Path, site: Path) -> None:
    """`site`, built with the cache, has the files and folders (empty ones too) of a
    build without it, beside it; both without problems."""
    plain = site.with_name(f"{site.name}-plain")
    assert cached(source, plain, cache=False) == ([], ())
    assert read_tree(site) == read_tree(plain)
    assert folders_in(site) == folders_in(plain)


def folders_in(site: Path) -> list[str]:
    """Every folder of a site, empty ones too (read_tree sees only files)."""
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_dir())


def sources_of(source: Path) -> dict[str, bytes]:
    """The handbook's files (not its cache), to go back to."""
    return {
        path: data for path, data in read_tree(source).items() if not path.startswith(".ssg-cache/")
    }


def write_sources(source: Path, files: dict[str, bytes]) -> None:
    """The handbook as it was when `files` were taken: changed files written back,
    added ones removed."""
    for path in sources_of(source).keys() - files.keys():
        (source / path).unlink()
    for path, data in files.items():
        (source / path).parent.mkdir(parents=True, exist_ok=True)
        if not (source / path).is_file() or (source / path).read_bytes() != data:
            (source / path).write_bytes(data)


@pytest.mark.parametrize("links", ENTRY_LINKS)
def test_list_entries_the_cache_kept_link_as_fresh_ones(
    make_site: MakeSite, tmp_path: Path, links: str
) -> None:
    """Entries of unchanged projects come from the cache, split at their links, and
    are joined again with each list page's links."""
    source = make_site(base="catalogue")
    (source / "templates").mkdir(exist_ok=True)
    entry = source / "templates/_project_item.html"
    entry.write_text(f"<li>{links}</li>\n", encoding="utf-8")
    assert cached(source, tmp_path / "first") == ([], ())
    catalogue = source / "data/projects.yaml"
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(text.replace("summary: ", "summary: Neu. ", 1), encoding="utf-8")
    assert cached(source, tmp_path / "site") == ([], ())
    assert cached(source, tmp_path / "plain", cache=False) == ([], ())
    assert read_tree(tmp_path / "site") == read_tree(tmp_path / "plain")


@pytest.mark.parametrize(
    "pieces",
    [
        (['<li><a href="', "0", '">A</a> ', "1", "</li>"], ["projekte/a/index.html", ""]),
        (["<li>A</li>"], []),
        (['<a href="', "0", '">'], [""]),
        (['<a href="', "0", '">'], ["seltsam\x1eziel"]),  # kept as it is
    ],
)
def test_kept_list_entries_come_back_as_they_were(pieces: Pieces) -> None:
    assert unpacked(pickle.loads(pickle.dumps(packed(pieces)))) == pieces


@pytest.fixture
def built_once(make_site: MakeSite, tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A handbook built once with the cache, and the site it makes."""
    source = make_site(base="catalogue")
    assert cached(source, tmp_path / "site") == ([], ())
    return source, read_tree(tmp_path / "site")


STATE_DAMAGE = {
    "truncated": lambda data: data[: len(data) // 2],
    "a byte changed": lambda data: data[:-100] + bytes([data[-100] ^ 1]) + data[-99:],
    "foreign": lambda _data: b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
    "empty": lambda _data: b"",
    "cut, with a checksum that fits": lambda data: _with_checksum(
        data, lambda pickled: pickled[:-9]
    ),
}


def _with_checksum(data: bytes, change: Callable[[bytes], bytes]) -> bytes:
    """The state with its pickle changed and the checksum made to fit: a state written
    so by another program, which only unpickling finds out."""
    format_line, versions, _checksum, pickled = data.split(b"\n", 3)
    changed = change(pickled)
    checksum = ssg.cache._checksum(changed).encode()
    return b"\n".join([format_line, versions, checksum, changed])


def test_the_schema_checks_come_from_the_cache_and_still_find_errors(
    make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writing the fast schema checks costs every build some 40 ms, so the cache keeps
    their code; taken from it, they pass what is valid and fail what is not."""
    source = make_site(base="catalogue")
    assert not [p for p in cached(source, tmp_path / "site")[0] if ": Fehler: " in p]
    monkeypatch.setattr(ssg.schema, "_CHECKS", {})  # a new process, as CI's next build
    ssg.schema._is_valid.cache_clear()
    written: list[object] = []
    write = fastjsonschema.compile_to_code
    monkeypatch.setattr(
        fastjsonschema, "compile_to_code", lambda *a, **k: written.append(a) or write(*a, **k)
    )
    catalogue = source / "data/projects.yaml"
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(text + "- title: Neu\n  summary: Neu.\n  farbe: rot\n", encoding="utf-8")
    line = text.count("\n") + 3
    problems, _notes = cached(source, tmp_path / "site")
    errors = [p for p in problems if ": Fehler: " in p]
    assert len(errors) == 1, problems
    assert errors[0].startswith(f"data/projects.yaml:{line}:3: Fehler: Unbekanntes Feld 'farbe'")
    catalogue.write_text(text + "- title: Neu\n  summary: Neu.\n", encoding="utf-8")
    assert not [p for p in cached(source, tmp_path / "site")[0] if ": Fehler: " in p]
    assert (tmp_path / "site/projekte/neu/index.html").is_file()
    assert written == []  # the checks' code came from the cache
    ssg.schema._is_valid.cache_clear()  # none of this test's checks stay behind


@pytest.mark.parametrize("damage", STATE_DAMAGE)
def test_a_damaged_state_is_reported_in_one_line_and_built_anew(
    built_once: tuple[Path, dict[str, bytes]], tmp_path: Path, runner: CliRunner, damage: str
) -> None:
    source, expected = built_once
    state = source / ".ssg-cache/state"
    state.write_bytes(STATE_DAMAGE[damage](state.read_bytes()))
    result = run_build(runner, source, "--no-search", "--output", str(tmp_path / "again"))
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if "Zwischenspeicher" in line]
    assert len(notes) == 1 and "wird neu angelegt" in notes[0], result.stderr
    assert read_tree(tmp_path / "again") == expected
    assert gc.isenabled()  # paused while the state was read, whatever it held
    assert cached(source, tmp_path / "third") == ([], ())  # and the new cache is good


def test_the_state_read_holds_no_reference_cycles(
    built_once: tuple[Path, dict[str, bytes]],
) -> None:
    """The state is frozen for the garbage collector once read (collector.py): safe
    only while it holds no cycles, which reference counts alone could not free."""
    source, _expected = built_once
    gc.unfreeze()  # what earlier tests left frozen
    gc.collect()
    kept = ssg.cache._read_state(source / ".ssg-cache/state")
    assert gc.get_freeze_count() > 0
    gc.unfreeze()
    assert kept.entries and kept.written and kept.entry_pieces  # a state with something in it
    del kept
    assert gc.collect() == 0


def test_a_cache_of_another_ssg_or_markdown_is_not_used(
    built_once: tuple[Path, dict[str, bytes]],
    tmp_path: Path,
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source, expected = built_once
    versions = {**ssg.cache.current_versions(), "markdown": "2.6.11"}
    monkeypatch.setattr(ssg.cache, "current_versions", lambda: versions)
    result = run_build(runner, source, "--no-search", "--output", str(tmp_path / "again"))
    assert result.exit_code == 0, result.output
    assert "Zwischenspeicher .ssg-cache/ stammt von Python-Markdown" in result.stderr
    assert "jetzt ist es 2.6.11" in result.stderr
    assert read_tree(tmp_path / "again") == expected


def test_pages_changed_in_the_site_or_the_cache_are_rendered_anew(
    built_once: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    """The site's pages are hard links to the kept ones: a page changed in place in the
    published folder changes the kept page, which must then not be used."""
    source, expected = built_once
    site, store = tmp_path / "site", source / ".ssg-cache/pages"
    page = site / "projekte/index.html"
    assert page.stat().st_ino == (store / digest(expected["projekte/index.html"])).stat().st_ino
    with page.open("r+b") as changed_in_place:
        changed_in_place.write(b"<!-- eingefuegt -->")
    others = sorted(file for file in store.iterdir() if file.stat().st_ino != page.stat().st_ino)
    with others[0].open("ab") as damaged:
        damaged.write(b" ")
    others[1].unlink()  # gone: rendered anew without a note
    problems, notes = cached(source, tmp_path / "again")
    assert problems == []
    assert notes == (
        "2 Seiten im Zwischenspeicher .ssg-cache/ waren verändert oder beschädigt und wurden "
        "neu erzeugt. Die gebauten Dateien sind mit dem Zwischenspeicher verknüpft: Ein "
        "Schritt nach dem Bau sollte sie ersetzen, nicht in sie hineinschreiben.",
    )
    assert read_tree(tmp_path / "again") == expected
    assert cached(source, tmp_path / "third") == ([], ())  # the store is whole again
    assert read_tree(tmp_path / "third") == expected


@pytest.mark.parametrize(
    ("change", "elsewhere"),
    [("removed", False), ("removed", True), ("changed", True)],
    ids=["removed", "removed, copied", "changed, copied"],
)
def test_a_page_changed_in_the_store_after_its_check_is_rendered_anew(
    built_once: tuple[Path, dict[str, bytes]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: str,
    elsewhere: bool,
) -> None:
    """Kept pages are checked first and linked once their folders are made; a build
    beside this one may remove one in between (the moment is forced here). A page
    copied instead (the site on another file system) is checked again as it is copied."""
    source, expected = built_once
    changed = digest(expected["impressum/index.html"])
    check = PageStore.check

    def changed_by_then(store: PageStore, name: str) -> Found:
        found = check(store, name)
        kept = source / ".ssg-cache/pages" / name
        if name == changed and change == "removed":
            kept.unlink()
        elif name == changed:
            kept.write_bytes(kept.read_bytes() + b"<!-- danach -->")
        return found

    def no_hard_links(*_args: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(PageStore, "check", changed_by_then)
    if elsewhere:  # the page would be copied
        monkeypatch.setattr(os, "link", no_hard_links)
    assert cached(source, tmp_path / "again") == ([], ())
    assert read_tree(tmp_path / "again") == expected


def test_a_site_on_another_file_system_gets_copies(make_site: MakeSite, tmp_path: Path) -> None:
    """Hard links cannot cross file systems: pages are then copied into and out of the store."""
    memory = Path("/dev/shm")
    if not memory.is_dir() or memory.stat().st_dev == tmp_path.stat().st_dev:
        pytest.skip("no second file system here")
    source = make_site(base="catalogue")
    with tempfile.TemporaryDirectory(dir=memory) as elsewhere:
        site = Path(elsewhere) / "site"
        assert cached(source, site) == ([], ())
        expected = read_tree(site)
        for file in (source / ".ssg-cache/pages").iterdir():
            assert file.stat().st_nlink == 1
        catalogue = source / "data/projects.yaml"
        text = catalogue.read_text(encoding="utf-8")
        catalogue.write_text(text.replace("summary: ", "summary: Neu. ", 1), encoding="utf-8")
        shutil.rmtree(site)
        assert cached(source, site) == ([], ())
        cached(source, tmp_path / "plain", cache=False)
        assert read_tree(site) == read_tree(tmp_path / "plain") != expected


def test_a_failed_build_leaves_the_cache_as_it_was(
    built_once: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    source, expected = built_once
    before = read_tree(source / ".ssg-cache")
    catalogue = source / "data/projects.yaml"
    good = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(good.replace("  city:", "  stadt:", 1), encoding="utf-8")
    problems, _notes = cached(source, tmp_path / "failed")
    assert any(": Fehler: " in problem for problem in problems)
    assert read_tree(source / ".ssg-cache") == before
    catalogue.write_text(good, encoding="utf-8")
    assert cached(source, tmp_path / "again") == ([], ())
    assert read_tree(tmp_path / "again") == expected


def test_a_failed_build_never_writes_into_the_published_pages(
    built_once: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    """A file in content/ at the path of a page kept from the last build: the clash fails
    the build after rendering; neither the published site nor the kept pages change."""
    source, expected = built_once
    cache = read_tree(source / ".ssg-cache/pages")
    (source / "content/impressum").mkdir()
    (source / "content/impressum/index.html").write_text("<p>Kopie</p>\n", encoding="utf-8")
    problems, _notes = cached(source, tmp_path / "site")
    assert any("impressum/index.html" in problem for problem in problems), problems
    assert read_tree(tmp_path / "site") == expected
    assert read_tree(source / ".ssg-cache/pages") == cache


def test_the_folders_of_pages_gone_since_the_last_build_go_too(
    built_once: tuple[Path, dict[str, bytes]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build with the cache makes the last build's folders ahead of its pages
    (folders.py); those that no file of this build needs are removed, nested ones too."""
    monkeypatch.setenv("SSG_WORKERS", "2")  # the helper that makes them, also on one core
    source, expected = built_once
    assert "materialien/checkliste/index.html" in expected
    shutil.rmtree(source / "content/materialien")
    catalogue = source / "data/projects.yaml"
    catalogue.write_text(catalogue.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert cached(source, tmp_path / "site")[0] == []
    assert not (tmp_path / "site/materialien").exists()
    assert_built_as_without_cache(source, tmp_path / "site")


@pytest.mark.parametrize("damaged", [False, True], ids=["odd folders", "damaged"])
def test_the_cache_s_list_of_folders_is_only_a_guess(
    built_once: tuple[Path, dict[str, bytes]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    damaged: bool,
) -> None:
    """Folders listed that the site does not need, or outside it, are never left behind."""
    monkeypatch.setenv("SSG_WORKERS", "2")
    source, expected = built_once
    odd = f"../draussen\n{tmp_path}/absolut\nneu/./tief\nneu//tief\nimpressum\nneu/tief/unten\n"
    listed = b"\x00\xff\xfe../draussen\n" if damaged else odd.encode()
    (source / ".ssg-cache/folders").write_bytes(listed)
    made_ahead = [] if damaged else ["impressum", "neu/tief/unten"]
    assert read_folders(source / ".ssg-cache/folders") == made_ahead  # none outside the site
    assert cached(source, tmp_path / "site") == ([], ())
    assert read_tree(tmp_path / "site") == expected
    assert_built_as_without_cache(source, tmp_path / "site")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["handbuch", "site", "site-plain"]


def test_a_file_where_the_last_build_had_a_folder(
    built_once: tuple[Path, dict[str, bytes]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder made ahead for the last build's page gives way to this build's file."""
    monkeypatch.setenv("SSG_WORKERS", "2")
    source, expected = built_once
    assert "materialien/checkliste/index.html" in expected
    shutil.rmtree(source / "content/materialien")
    (source / "content/materialien").write_text("Eine Liste.\n", encoding="utf-8")
    assert cached(source, tmp_path / "site")[0] == []
    assert (tmp_path / "site/materialien").read_text() == "Eine Liste.\n"
    assert_built_as_without_cache(source, tmp_path / "site")


def test_the_last_build_s_folders_are_made_before_its_pages_are_linked(
    built_once: tuple[Path, dict[str, bytes]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The helper has made every folder of the last build by the time kept pages are
    linked (the main process waits for it there)."""
    monkeypatch.setenv("SSG_WORKERS", "2")
    source, expected = built_once
    catalogue = source / "data/projects.yaml"
    catalogue.write_text(catalogue.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    found: list[list[str]] = []
    wait = FolderMaker.wait

    def look_after_waiting(maker: FolderMaker) -> None:
        helping = maker.helper is not None
        wait(maker)
        if helping:
            found.append(folders_in(Path(maker.site)))

    monkeypatch.setattr(FolderMaker, "wait", look_after_waiting)
    assert cached(source, tmp_path / "site") == ([], ())
    assert found and set(found[0]) >= set(folders_of(expected))
    assert read_tree(tmp_path / "site") == expected


def test_a_build_that_cannot_fork_the_folder_helper_makes_its_folders_itself(
    built_once: tuple[Path, dict[str, bytes]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The helper only saves time: where the system cannot fork one (out of processes
    or memory), the build goes on without it."""
    monkeypatch.setenv("SSG_WORKERS", "2")
    source, expected = built_once

    def no_more_processes(_process: object) -> None:
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", no_more_processes)
    assert cached(source, tmp_path / "site") == ([], ())
    assert read_tree(tmp_path / "site") == expected


def test_a_failed_build_with_the_cache_leaves_no_folders_behind(
    built_once: tuple[Path, dict[str, bytes]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The helper making folders is stopped before the failed build's folder is removed
    (here it is slowed down, so that it is still at work when the build fails)."""
    monkeypatch.setenv("SSG_WORKERS", "2")
    source, expected = built_once
    make_folder = ssg.folders.make_folder

    def slowly(folder: str) -> None:  # in the helper only: render.py has its own name
        time.sleep(0.1)
        make_folder(folder)

    monkeypatch.setattr(ssg.folders, "make_folder", slowly)
    (source / "templates").mkdir(exist_ok=True)
    (source / "templates/page.html").write_text("{% block %}\n", encoding="utf-8")
    problems, _notes = cached(source, tmp_path / "site")
    assert any("templates/page.html:1" in problem for problem in problems), problems
    assert multiprocessing.active_children() == []  # the helper was still at work: ended
    assert read_tree(tmp_path / "site") == expected
    assert sorted(path.name for path in tmp_path.iterdir()) == ["handbuch", "site"]


def test_a_broken_list_entry_template_is_reported_at_its_line(
    built_once: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    source, expected = built_once
    template = source / "templates/_project_item.html"
    template.parent.mkdir(exist_ok=True)
    template.write_text("<li>\n{% if project.title %}\n{{ project.title }}</li>\n", "utf-8")
    problems, _notes = cached(source, tmp_path / "site")
    assert problems and all("templates/_project_item.html:3:" in p for p in problems), problems
    assert read_tree(tmp_path / "site") == expected
    template.unlink()
    assert cached(source, tmp_path / "site") == ([], ())
    assert read_tree(tmp_path / "site") == expected


def test_a_template_in_a_linked_folder_is_followed_as_jinja_follows_it(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """templates/teile is a symbolic link to a folder of the handbook: a change there
    changes the pages that include it, with the cache as without it."""
    source = make_site(base="catalogue")
    (source / "vorlagen-teile").mkdir()
    part = source / "vorlagen-teile/hinweis.html"
    part.write_text("<p>Erste Fassung</p>\n", encoding="utf-8")
    (source / "templates").mkdir(exist_ok=True)
    (source / "templates/teile").symlink_to(source / "vorlagen-teile", target_is_directory=True)
    (source / "templates/teile/schleife").symlink_to(source / "templates")  # must not hang
    own = (REPOSITORY / "templates/project.html").read_text(encoding="utf-8")
    own = own.replace(
        "{% block content %}\n", '{% block content %}\n{% include "teile/hinweis.html" %}'
    )
    (source / "templates/project.html").write_text(own, encoding="utf-8")
    assert cached(source, tmp_path / "site") == ([], ())
    page = sorted((tmp_path / "site/projekte").glob("*/index.html"))[0]
    assert "<p>Erste Fassung</p>" in page.read_text(encoding="utf-8")
    part.write_text("<p>Zweite Fassung</p>\n", encoding="utf-8")
    assert cached(source, tmp_path / "site") == ([], ())
    assert "<p>Zweite Fassung</p>" in page.read_text(encoding="utf-8")
    assert cached(source, tmp_path / "plain", cache=False) == ([], ())
    assert read_tree(tmp_path / "site") == read_tree(tmp_path / "plain")


def test_a_templates_folder_linked_from_elsewhere_is_followed(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """templates/ itself is a symbolic link to a theme kept outside the handbook: a
    change there shows on the next cached build."""
    source = make_site(base="catalogue")
    theme = tmp_path / "thema"
    theme.mkdir()
    own = (REPOSITORY / "templates/project.html").read_text(encoding="utf-8")
    (theme / "project.html").write_text(
        own.replace("{% block content %}\n", "{% block content %}\n<p>Erste Fassung</p>"),
        encoding="utf-8",
    )
    (theme / "teile").mkdir()
    (theme / "teile-alt").symlink_to(theme / "teile", target_is_directory=True)  # within
    (theme / "handbuch").symlink_to(source, target_is_directory=True)  # no templates there
    shutil.rmtree(source / "templates", ignore_errors=True)
    (source / "templates").symlink_to(theme, target_is_directory=True)
    assert cached(source, tmp_path / "site") == ([], ())
    assert not any("content/" in name for name in template_digests(template_dirs(source)))
    page = sorted((tmp_path / "site/projekte").glob("*/index.html"))[0]
    assert "<p>Erste Fassung</p>" in page.read_text(encoding="utf-8")
    (theme / "project.html").write_text(
        own.replace("{% block content %}\n", "{% block content %}\n<p>Zweite Fassung</p>"),
        encoding="utf-8",
    )
    assert cached(source, tmp_path / "site") == ([], ())
    assert "<p>Zweite Fassung</p>" in page.read_text(encoding="utf-8")


def test_a_link_up_out_of_templates_does_not_take_in_the_pages(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """templates/oben leads up to the handbook: the pages, the cache and the output
    below it are no templates, so a build does not change what the cache compares."""
    source = make_site(base="catalogue")
    (source / "templates").mkdir(exist_ok=True)
    (source / "templates/oben").symlink_to("..", target_is_directory=True)
    dirs = template_dirs(source)
    before = template_digests(dirs)
    assert cached(source, source / "site") == ([], ())
    assert template_digests(dirs) == before
    assert not any("content/" in name or "site/" in name for name in before)


def test_pages_that_cannot_be_kept_are_noted_and_the_site_built(
    built_once: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    source, expected = built_once
    store = source / ".ssg-cache/pages"
    shutil.rmtree(store)
    store.write_text("keine Ordner", encoding="utf-8")
    for folder in ("again", "third"):
        problems, notes = cached(source, tmp_path / folder)
        assert problems == []
        assert notes == (
            "Zwischenspeicher .ssg-cache/ konnte nicht alle Seiten aufnehmen (dort liegt eine "
            "Datei statt eines Ordners); die Website ist trotzdem vollständig gebaut.",
        )
        assert read_tree(tmp_path / folder) == expected


def test_no_cache_neither_reads_nor_writes_one(
    make_site: MakeSite, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = make_site(base="catalogue")
    result = run_build(runner, source, "--no-search", "--no-cache")
    assert result.exit_code == 0, result.output
    assert not (source / ".ssg-cache").exists()
    assert (source / "site/index.html").is_file()
    monkeypatch.setenv("SSG_NO_CACHE", "1")
    assert run_build(runner, source, "--no-search").exit_code == 0
    assert not (source / ".ssg-cache").exists()
    monkeypatch.delenv("SSG_NO_CACHE")
    assert run_build(runner, source, "--no-search").exit_code == 0
    assert (source / ".ssg-cache/state").is_file()


def test_the_cache_ignores_itself_in_git(built_once: tuple[Path, dict[str, bytes]]) -> None:
    source, _expected = built_once
    assert (source / ".ssg-cache/.gitignore").read_text(encoding="utf-8").endswith("*\n")


def test_builds_sharing_one_cache_do_not_spoil_it(
    built_once: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    """Builds at the same moment, each into its own folder, with edits between rounds."""
    source, _expected = built_once
    catalogue = source / "data/projects.yaml"
    command = [sys.executable, "-m", "ssg.cli", "build", "--source", str(source), "-q"]
    for round_number in range(3):
        text = catalogue.read_text(encoding="utf-8")
        catalogue.write_text(
            text.replace("summary: ", f"summary: Runde {round_number}. ", 1), encoding="utf-8"
        )
        folders = [tmp_path / f"round-{round_number}-{n}" for n in range(3)]
        builds = [
            subprocess.Popen([*command, "--no-search", "--output", str(folder)])
            for folder in folders
        ]
        assert [process.wait(timeout=120) for process in builds] == [0, 0, 0]
        expected = tmp_path / f"plain-{round_number}"
        cached(source, expected, cache=False)
        for folder in folders:
            assert read_tree(folder) == read_tree(expected)
    _problems, notes = cached(source, tmp_path / "after")
    assert notes == ()
    assert read_tree(tmp_path / "after") == read_tree(tmp_path / "plain-2")
    assert list((source / ".ssg-cache/pages").iterdir()), "the pages the state names are kept"
    assert not list((source / ".ssg-cache").glob("state.*.tmp"))


def test_the_preview_starts_from_the_build_cache(
    built_once: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    source, _expected = built_once
    preview = Preview(source, tmp_path / "vorschau", "", lambda _rebuilt: None)
    preview.output.mkdir(parents=True)
    catalogue = source / "data/projects.yaml"
    for round_number in range(2):
        text = catalogue.read_text(encoding="utf-8")
        catalogue.write_text(text.replace("summary: ", f"summary: {round_number}. ", 1))
        assert preview.rebuild()
        if round_number:  # the first build renders the drafts the cache has not
            assert len(preview.kept.rendered) < len(read_tree(preview.output)) / 2
        fresh = tmp_path / f"fresh-{round_number}"
        options = BuildOptions(source, fresh, "", drafts=True, search=False)
        build(options)
        assert read_tree(preview.output) == read_tree(fresh)


def test_a_cache_that_cannot_be_made_is_noted_and_the_site_built(
    make_site: MakeSite, tmp_path: Path, runner: CliRunner
) -> None:
    source = make_site(base="catalogue")
    (source / ".ssg-cache").write_text("keine Ordner", encoding="utf-8")
    result = run_build(runner, source, "--no-search", "--output", str(tmp_path / "site"))
    assert result.exit_code == 0, result.output
    assert (
        "ssg: Hinweis: Zwischenspeicher .ssg-cache/ kann nicht angelegt werden (dort liegt "
        "eine Datei statt eines Ordners); ssg baut ohne ihn." in result.stderr
    )
    assert (tmp_path / "site/index.html").is_file()
    assert (source / ".ssg-cache").read_text(encoding="utf-8") == "keine Ordner"


def test_check_reads_what_the_build_kept_and_reports_the_same(
    built_once: tuple[Path, dict[str, bytes]], runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, _expected = built_once
    catalogue = source / "data/projects.yaml"
    text = catalogue.read_text(encoding="utf-8")
    broken = "# neu\n" + text.replace("  city:", "  stadt:", 1)  # every entry a line lower
    catalogue.write_text(broken, encoding="utf-8")
    state = (source / ".ssg-cache/state").read_bytes()
    with_cache = runner.invoke(main, ["check", "--source", str(source)])
    monkeypatch.setenv("SSG_NO_CACHE", "1")
    without = runner.invoke(main, ["check", "--source", str(source)])
    assert with_cache.exit_code == without.exit_code == 1
    assert with_cache.output == without.output
    assert "data/projects.yaml:" in with_cache.output
    assert (source / ".ssg-cache/state").read_bytes() == state  # check writes nothing


def test_the_cache_does_not_grow_with_every_build(
    built_once: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    """Each build keeps the pages it rendered anew; the pages they replace are dropped.
    Another project is edited each time."""
    source, _expected = built_once
    catalogue = source / "data/projects.yaml"
    for number in range(10):
        parts = catalogue.read_text(encoding="utf-8").split("summary: ")
        edited = 1 + number % (len(parts) - 1)
        parts[edited] = f"{number}. {parts[edited]}"
        catalogue.write_text("summary: ".join(parts), encoding="utf-8")
        assert cached(source, tmp_path / "site") == ([], ())
        pages = {digest(data) for data in read_tree(tmp_path / "site").values()}
        kept = {file.name for file in (source / ".ssg-cache/pages").iterdir()}
        assert kept <= pages, number
    cached(source, tmp_path / "plain", cache=False)
    assert read_tree(tmp_path / "site") == read_tree(tmp_path / "plain")
