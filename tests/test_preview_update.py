"""The preview re-renders only what an edit changed, and ends up with the same site
as a fresh build: checked after each of a series of typical edits."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MakeSite, read_tree, run_build

from ssg.build import BuildOptions, BuildState, update_site


def fresh_build(runner: CliRunner, source: Path, output: Path) -> dict[str, bytes]:
    result = run_build(runner, source, "--no-search", "--drafts", "--output", str(output))
    assert result.exit_code == 0, result.output
    return read_tree(output)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS = [
    # a summary, with a line added before it: every later entry moves down
    (
        "data/projects.yaml",
        "  summary: Treffpunkt in der Hagener Nordstadt.",
        "  summary: >-\n    Neuer Treffpunkt\n    in der Hagener Nordstadt.",
    ),
    # a project becomes a draft
    (
        "data/projects.yaml",
        "Treffpunkt in der Dortmunder Nordstadt.",
        "Treffpunkt in der Dortmunder Nordstadt.\n  draft: true",
    ),
    # an action field's title, shown on every project of the field
    ("content/handlungsfelder/soziale-netze.md", "title: ", "title: Neu – "),
    # the footer of every page
    ("templates/base.html", "</footer>", "<p>Neuer Fußtext</p></footer>"),
]


@pytest.mark.parametrize("steps", [1, len(EDITS)])
def test_the_updated_preview_equals_a_fresh_build(
    make_site: MakeSite, runner: CliRunner, tmp_path: Path, steps: int
) -> None:
    source = make_site(base="catalogue")
    (source / "templates").mkdir(exist_ok=True)
    base = Path(__file__).parent.parent / "templates/base.html"
    (source / "templates/base.html").write_text(base.read_text(encoding="utf-8"))
    preview = tmp_path / "preview"
    preview.mkdir()
    state = BuildState()
    options = BuildOptions(source, preview, None, drafts=True, search=False)
    update_site(options, preview, state)
    for file, old, new in EDITS[:steps]:
        edit(source / file, old, new)
        update_site(options, preview, state)
    assert read_tree(preview) == fresh_build(runner, source, tmp_path / "fresh")


def test_a_removed_project_leaves_no_page(make_site: MakeSite, tmp_path: Path) -> None:
    source = make_site(base="catalogue")
    preview = tmp_path / "preview"
    preview.mkdir()
    state = BuildState()
    options = BuildOptions(source, preview, None, drafts=True, search=False)
    update_site(options, preview, state)
    page = preview / "projekte/nordstadt-treff-hagen/index.html"
    catalogue = source / "data/projects.yaml"
    entries = catalogue.read_text(encoding="utf-8").split("\n- ")
    kept = [entry for entry in entries if "Hagener Nordstadt" not in entry]
    assert len(kept) == len(entries) - 1
    assert page.is_file()
    catalogue.write_text("\n- ".join(kept), encoding="utf-8")
    update_site(options, preview, state)
    assert not page.exists()
    assert not page.parent.exists()
