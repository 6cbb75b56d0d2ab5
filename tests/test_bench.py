"""The benchmark cannot rot: its corpora are deterministic and a tiny run works."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import REPOSITORY, read_tree

sys.path.insert(0, str(REPOSITORY / "bench"))
from corpus import generate


def test_corpora_are_deterministic(tmp_path: Path) -> None:
    for tool in ("ssg", "hugo"):
        for workload in ("pages", "catalogue"):
            first = read_tree(generate(tool, workload, 30, tmp_path / "a"))
            second = read_tree(generate(tool, workload, 30, tmp_path / "b"))
            assert first == second and len(first) >= 5


def test_smoke_run_builds_every_corpus() -> None:
    result = subprocess.run(
        [sys.executable, str(REPOSITORY / "bench/run.py"), "--smoke"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "| pages-20 |" in result.stdout and "| catalogue-20 |" in result.stdout
