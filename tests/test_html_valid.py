"""Every page and the stylesheet pass the Nu Html Checker (the W3C validator)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from click.testing import CliRunner
from conftest import REPOSITORY, SITES, run_build

VNU = Path(__file__).parent / "browser/node_modules/vnu-jar/build/dist/vnu.jar"
BROKEN = '<!DOCTYPE html>\n<html lang="de"><head><title>x</title></head><body><p><div></p>'


def test_nu_html_checker_finds_no_errors(tmp_path: Path) -> None:
    """One run of the checker over the fixture sites, the repository's handbook and a
    page known to be invalid, which must be reported (a checker that says nothing
    would pass everything)."""
    files = []
    sites = [("catalogue", SITES / "catalogue"), ("profiles", SITES / "profiles")]
    for name, source in [*sites, ("repository", REPOSITORY)]:
        output = tmp_path / name
        result = run_build(CliRunner(), source, "--no-search", "--output", str(output))
        assert result.exit_code == 0, result.output
        files += sorted(str(p) for p in output.rglob("*.html") if "pagefind" not in p.parts)
        files.append(str(output / "static/style.css"))
    control = tmp_path / "kaputt.html"
    control.write_text(BROKEN, encoding="utf-8")
    command = ["java", "-jar", str(VNU), "--errors-only", "--also-check-css", "--format", "json"]
    checked = subprocess.run(
        [*command, *files, str(control)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(checked.stderr)["messages"]
    errors = [f"{m.get('url', '')}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert [error for error in errors if "kaputt.html" in error], checked.stderr
    assert [error for error in errors if "kaputt.html" not in error] == []
    assert len(files) > 40
