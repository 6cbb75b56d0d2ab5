"""Builds that are killed, interrupted or run twice at once never cost the published site.

A build writes into a hidden sibling folder and swaps it in at the end, so a
build stopped at any moment leaves either the old site or the new one, each
complete; what a killed build left behind is removed by the next one.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

import pytest
from conftest import REPOSITORY, TEST_SEED, read_tree

sys.path.insert(0, str(REPOSITORY / "bench"))
from corpus import generate

from ssg.signals import die_with_parent

# How many builds are stopped; where and how comes from the run's SSG_TEST_SEED.
KILLS = int(os.environ.get("SSG_FAULT_KILLS", "8"))


# The installed command, as editors and CI run it. (Under `python -m ssg.cli`, CPython
# reports a Ctrl-C that came while helper processes were started as death by SIGINT,
# though ssg handled it and asked to exit with 130.)
SSG = str(Path(sys.executable).parent / "ssg")


def start_build(source: Path, *args: str) -> subprocess.Popen[bytes]:
    command = [SSG, "build", "--source", str(source), "-q", *args]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def finish(process: subprocess.Popen[bytes]) -> tuple[int, str]:
    _, errors = process.communicate(timeout=300)
    return process.returncode, errors.decode("utf-8", errors="replace")


def leftovers(source: Path) -> list[str]:
    """What builds leave beside the site: staging and old folders."""
    return sorted(p.name for p in source.iterdir() if p.name.startswith(".site."))


def helpers_of(source: Path) -> list[str]:
    """Processes still working on `source` (orphaned helpers of a killed build)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if str(source) in command and " build " in command:
            found.append(command)
    return found


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes, bytes]:
    """A catalogue just big enough to be built by two processes, in two versions."""
    source = generate("ssg", "catalogue", 550, tmp_path_factory.mktemp("faults") / "handbuch")
    catalogue = source / "data/projects.yaml"
    first = catalogue.read_bytes()
    second = first.replace(b"  summary: ", "  summary: Neu – ".encode(), 40)
    return source, first, second


def test_killed_builds_leave_the_old_or_the_new_site_complete(
    versions: tuple[Path, bytes, bytes],
) -> None:
    source, first, second = versions
    catalogue = source / "data/projects.yaml"
    sites = {}
    for name, data in (("first", first), ("second", second)):
        catalogue.write_bytes(data)
        started = time.perf_counter()
        code, errors = finish(start_build(source, "--no-search"))
        duration = time.perf_counter() - started  # the second, like the builds below
        assert code == 0, errors
        sites[name] = read_tree(source / "site")
    chance = random.Random(TEST_SEED)
    current = "second"
    for round_number in range(KILLS):
        wanted = chance.choice(["first", "second"])
        catalogue.write_bytes(first if wanted == "first" else second)
        stop = chance.choice([signal.SIGKILL, signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
        before = leftovers(source)
        process = start_build(source, "--no-search")
        if stop != signal.SIGKILL:  # Ctrl-C or SIGTERM once the build has begun
            while process.poll() is None and leftovers(source) == before:
                time.sleep(0.005)
        # Up to a little past the end: a stop while the summary is printed counts too.
        time.sleep(chance.uniform(0, duration * 1.2))
        process.send_signal(stop)
        code, errors = finish(process)
        where = (f"SSG_TEST_SEED={TEST_SEED}", round_number, stop, code, errors)
        assert "Traceback" not in errors, where
        site = read_tree(source / "site")
        assert site in (sites[current], sites[wanted]), where
        if code == 130:
            assert site == sites[current], where  # as the message says: unchanged
        current = "first" if site == sites["first"] else "second"
        if stop != signal.SIGKILL:
            assert code in (0, 130), where
            if code == 130:  # stopped before the swap: its own staging folder is gone
                assert set(leftovers(source)) <= set(before), where
                assert "abgebrochen; " in errors and "wurde nicht verändert" in errors
    deadline = time.monotonic() + 10
    while helpers_of(source) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not helpers_of(source), "helpers of killed builds still run"
    catalogue.write_bytes(first)
    code, errors = finish(start_build(source, "--no-search"))
    assert code == 0, errors
    assert read_tree(source / "site") == sites["first"]
    assert not leftovers(source)


def test_two_builds_at_once_give_one_complete_site(
    versions: tuple[Path, bytes, bytes],
) -> None:
    source, first, _second = versions
    (source / "data/projects.yaml").write_bytes(first)
    code, errors = finish(start_build(source, "--no-search"))
    assert code == 0, errors
    expected = read_tree(source / "site")
    both = [start_build(source, "--no-search"), start_build(source, "--no-search")]
    for process in both:
        code, errors = finish(process)
        assert code == 0, errors
    assert read_tree(source / "site") == expected
    assert not leftovers(source)


def test_a_killed_build_with_search_leaves_no_scratch_behind(
    versions: tuple[Path, bytes, bytes],
) -> None:
    source, first, _second = versions
    (source / "data/projects.yaml").write_bytes(first)
    process = start_build(source)
    roots = [Path(root) for root in ("/dev/shm", tempfile.gettempdir()) if Path(root).is_dir()]

    def scratch() -> list[Path]:
        return [folder for root in roots for folder in root.glob(f"ssg-search-{process.pid}-*")]

    while process.poll() is None and not scratch():  # until Pagefind runs
        time.sleep(0.01)
    assert scratch(), "the build ended before its search index was begun"
    process.kill()
    finish(process)
    # The indexer dies with its parent, but it may take a moment to do so; a build
    # that cleans up meanwhile would race its last writes (no real build runs that soon).
    deadline = time.monotonic() + 30
    while indexers_in(f"ssg-search-{process.pid}-") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not indexers_in(f"ssg-search-{process.pid}-"), "the indexer outlived its build"
    code, errors = finish(start_build(source))
    assert code == 0, errors
    assert not scratch()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_a_helper_whose_parent_ended_before_it_was_set_up_ends_at_once() -> None:
    """A build killed between starting the indexer and the indexer's set-up leaves it to
    another parent, which the kernel's death signal never reaches: it must end itself.
    (Seen in the test above about one run in four, before this check.)"""
    gone = subprocess.run(
        [sys.executable, "-c", "import time; time.sleep(30)"],
        preexec_fn=partial(die_with_parent, os.getppid()),  # not the child's parent
        timeout=20,
    )
    assert gone.returncode == -signal.SIGKILL
    kept = subprocess.run(
        [sys.executable, "-c", "pass"], preexec_fn=partial(die_with_parent, os.getpid())
    )
    assert kept.returncode == 0


def indexers_in(scratch_name: str) -> list[str]:
    """Processes whose command line names a scratch folder (Pagefind's --output-path)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if scratch_name in command:
                found.append(command)
    return found
