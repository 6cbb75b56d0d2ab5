"""Whatever editors paste, `ssg build` ends in a site or in located errors, never a traceback.

Hypothesis generates broken and odd catalogues, front matter, Markdown and
site settings: wrong types in every field, deep nesting, huge strings,
control characters, invalid UTF-8, a BOM, CRLF line ends, YAML tags, anchors
and aliases, YAML 1.1 surprises, empty files. Every build must exit with 0
(site written) or 1 (errors, each as `path:line:column: Fehler: …`, and the
previous site untouched), and must not write anything outside the handbook.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import SITES, TEST_SEED, read_tree
from hypothesis import HealthCheck, example, given, seed, settings
from hypothesis import strategies as st

from ssg.cli import main

PROBLEM_LINE = re.compile(r"^\S[^:]*:\d+:\d+: (Fehler|Warnung): \S")
ENGLISH = re.compile(r"\b(expected|found|while|could not|but|the)\b")
# SSG_FUZZ_EXAMPLES=2000 searches longer; the default keeps each test to a few seconds.
# The examples come from the run's seed (SSG_TEST_SEED), so a failure can be replayed.
_SETTINGS = settings(
    max_examples=int(os.environ.get("SSG_FUZZ_EXAMPLES", "15")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def FUZZ(test: Callable[..., None]) -> Callable[..., None]:
    return seed(TEST_SEED)(_SETTINGS(test))


# Text that YAML 1.1 (or a careless loader) turns into something else.
SURPRISES = [
    "NO",
    "no",
    "on",
    "Off",
    "y",
    "~",
    "null",
    "2004-01-01",
    "2004-01-01 10:00:00",
    "0o17",
    "017",
    "0x1F",
    "1_000",
    ".inf",
    "-.NaN",
    "1e3",
    "true",
    "=",
    "<<",
    "'",
    '"',
    "- ",
    ": ",
    "!!python/object/apply:os.system ['touch pwned']",
    "!!binary aGFsbG8=",
    "!ruby/object x",
    "&anker wert",
    "*anker",
    "*unbekannt",
    "[a, *b]",
    "{a: 1, a: 2}",
    "? komplex\n: schlüssel",
    "|\n  Block",
    ">-\n  gefaltet",
    "%YAML 1.1",
    "---",
    "...",
    "#",
    "\t- tab",
    "\ufeff",
    "javascript:alert(1)",
    "<script>alert(1)</script>",
    "../../../etc/passwd",
    "/absolut",
    "Café ä ö ü ß",
    "\u202e umgedreht",
    "\u200b",
    "a" * 5000,
]
FIELDS = ["title", "summary", "city", "district", "awards", "fields", "description"]
FIELDS += ["links", "slug", "draft", "unbekannt", "Title", ""]

# Text as typed; control characters come in through _damaged and SURPRISES.
typed = st.characters(exclude_categories=("Cc", "Cs"))
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(),
    st.dates(),
    st.text(typed, max_size=40),
    st.sampled_from(SURPRISES),
    st.sampled_from(["soziale-netze", "Nordstadt", "Dortmund", "Preis Soziale Stadt 2004"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(typed, max_size=8), inner),
    max_leaves=8,
)
entries = st.dictionaries(st.sampled_from(FIELDS), values, max_size=8)


@st.composite
def yaml_text(draw: st.DrawFn, documents: st.SearchStrategy[object]) -> bytes:
    """A YAML document as an editor's file: dumped data, then damaged like real files are."""
    text = yaml.safe_dump(draw(documents), allow_unicode=draw(st.booleans()), sort_keys=False)
    lines = text.splitlines()
    for _ in range(draw(st.integers(0, 3))):  # hand edits: a raw line with a surprise
        position = draw(st.integers(0, len(lines)))
        indent = draw(st.sampled_from(["", "  ", "    ", "\t"]))
        key = draw(st.sampled_from([*FIELDS, "- title", "-"]))
        lines.insert(position, f"{indent}{key}: {draw(st.sampled_from(SURPRISES))}")
    text = "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))
    return _damaged(draw, text)


