"""One tiny broken site per failure mode, each with the exact messages an editor sees.

Each folder in tests/sites/invalid/ holds the files that differ from
tests/sites/minimal/ (plus `delete.txt` listing files to remove and `args.txt`
with extra build options); `expected.txt` is the expected error output.
Regenerate after a deliberate change with `make expected` and review the diff.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SITES, read_tree, run_build

from ssg.cli import main

INVALID = SITES / "invalid"
CASES = sorted(path.name for path in INVALID.iterdir() if path.is_dir())
CONTROL_FILES = {"expected.txt", "args.txt", "delete.txt"}


def overlay(case: Path, root: Path) -> list[str]:
    """Apply a case to a copy of the minimal site; return its extra build arguments."""
    for file in sorted(case.rglob("*")):
        relative = file.relative_to(case)
        if file.is_file() and relative.as_posix() not in CONTROL_FILES:
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, root / relative)
    if (case / "delete.txt").is_file():
        for name in (case / "delete.txt").read_text().split():
            (root / name).unlink()
    return (case / "args.txt").read_text().split() if (case / "args.txt").is_file() else []


def expected_problems(name: str, problems: list[str]) -> str:
    expected_file = INVALID / name / "expected.txt"
    if os.environ.get("SSG_REGENERATE"):
        expected_file.write_text("\n".join(problems) + "\n", encoding="utf-8")
    return expected_file.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def built_minimal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal site with its site/ built once (search included), to copy per case."""
    root = tmp_path_factory.mktemp("minimal") / "handbuch"
    shutil.copytree(SITES / "minimal", root)
    result = run_build(CliRunner(), root)
    assert result.exit_code == 0, result.output
    return root


@pytest.mark.parametrize("name", CASES)
def test_broken_site_reports_every_problem_and_keeps_the_old_site(
    name: str, tmp_path: Path, built_minimal: Path
) -> None:
    runner = CliRunner()
    root = tmp_path / "handbuch"
    shutil.copytree(built_minimal, root)
    before = read_tree(root / "site")

    args = overlay(INVALID / name, root)
    result = run_build(runner, root, *args)

    assert result.exit_code == 1, result.output
    *problems, summary = result.output.rstrip("\n").split("\n")
    assert summary.startswith("ssg: Abbruch wegen ")
    assert "Traceback" not in result.output
    assert "\n".join(problems) + "\n" == expected_problems(name, problems)
    assert read_tree(root / "site") == before


@pytest.mark.parametrize("name", CASES)
def test_check_reports_the_same_problems_and_writes_nothing(name: str, tmp_path: Path) -> None:
    root = tmp_path / "handbuch"
    shutil.copytree(SITES / "minimal", root)
    args = overlay(INVALID / name, root)
    result = CliRunner().invoke(main, ["check", "--source", str(root), *args])
    assert result.exit_code == 1, result.output
    *problems, summary = result.output.rstrip("\n").split("\n")
    assert re.fullmatch(r"ssg: \d+ Fehler(, \d+ Warnung(en)?)? gefunden\.", summary)
    assert "\n".join(problems) + "\n" == (INVALID / name / "expected.txt").read_text()
    assert not (root / "site").exists()
