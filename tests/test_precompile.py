"""Templates compiled by a helper process while the build reads its sources
(ssg/precompile.py): the same site, every template compiled by the helper, and a
template changed meanwhile or broken treated as without it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import pytest
from click.testing import CliRunner
from conftest import MakeSite, read_tree, run_build

import ssg.templates
from ssg.precompile import TemplatesAhead
from ssg.sources import template_dirs


@pytest.fixture
def compiled_here(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A process that has compiled no template yet (as an `ssg` command starts); the
    names of the templates this process compiles from now on."""
    monkeypatch.setattr(ssg.templates, "_COMPILED", ssg.templates._CompiledTemplates())
    compiled: list[str] = []
    compile_source: Callable[..., Any] = jinja2.Environment.compile

    def compile_noted(
        environment: jinja2.Environment,
        source: str,
        name: str | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        compiled.append(name or "")
        return compile_source(environment, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", compile_noted)
    return compiled


def test_the_helper_compiles_every_template_and_the_site_is_the_same(
    make_site: MakeSite,
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
    compiled_here: list[str],
    tmp_path: Path,
) -> None:
    source = make_site(base="catalogue")
    monkeypatch.setenv("SSG_WORKERS", "2")
    result = run_build(runner, source, "--no-search", "--no-cache", "--output", str(tmp_path / "a"))
    assert result.exit_code == 0, result.output
    assert compiled_here == []  # all of them by the helper
    helped = read_tree(tmp_path / "a")

    monkeypatch.setattr(ssg.templates, "_COMPILED", ssg.templates._CompiledTemplates())
    monkeypatch.setenv("SSG_WORKERS", "1")
    result = run_build(runner, source, "--no-search", "--no-cache", "--output", str(tmp_path / "b"))
    assert result.exit_code == 0, result.output
    assert len(compiled_here) >= 20  # the handbook's templates, compiled by this process
    assert read_tree(tmp_path / "b") == helped


def test_a_template_changed_after_the_helper_compiled_it_is_compiled_anew(
    make_site: MakeSite,
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
    compiled_here: list[str],
) -> None:
    source = make_site({"templates/page.html": "Erste Fassung"}, base="catalogue")
    monkeypatch.setenv("SSG_WORKERS", "2")
    ahead = TemplatesAhead(template_dirs(source))
    ahead.start()
    ahead.take()
    assert len(ahead.code) >= 20 and compiled_here == []
    (source / "templates/page.html").write_text("Zweite Fassung", encoding="utf-8")
    result = run_build(runner, source, "--no-search", "--no-cache")
    assert result.exit_code == 0, result.output
    assert compiled_here == ["page.html"]
    page = source / "site/materialien/checkliste/index.html"
    assert page.read_text(encoding="utf-8") == "Zweite Fassung"


def test_a_broken_template_is_reported_at_its_line_all_the_same(
    make_site: MakeSite,
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
    compiled_here: list[str],
) -> None:
    source = make_site({"templates/page.html": "<h1>\n{% if %}\n"}, base="catalogue")
    monkeypatch.setenv("SSG_WORKERS", "2")
    result = run_build(runner, source, "--no-search", "--no-cache")
    assert result.exit_code == 1
    assert "templates/page.html:2:1: Fehler: Fehler in der Vorlage" in result.output
    assert set(compiled_here) == {"page.html"}  # the helper could not, so this process tried
