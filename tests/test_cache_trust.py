"""A build cache that is not as ssg left it: another user's, one that cannot be
written, files put into it by hand. The build says so in one German line, or
quietly renders anew; it never stops with a traceback, publishes what does
not belong in the site, or touches files outside the cache."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from conftest import MakeSite, read_tree

from ssg.cache import cache_turned_off

SSG = [sys.executable, "-m", "ssg.cli"]
NOTE_USED = "ssg: Hinweis: Zwischenspeicher .ssg-cache/ kann nicht benutzt werden"


def ssg(
    source: Path,
    *args: str,
    plain_user: bool = False,
    preexec_fn: Callable[[], None] | None = None,
) -> str:
    """Run `ssg ARGS` in `source` with the cache on; its output (both streams) and a
    last line `exit=N`. With `plain_user`, file rights hold for it even where the
    tests run as root; `preexec_fn` runs in the child before ssg starts."""
    command = [*SSG, *args]
    if plain_user and os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("as root, file rights can be made to hold only with setpriv")
        rights = "-dac_override,-dac_read_search"
        command = [setpriv, "--bounding-set", rights, "--inh-caps", rights, *command]
    environment = {**os.environ, "SSG_NO_CACHE": ""}
    result = subprocess.run(
        command,
        cwd=source,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=preexec_fn,
    )
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    return f"{output}\nexit={result.returncode}"


@pytest.fixture
def handbook(make_site: MakeSite) -> Path:
    """A handbook built once with the cache."""
    source = make_site(base="catalogue")
    assert ssg(source, "build", "--no-search", "-q").endswith("exit=0")
    return source


def cold(source: Path, folder: Path) -> dict[str, bytes]:
    """The site a build without the cache makes of `source`, in `folder`."""
    assert ssg(
        source, "build", "--no-search", "-q", "--no-cache", "--output", str(folder)
    ).endswith("exit=0")
    return read_tree(folder)


def kept_page(source: Path, page: str) -> Path:
    """The file the cache keeps for the site's `page` (the same file: a hard link)."""
    inode = (source / "site" / page).stat().st_ino
    found = [
        file for file in (source / ".ssg-cache/pages").iterdir() if file.stat().st_ino == inode
    ]
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda cache: os.chmod(cache, 0o555), id="cache folder read-only"),
        pytest.param(lambda cache: os.chmod(cache, 0), id="cache folder closed"),
        pytest.param(lambda cache: os.chmod(cache / "lock", 0o444), id="lock of another user"),
    ],
)
def test_a_cache_the_build_may_not_write_is_said_once_and_the_site_built(
    handbook: Path, tmp_path: Path, spoil: Callable[[Path], None]
) -> None:
    cache = handbook / ".ssg-cache"
    spoil(cache)
    try:
        output = ssg(
            handbook, "build", "--no-search", "--output", str(tmp_path / "neu"), plain_user=True
        )
        checked = ssg(handbook, "check", plain_user=True)
    finally:
        os.chmod(cache, 0o755)
    assert output.endswith("exit=0"), output
    assert output.count("Zwischenspeicher") == 1, output
    assert (
        f"{NOTE_USED} (keine Schreib- oder Leserechte); ssg baut ohne ihn. "
        "Mit --no-cache entfällt dieser Hinweis." in output
    )
    assert read_tree(tmp_path / "neu") == cold(handbook, tmp_path / "kalt")
    assert checked.endswith("exit=0"), checked
    assert "Zwischenspeicher" not in checked


def test_check_reads_the_cache_without_writing_into_it(handbook: Path) -> None:
    cache = handbook / ".ssg-cache"
    (cache / "lock").unlink()
    before = sorted(path.name for path in cache.iterdir())
    assert ssg(handbook, "check", "-q").endswith("exit=0")
    assert sorted(path.name for path in cache.iterdir()) == before


def test_links_and_pipes_put_into_the_store_never_reach_the_site(
    handbook: Path, tmp_path: Path
) -> None:
    """A kept page replaced by a link to a file with its very bytes, another by a named
    pipe (which a plain read would wait on for ever)."""
    linked, piped = kept_page(handbook, "robots.txt"), kept_page(handbook, "index.html")
    elsewhere = tmp_path / "anderswo.txt"
    shutil.copyfile(linked, elsewhere)
    linked.unlink()
    linked.symlink_to(elsewhere)
    piped.unlink()
    os.mkfifo(piped)
    shutil.rmtree(handbook / "site")
    output = ssg(handbook, "build", "--no-search")
    assert output.endswith("exit=0"), output
    site = handbook / "site"
    assert not [path for path in site.rglob("*") if path.is_symlink()]
    assert all(stat.S_ISREG(path.lstat().st_mode) for path in site.rglob("*") if not path.is_dir())
    assert read_tree(site) == cold(handbook, tmp_path / "kalt")
    assert "2 Seiten im Zwischenspeicher .ssg-cache/ waren verändert oder beschädigt" in output


