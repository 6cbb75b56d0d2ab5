"""The catalogue fixture site builds into exactly the reviewed output in tests/golden/.

After a deliberate change to templates or rendering, regenerate with
`make expected` and review the diff like any other code change.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

from click.testing import CliRunner
from conftest import SITES, read_tree, run_build

GOLDEN = Path(__file__).parent / "golden"


def test_catalogue_site_matches_golden_output(tmp_path: Path) -> None:
    output = tmp_path / "site"
    result = run_build(
        CliRunner(),
        SITES / "catalogue",
        "--output",
        str(output),
        "--base-url",
        "https://example.org/handbuch/",
        "--no-search",
    )
    assert result.exit_code == 0, result.output
    expected_folder = GOLDEN / "catalogue"
    if os.environ.get("SSG_REGENERATE"):
        shutil.rmtree(expected_folder, ignore_errors=True)
        shutil.copytree(output, expected_folder)
    actual, expected = read_tree(output), read_tree(expected_folder)
    assert sorted(actual) == sorted(expected)
    changed = [path for path in sorted(actual) if actual[path] != expected[path]]
    if changed:
        first = changed[0]
        diff = difflib.unified_diff(
            expected[first].decode().splitlines(),
            actual[first].decode().splitlines(),
            "expected",
            "actual",
            lineterm="",
        )
        raise AssertionError(f"{len(changed)} files differ, first {first}:\n" + "\n".join(diff))
