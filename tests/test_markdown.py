"""The converter leaves out Markdown patterns that cannot match; the HTML must not notice."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from click.testing import CliRunner
from conftest import REPOSITORY, MakeSite
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.preprocessors import NormalizeWhitespace
from markdown.util import ETX, STX

import ssg.markdownfit
from ssg.cli import main
from ssg.markdown import Converted, MarkdownConverter
from ssg.markdownfit import SpacesOnlyWhereFound

PIECES = [
    "*",
    "**",
    "_",
    "__",
    "`",
    "``",
    "\\",
    "\\*",
    "[",
    "]",
    "(",
    ")",
    "![",
    "[^1]",
    "[^1]: x",
    "<",
    ">",
    "<b>",
    "</b>",
    "<https://example.org/>",
    "<info@example.org>",
    "&",
    "&amp;",
    "&#169;",
    "&copy",
    "  \n",
    "\n",
    "\n\n",
    "[a](/projekte/)",
    "![i](x.png)",
    "![i][r]",
    "[a][r]",
    "[r]: /x/",
    "[r]",
    "*[QM]: Quartiersmanagement",
    "QM",
    "{: .x }",
    "| a | b |\n|---|---|\n| c | d |",
    "a | b",
    "|",
    "```\ncode\n```",
    "    code",
    "- ",
    "1. ",
    "> ",
    "# ",
    "## Titel",
    "Begriff\n: Definition",
    "a",
    "Straße",
    " ",
    "~",
    "!",
    ":",
    "'",
    '"',
    "-",
    "---",
    "===",
    "[TOC]",
    "{#anker}",
]


def both(text: str, line_breaks: bool = False) -> tuple[Converted, Converted]:
    """Converted with the patterns left out, and with every pattern."""
    fast = MarkdownConverter().convert(text, "content/a.md", "a/index.html", (1, 1), line_breaks)
    needles = ssg.markdownfit.NEEDLES
    try:
        ssg.markdownfit.NEEDLES = {}
        full = MarkdownConverter().convert(
            text, "content/a.md", "a/index.html", (1, 1), line_breaks
        )
    finally:
        ssg.markdownfit.NEEDLES = needles
    return fast, full


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=25).map("".join), st.booleans())
def test_leaving_out_patterns_that_cannot_match_changes_nothing(
    text: str, line_breaks: bool
) -> None:
    fast, full = both(text, line_breaks)
    assert fast == full


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", " ", "  ", "\t", "\n", "\r", "\r\n", STX, ETX]), max_size=30))
def test_the_first_step_without_its_search_where_no_space_ends_a_line_changes_nothing(
    pieces: list[str],
) -> None:
    lines = "".join(pieces).split("\n")
    instance = markdown.Markdown()
    assert SpacesOnlyWhereFound(instance).run(lines) == NormalizeWhitespace(instance).run(lines)


TRICKY = [
    "> Titel\n> ===\n",
    "> Titel\n> ---\n",
    "- Punkt\n\n    Titel\n    -----\n",
    "1. Punkt\n\n    > Zitat\n    > ***\n",
    "Begriff\n:\tDefinition\n",
    "> Begriff\n> : Definition\n",
    "-\t-\t-\n",
    "Zeile mit Tab am Ende\t\nweiter\n",
    "Titel\n\t===\n",
    "* * *\n\n_ _ _\n",
    "- Punkt\n  # Kopf\n",
    "- Titel\n  ===\n",
    "1. Titel\n   ---\n",
    "- a\n- ===\n",
    "> - Titel\n>   ===\n",
    "+ 2) Titel\n     ---   \n",
    "Text\n- Liste mit [TOC]\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_markdown_that_moves_markers_converts_alike(text: str) -> None:
    fast, full = both(text)
    assert fast == full


MARKDOWN_FILES = sorted(
    [*(REPOSITORY / "content").rglob("*.md"), *(REPOSITORY / "tests/sites").rglob("*.md")]
)


@pytest.mark.parametrize("file", MARKDOWN_FILES, ids=lambda f: str(f.relative_to(REPOSITORY)))
def test_every_page_of_the_handbook_converts_alike(file: Path) -> None:
    fast, full = both(file.read_bytes().decode("utf-8", errors="replace"))
    assert fast == full


def test_easy_read_pages_keep_each_line_and_never_split_a_compound(
    make_site: MakeSite, runner: CliRunner, tmp_path: Path
) -> None:
    page = """
        ---
        title: Leichte Sprache
        easy_read: true
        ---

        Das ist ein Stadt-Teil.
        Hier gibt es [Hilfe-Angebote](handlungsfelder/soziale-netze.md).
        """
    source = make_site({"content/leichte-sprache.md": page})
    result = runner.invoke(main, ["build", "--source", str(source), "--no-search"])
    assert result.exit_code == 0, result.output
    html = (source / "site/leichte-sprache/index.html").read_text(encoding="utf-8")
    assert "Das ist ein Stadt\u2011Teil.<br" in html  # the line break kept
    assert ">Hilfe\u2011Angebote</a>" in html
    assert 'href="../handlungsfelder/soziale-netze/index.html"' in html  # hyphens in tags untouched