def _damaged(draw: st.DrawFn, text: str) -> bytes:
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    damage = draw(st.sampled_from(["", "", "", "", "", "", "bom", "nul", "latin1", "cut", "ctrl"]))
    if damage == "bom":
        data = b"\xef\xbb\xbf" + data
    elif damage == "nul":
        data = data[: len(data) // 2] + b"\x00" + data[len(data) // 2 :]
    elif damage == "latin1":
        data = data.decode("utf-8").encode("latin-1", errors="replace") + b"Stra\xdfe\n"
    elif damage == "cut":
        data = data[: draw(st.integers(0, len(data)))]
    elif damage == "ctrl":
        data = data.replace(b" ", b"\x1b", 1)
    return data


catalogues = st.one_of(
    yaml_text(st.lists(entries, max_size=4)),
    yaml_text(entries),  # a mapping instead of a list
    yaml_text(values),
    st.sampled_from([b"", b"\n", b"[]", b"- ", b"-\n-\n", b"\xff\xfe", b"- &a [*a]\n"]),
    st.binary(max_size=200),
)

front_matter = st.dictionaries(
    st.sampled_from(["title", "description", "order", "draft", "links", "easy_read", "x"]),
    values,
    max_size=5,
)
markdown_bits = st.sampled_from(
    [
        "# Titel",
        "## Abschnitt {#id}",
        "{: onclick=x }",
        "[a](b.md)",
        "[a](/x/#y)",
        "[a](javascript:x)",
        "![b](data:x)",
        "<div>",
        "</div>",
        "<span lang=en>x</span>",
        "<script>",
        "<!--",
        "-->",
        "```",
        "    code",
        "| a | b |",
        "|---|---|",
        "[^1]",
        "[^1]: Fuß",
        "*",
        "_",
        "`",
        "&amp;",
        "&#0;",
        "&#x110000;",
        "\\",
        "<",
        ">",
        "]]",
        "[[",
        "(",
        "\u00ad",
        "\x0b",
        "- ",
        "1. ",
        "> ",
        "***",
        "<https://example.org>",
        "[x]: /projekte/",
        "[x][x]",
        "~~~",
        "---",
        "...",
    ]
)


@st.composite
def pages(draw: st.DrawFn) -> bytes:
    # Often a plain valid title alone, so that the body is converted and rendered too.
    fields = draw(front_matter) if draw(st.integers(0, 2)) == 0 else {}
    if draw(st.integers(0, 2)) > 0:
        fields["title"] = draw(st.text(typed, min_size=1, max_size=30).filter(str.strip))
    matter = yaml.safe_dump(fields, allow_unicode=True)
    body_parts = draw(st.lists(markdown_bits | st.text(typed, max_size=30), max_size=12))
    body = "\n".join(body_parts)
    opening = draw(st.sampled_from(["---\n", "---\n", "---\n", "", "--- \n", "\ufeff---\n"]))
    closing = draw(st.sampled_from(["---\n", "---\n", "---\n", "...\n", "", "----\n"]))
    return _damaged(draw, f"{opening}{matter}{closing}\n{body}\n")


@pytest.fixture
def handbook() -> Iterator[Path]:
    """A minimal handbook in a folder of its own, built once, for one test's examples."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "handbuch"
        shutil.copytree(SITES / "minimal", root)
        result = CliRunner().invoke(main, ["build", "--source", str(root), "--no-search"])
        assert result.exit_code == 0, result.output
        yield root


def build_with(handbook: Path, relative: str, data: bytes) -> None:
    """Build with one file replaced; assert success or located errors and a kept site."""
    original = (handbook / relative).read_bytes() if (handbook / relative).exists() else None
    before = read_tree(handbook / "site")
    outside_before = sorted(p.name for p in handbook.parent.iterdir())
    (handbook / relative).write_bytes(data)
    try:
        result = CliRunner().invoke(main, ["build", "--source", str(handbook), "--no-search"])
    finally:
        if original is None:
            (handbook / relative).unlink()
        else:
            (handbook / relative).write_bytes(original)
    output = result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    assert "Traceback" not in output
    assert sorted(p.name for p in handbook.parent.iterdir()) == outside_before
    assert not Path("pwned").exists()
    if result.exit_code == 0:
        assert (handbook / "site/index.html").is_file()
        return
    assert result.exit_code == 1, output
    problems = [line for line in output.splitlines() if PROBLEM_LINE.match(line)]
    assert problems, output
    for problem in problems:  # in German, the parser's English at most in the hint
        assert not ENGLISH.search(problem), problem
    assert read_tree(handbook / "site") == before


@FUZZ
@given(data=catalogues)
@example(data=b"- title: NO\n  summary: on\n  awards: 2004-01-01\n  fields: yes\n")
@example(data=b"title: Ein Projekt\nsummary: als Mapping\n")
@example(data=b"- !!python/object/apply:os.system ['touch pwned']\n")
def test_any_catalogue_builds_or_gives_located_errors(handbook: Path, data: bytes) -> None:
    build_with(handbook, "data/projects.yaml", data)


@FUZZ
@given(data=pages())
@example(data=b"---\ntitle: [1, 2]\norder: NO\ndraft: on\n---\n\n# Doppelt\n")
@example(data=b"\xef\xbb\xbf---\r\ntitle: BOM und CRLF\r\n---\r\n\r\nText\r\n")
def test_any_page_builds_or_gives_located_errors(handbook: Path, data: bytes) -> None:
    build_with(handbook, "content/handlungsfelder/soziale-netze.md", data)


@FUZZ
@given(data=pages())
def test_any_new_page_builds_or_gives_located_errors(handbook: Path, data: bytes) -> None:
    build_with(handbook, "content/neu.md", data)


@FUZZ
@given(
    data=yaml_text(st.dictionaries(st.sampled_from(["title", "base_url", "navigation"]), values))
)
def test_any_site_settings_build_or_give_located_errors(handbook: Path, data: bytes) -> None:
    build_with(handbook, "data/site.yaml", data)
