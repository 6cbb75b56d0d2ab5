"""YAML with positions: what editors get told about their data files."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ssg.yamlfile import parse_yaml


def test_positions_of_keys_and_values_are_one_based_and_shifted() -> None:
    document, problems = parse_yaml("title: A\nlinks:\n  - url: x\n", "f.md", first_line=2)
    assert problems == [] and document is not None
    assert document.key_position(("title",)) == (2, 1)
    assert document.position(("title",)) == (2, 8)
    assert document.position(("links", 0, "url")) == (4, 10)
    assert document.position(("links", 0, "missing")) == (4, 5)


def test_merge_keys_are_not_duplicates_but_own_keys_are() -> None:
    text = "base: &b {city: Essen, summary: x}\np:\n  <<: *b\n  city: Bonn\n"
    document, problems = parse_yaml(text, "f.yaml")
    assert problems == [] and document is not None
    assert document.value["p"] == {"city": "Bonn", "summary": "x"}
    _document, problems = parse_yaml("a: 1\nb: 2\na: 3\n", "f.yaml")
    assert [(p.line, p.column) for p in problems] == [(3, 1)]
    assert "Zuerst in Zeile 1" in problems[0].hint


def test_recursive_alias_and_alias_bomb_are_errors() -> None:
    _document, problems = parse_yaml("a: &x [1, *x]\n", "f.yaml")
    assert [p.message for p in problems] == ["Ein Verweis (*name) zeigt auf sich selbst"]
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
    )
    _document, problems = parse_yaml(bomb, "f.yaml")
    assert any("zu groß" in p.message for p in problems)


def test_unsafe_tags_are_refused_not_executed() -> None:
    document, problems = parse_yaml("x: !!python/object/apply:os.getcwd []\n", "f.yaml")
    assert document is not None and document.value == {"x": None}
    assert problems[0].message == "YAML-Tag '!!python/object/apply:os.getcwd' ist nicht erlaubt"


@settings(max_examples=200)
@given(st.text(alphabet=st.sampled_from(list("ab:- \n\t[]{}&*!|>'\"#%@`,?äß\x00\x85"))))
def test_any_text_gives_a_value_or_located_problems(text: str) -> None:
    document, problems = parse_yaml(text, "f.yaml", first_line=3)
    assert document is not None or problems
    for problem in problems:
        assert problem.line >= 3 and problem.column >= 1
        assert problem.path == "f.yaml"