def test_a_store_linked_to_another_folder_loses_nothing_there(
    handbook: Path, tmp_path: Path
) -> None:
    store, other = handbook / ".ssg-cache/pages", tmp_path / "andere"
    shutil.copytree(store, other)
    (other / "notizen.txt").write_text("nicht vom Zwischenspeicher", encoding="utf-8")
    old = time.time() - 3600
    os.utime(other / "notizen.txt", (old, old))
    shutil.rmtree(store)
    store.symlink_to(other)
    catalogue = handbook / "data/projects.yaml"
    catalogue.write_text(
        catalogue.read_text(encoding="utf-8").replace("summary: ", "summary: Neu. ", 1)
    )
    assert ssg(handbook, "build", "--no-search", "-q").endswith("exit=0")
    assert (other / "notizen.txt").read_text(encoding="utf-8") == "nicht vom Zwischenspeicher"


def test_rights_changed_in_the_published_site_do_not_pass_to_the_next_build(
    handbook: Path, tmp_path: Path
) -> None:
    """A step after the build makes the pages private (`chmod go-rwx`): the kept pages
    are the same files, and must not give the next site those rights."""
    for path in (handbook / "site").rglob("*"):
        if path.is_file():
            path.chmod(0o600)
    (handbook / "content/index.md").write_text(
        (handbook / "content/index.md").read_text(encoding="utf-8") + "\nNeuer Absatz.\n",
        encoding="utf-8",
    )
    shutil.rmtree(handbook / "site")
    output = ssg(handbook, "build", "--no-search")
    assert output.endswith("exit=0"), output
    assert "Zwischenspeicher" not in output  # other rights are no damage: nothing to note
    cold(handbook, tmp_path / "kalt")
    modes = {
        folder.name: {
            path.relative_to(folder).as_posix(): stat.S_IMODE(path.stat().st_mode)
            for path in folder.rglob("*")
            if path.is_file()
        }
        for folder in (handbook / "site", tmp_path / "kalt")
    }
    assert modes["site"] == modes["kalt"]
    assert set(modes["site"].values()) != {0o600}


def test_a_folder_in_place_of_the_state_is_said_in_words_and_leaves_no_copy(
    handbook: Path,
) -> None:
    cache = handbook / ".ssg-cache"
    (cache / "state").unlink()
    (cache / "state").mkdir()
    for _build in range(2):
        output = ssg(handbook, "build", "--no-search")
        assert output.endswith("exit=0"), output
        assert (
            "ssg: Hinweis: Zwischenspeicher .ssg-cache/ konnte nicht gespeichert werden (dort "
            "liegt ein Ordner statt einer Datei); die Website ist trotzdem vollständig gebaut."
            in output
        )
        assert not list(cache.glob("state.*.tmp"))


def test_kept_pages_dated_in_the_future_do_not_stay_for_ever(handbook: Path) -> None:
    stray = handbook / ".ssg-cache/pages" / ("0" * 32)
    stray.write_bytes(b"von einem Rechner mit falscher Uhr")
    future = time.time() + 365 * 24 * 3600
    os.utime(stray, (future, future))
    assert ssg(handbook, "build", "--no-search", "-q").endswith("exit=0")
    assert not stray.exists()


@pytest.mark.parametrize("value", ["1", "0", "true", "False", "yes", "no", "On", "off", " y ", ""])
def test_ssg_no_cache_means_to_check_and_preview_what_it_means_to_build(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`ssg build` reads SSG_NO_CACHE through click; the commands that only read the
    cache must read it the same way."""
    monkeypatch.setenv("SSG_NO_CACHE", value)
    assert cache_turned_off() == (
        click.BOOL.convert(value.strip(), None, None) if value.strip() else False
    )


def test_a_full_disk_is_said_in_german_and_the_site_stays(handbook: Path) -> None:
    """The system refuses to write more (here a limit on file sizes, which fails a write
    as a full disk does): one German line, exit 1, the published site unchanged."""
    before = read_tree(handbook / "site")
    page = handbook / "content/index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nEin langer Absatz." * 2000)

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    output = ssg(handbook, "build", "--no-search", preexec_fn=limited)
    assert output.endswith("exit=1"), output
    lines = output.splitlines()
    assert any(
        line.startswith("ssg: Fehler: Zugriff auf ")
        and line.endswith(
            "/index.html nicht möglich: die Datei wird größer, als das System erlaubt."
        )
        for line in lines
    ), output
    assert "ssg: Abbruch; site/ wurde nicht verändert." in lines
    assert read_tree(handbook / "site") == before
