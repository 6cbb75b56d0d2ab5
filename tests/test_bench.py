"""The benchmark cannot rot: its corpora are deterministic and a tiny run works."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPOSITORY, read_tree

from ssg.build import BuildOptions, build

sys.path.insert(0, str(REPOSITORY / "bench"))
from corpus import WRITERS, generate
from run import tools


def test_corpora_are_deterministic(tmp_path: Path) -> None:
    for tool, workload in sorted(WRITERS):
        first = read_tree(generate(tool, workload, 30, tmp_path / "a"))
        second = read_tree(generate(tool, workload, 30, tmp_path / "b"))
        assert first == second and len(first) >= 5, (tool, workload)


def test_smoke_run_builds_every_corpus() -> None:
    result = subprocess.run(
        [sys.executable, str(REPOSITORY / "bench/run.py"), "--smoke"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "| pages-20 |" in result.stdout and "| catalogue-20 |" in result.stdout
    assert "## Scale" in result.stdout and "| catalogue-50 |" in result.stdout
    for tool in tools():  # peers that are not installed are left out
        assert (f"| {tool.name} s |" in result.stdout) == tool.available(), tool.name
    # The CPU table counts ssg's own time, its forked helpers' included.
    cpu = result.stdout.split("CPU time of the same builds", 1)[1]
    header, _, row = cpu.split("\n\n", 1)[1].splitlines()[:3]
    cells = dict(zip(header.split("|"), row.split("|"), strict=True))
    assert row.startswith("| pages-20 |") and float(cells[" ssg user s "]) > 0.05, cpu


def test_work_spread_over_cores_gives_the_same_site_as_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Corpora just big enough for every stage to fork a helper (the index is Pagefind's)."""
    for workload in ("catalogue", "pages"):
        corpus = generate("ssg", workload, 520, tmp_path / workload)
        outputs = []
        for workers in ("1", "2"):
            monkeypatch.setenv("SSG_WORKERS", workers)
            output = tmp_path / f"out-{workload}-{workers}"
            build(BuildOptions(corpus, output, search=False))
            outputs.append(read_tree(output))
        assert outputs[0] == outputs[1]
        assert len(outputs[0]) > 520
