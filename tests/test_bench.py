"""The benchmark cannot rot: its corpora are deterministic and a tiny run works."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import REPOSITORY, read_tree

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


def test_work_spread_over_cores_gives_the_same_site_as_one_process(tmp_path: Path) -> None:
    import os

    source = generate("ssg", "catalogue", 700, tmp_path / "corpus")
    pages_source = generate("ssg", "pages", 600, tmp_path / "pages")
    for corpus in (source, pages_source):
        outputs = []
        for workers in ("1", "2"):
            output = tmp_path / f"out-{corpus.name}-{workers}"
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "ssg.cli",
                    "build",
                    "--source",
                    str(corpus),
                    "--output",
                    str(output),
                    "-q",
                ],
                check=True,
                env={**os.environ, "SSG_WORKERS": workers},
                timeout=300,
            )
            outputs.append(read_tree(output))
        assert outputs[0] == outputs[1]
        assert len(outputs[0]) > 600
