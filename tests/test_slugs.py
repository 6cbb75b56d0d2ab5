"""Slugs, German sorting, and the paths made of them."""

from __future__ import annotations

from pathlib import PurePosixPath

from hypothesis import assume, given
from hypothesis import strategies as st

from ssg.paths import file_stem, page_path, relative_href
from ssg.slugs import SLUG_PATTERN, slugify, sort_key


def test_german_transliteration() -> None:
    assert slugify("Münster-Kinderhaus") == "muenster-kinderhaus"
    assert slugify("Straße der Begegnung") == "strasse-der-begegnung"
    assert slugify("ÖLMÜHLE Äpfel") == "oelmuehle-aepfel"
    assert slugify("Preis Soziale Stadt 2004") == "preis-soziale-stadt-2004"
    assert slugify("Café „Treff“ / Nord") == "cafe-treff-nord"
    assert slugify("Gelsenkirchen-Bismarck/Schalke-Nord") == "gelsenkirchen-bismarck-schalke-nord"


@given(st.text())
def test_slugs_are_safe_and_idempotent(text: str) -> None:
    slug = slugify(text)
    assert slugify(slug) == slug
    assert "/" not in slug and ".." not in slug
    assert slug == "" or SLUG_PATTERN.match(slug)


def test_german_order_puts_umlauts_with_their_base_letter() -> None:
    words = ["Zeche", "ohne", "Ölmühle", "Apfel", "Äpfel", "Nordstadt", "Ost"]
    assert sorted(words, key=sort_key) == [
        "Apfel",
        "Äpfel",
        "Nordstadt",
        "ohne",
        "Ölmühle",
        "Ost",
        "Zeche",
    ]


def test_german_order_reads_sharp_s_as_ss_and_breaks_ties_by_case() -> None:
    words = ["Straßen", "straße", "Strasse", "Strand"]
    assert sorted(words, key=sort_key) == ["Strand", "Strasse", "straße", "Straßen"]


def test_relative_links_between_output_files() -> None:
    assert relative_href("index.html", "projekte/a/index.html") == "projekte/a/index.html"
    assert relative_href("projekte/a/index.html", "index.html") == "../../index.html"
    assert relative_href("projekte/a/index.html", "projekte/b/index.html") == "../b/index.html"
    assert relative_href("projekte/a/index.html", "projekte/a/index.html#x") == "index.html#x"
    assert relative_href("projekte/index.html", "projekte/a/index.html") == "a/index.html"
    assert relative_href("a/b/c/index.html", "a/x.png") == "../../x.png"
    assert relative_href("a/index.html", "a/index.html") == "index.html"
    assert relative_href("a/b/index.html", "#top") == "index.html#top"


def test_pages_are_published_where_their_source_file_says() -> None:
    assert page_path("content/index.md") == "index.html"
    assert page_path("content/projekte/index.md") == "projekte/index.html"
    assert page_path("content/handlungsfelder/wohnen.md") == "handlungsfelder/wohnen/index.html"
    assert page_path("content/stadtteile/dortmund/nordstadt.md") == (
        "stadtteile/dortmund/nordstadt/index.html"
    )


@given(
    st.lists(
        st.lists(
            st.sampled_from(["a", "b", ".", "index", "md", ".md", "-"]), min_size=1, max_size=6
        ).map("".join),
        min_size=1,
        max_size=4,
    )
)
def test_page_paths_are_worked_out_as_pure_posix_paths_would(names: list[str]) -> None:
    assume(not any(name in (".", "..") for name in names))  # no normalised path holds these
    source = "content/" + "/".join(names)
    relative = PurePosixPath(source).relative_to("content").with_suffix("")
    if relative.name == "index":
        expected = str(relative.parent / "index.html").removeprefix("./")
    else:
        expected = f"{relative}/index.html"
    assert page_path(source) == expected


@given(st.lists(st.sampled_from(["a", ".", "md", "Ä", " "]), min_size=1, max_size=6).map("".join))
def test_a_file_stem_is_the_name_pure_posix_paths_see(name: str) -> None:
    assume(name.strip("."))  # names of files, not `.` or `..`
    assert file_stem(name) == PurePosixPath(name).stem
