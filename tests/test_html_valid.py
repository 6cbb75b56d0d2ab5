"""Every page and the stylesheet pass the Nu Html Checker (the W3C validator)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPOSITORY, SITES, run_build

VNU = Path(__file__).parent / "browser/node_modules/vnu-jar/build/dist/vnu.jar"


@pytest.mark.parametrize(
    "source", [REPOSITORY, SITES / "catalogue"], ids=["repository", "catalogue"]
)
def test_nu_html_checker_finds_no_errors(source: Path, tmp_path: Path) -> None:
    output = tmp_path / "site"
    assert run_build(CliRunner(), source, "--output", str(output)).exit_code == 0
    files = sorted(str(p) for p in output.rglob("*.html") if "pagefind" not in p.parts)
    files.append(str(output / "static/style.css"))
    checked = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--also-check-css", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(checked.stderr or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '')}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert errors == []
    assert len(files) > 20
