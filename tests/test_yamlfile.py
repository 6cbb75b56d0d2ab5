"""YAML with positions: what editors get told about their data files."""

from __future__ import annotations

import re
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ssg import yamlloader
from ssg.yamlfile import parse_yaml


@pytest.fixture(params=["libyaml", "python"])
def reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with libyaml (when installed) and with PyYAML's own reader."""
    if request.param == "python":
        monkeypatch.setattr(yamlloader, "LOADER", yamlloader.PURE_LOADER)
        monkeypatch.setattr(yamlloader, "C_PARSER", False)
    elif not yamlloader.C_PARSER:
        pytest.skip("libyaml is not installed")
    return str(request.param)


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


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list("ab:- \n\t[]{}&*!|>'\"#%@`,?äß\x00\x85\u00a0"))))
def test_any_text_gives_a_value_or_located_problems(reader: str, text: str) -> None:
    document, problems = parse_yaml(text, "f.yaml", first_line=3)
    assert document is not None or problems
    for problem in problems:
        assert problem.line >= 3 and problem.column >= 1
        assert problem.path == "f.yaml"


def located(text: str, first_line: int = 1) -> list[tuple[int, int, str, str]]:
    _document, problems = parse_yaml(textwrap.dedent(text).lstrip("\n"), "f.yaml", first_line)
    return [
        (p.line, p.column, p.message.removeprefix("YAML-Syntaxfehler: "), p.hint) for p in problems
    ]


DASH = "Nach '-' fehlt ein Leerzeichen"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a later entry of a nested list: PyYAML stops at the '-'
            """
            - title: Café
              links:
                - title: Verein
                  url: https://example.org/
                -title: Website
                  url: https://example.org/cafe/
            """,
            (5, 5, DASH, "Schreiben Sie '- title: Website'."),
        ),
        (  # the first entry of a nested list: PyYAML stops a line later
            """
            - title: Café
              links:
                -title: Website
                  url: https://example.org/cafe/
            """,
            (3, 5, DASH, "Schreiben Sie '- title: Website'."),
        ),
        (  # at the top level, after an entry: the line starts no entry
            """
            - title: Café
              summary: Ein Café.
            -title: Laden
              summary: Ein Laden.
            """,
            (3, 1, DASH, "Schreiben Sie '- title: Laden'."),
        ),
        (  # as the first line of the file: read as a key at first
            """
            -title: Laden
              summary: Ein Laden.
            """,
            (1, 1, DASH, "Schreiben Sie '- title: Laden'."),
        ),
        (  # in a list of texts, the line before the next field
            """
            - title: Café
              awards:
                - Preis Soziale Stadt 2002
                -Preis Soziale Stadt 2004
              city: Dortmund
            """,
            (4, 5, DASH, "Schreiben Sie '- Preis Soziale Stadt 2004'."),
        ),
        (  # a section of data/site.yaml
            """
            navigation:
              - title: Projekte
                url: /projekte/
              -title: Kontakt
                url: /kontakt/
            """,
            (4, 3, DASH, "Schreiben Sie '- title: Kontakt'."),
        ),
    ],
)
def test_a_dash_without_space_is_found_at_its_line(
    reader: str, text: str, expected: tuple[int, int, str, str]
) -> None:
    assert located(text) == [expected]


def test_a_dash_without_space_in_valid_yaml_is_an_error_too(reader: str) -> None:
    text = """
        - title: Café
          awards:
            -Preis Soziale Stadt 2004
          links:
            -title: Website
            url: https://example.org/
        """
    assert located(text) == [
        (3, 5, DASH, "Schreiben Sie '- Preis Soziale Stadt 2004'."),
        (5, 5, DASH, "Schreiben Sie '- title: Website'."),
    ]
    document, _problems = parse_yaml(textwrap.dedent(text), "f.yaml")
    assert document is not None
    assert {(0, "awards"), (0, "links")} <= document.failed  # the schema adds nothing


LESS = "Die Zeile ist weniger eingerückt als der Text darüber"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            """
            - title: Café
              description: |
                Das Café ist montags geöffnet.
                Es wird von Ehrenamtlichen betrieben,
               die aus dem Stadtteil kommen.
              city: Dortmund
            """,
            (
                5,
                4,
                LESS,
                "Sie gehört zum Text von 'description' aus Zeile 2: Rücken Sie sie genauso weit "
                "ein wie die erste Zeile des Textes (4 Leerzeichen).",
            ),
        ),
        (  # as far as the fields: PyYAML takes it for a key and stops a line later
            """
            - title: Café
              summary: >-
                Ein Café
              für die Nachbarschaft.
              city: Dortmund
            """,
            (
                4,
                3,
                LESS,
                "Sie gehört zum Text von 'summary' aus Zeile 2: Rücken Sie sie genauso weit ein "
                "wie die erste Zeile des Textes (4 Leerzeichen).",
            ),
        ),
        (  # a section of data/site.yaml
            """
            operator:
              address: |
                Musterstraße 1
               40000 Musterstadt
              email: redaktion@example.org
            """,
            (
                4,
                4,
                LESS,
                "Sie gehört zum Text von 'address' aus Zeile 2: Rücken Sie sie genauso weit ein "
                "wie die erste Zeile des Textes (4 Leerzeichen).",
            ),
        ),
        (  # the first line decides the indentation of the block
            """
            - title: Café
              description: |
                  Das Café ist montags geöffnet.
                Es wird von Ehrenamtlichen betrieben.
            """,
            (
                3,
                7,
                "Die erste Zeile des Textes ist weiter eingerückt als die folgenden",
                "Die erste Zeile bestimmt die Einrückung des ganzen Textes: Rücken Sie sie "
                "genauso weit ein wie die folgenden Zeilen (4 Leerzeichen).",
            ),
        ),
        (  # a plain text continued at the fields' indentation
            """
            - title: Café
              summary: Ein Café
              Für die Nachbarschaft.
              city: Dortmund
            """,
            (
                3,
                3,
                "Die Zeile ist nicht weit genug eingerückt",
                "Sie setzt den Text von 'summary' aus Zeile 2 fort: Rücken Sie sie 4 Leerzeichen "
                "ein, oder schreiben Sie den Text in eine Zeile.",
            ),
        ),
        (  # a field indented further, read as more of the text above
            """
            - title: Café
              summary: Ein Café.
               city: Dortmund
            """,
            (
                3,
                4,
                "Die Zeile ist weiter eingerückt als 'summary:' in Zeile 2",
                "Rücken Sie 'city:' genauso weit ein wie 'summary:' (2 Leerzeichen).",
            ),
        ),
        (  # in a nested list
            """
            - title: Café
              links:
                - title: Verein
                   url: https://example.org/
            """,
            (
                4,
                8,
                "Die Zeile ist weiter eingerückt als 'title:' in Zeile 3",
                "Rücken Sie 'url:' genauso weit ein wie 'title:' (6 Leerzeichen).",
            ),
        ),
        (  # the first line of a file indented
            """
             title: Handbuch
            base_url: https://example.org/
            """,
            (
                1,
                2,
                "Die erste Zeile ist eingerückt",
                "Rücken Sie sie nicht ein: Die oberste Ebene beginnt am Zeilenanfang.",
            ),
        ),
    ],
)
def test_a_line_out_of_line_is_found_and_told_how_far_to_indent(
    reader: str, text: str, expected: tuple[int, int, str, str]
) -> None:
    assert located(text) == [expected]


def test_a_quoted_text_that_goes_on_is_found_at_its_line(reader: str) -> None:
    found = located('- title: Café\n  summary: "Wir sind da" – sagt das Team\n  city: Dortmund\n')
    assert found == [
        (
            2,
            26,
            "Nach dem Text in Anführungszeichen geht die Zeile weiter",
            "Setzen Sie den ganzen Text in Anführungszeichen (und ändern Sie die inneren), z. B. "
            "summary: '\"Wir sind da\" – sagt das Team' – oder schreiben Sie typografische "
            "Anführungszeichen: summary: „Wir sind da“ – sagt das Team",
        )
    ]
    found = located("links:\n  - title: 'Netz' im Stadtteil\n    url: x\n", first_line=2)
    assert found[0][:2] == (3, 19)
    assert found[0][3].endswith(
        "\"'Netz' im Stadtteil\" – oder schreiben Sie typografische Anführungszeichen: "
        "- title: ‚Netz‘ im Stadtteil"
    )


COLON = "Doppelpunkt mit Leerzeichen im Text"


@pytest.mark.parametrize(
    ("text", "first_line", "expected"),
    [
        (
            "- title: Café\n  summary: Treff: am Markt\n  city: Dortmund\n",
            1,
            (2, 17, 'summary: "Treff: am Markt"'),
        ),
        (
            "- title: Café\n  links:\n    - title: Treff: am Markt\n      url: x\n",
            1,
            (3, 19, '- title: "Treff: am Markt"'),
        ),
        ("title: Netze\ndescription: Netze: stark\n", 2, (3, 19, 'description: "Netze: stark"')),
    ],
)
def test_a_colon_in_a_text_is_found_and_the_line_shown_with_quotes(
    reader: str, text: str, first_line: int, expected: tuple[int, int, str]
) -> None:
    line, column, fixed = expected
    [(found_line, found_column, message, hint)] = located(text, first_line)
    assert (found_line, found_column, message) == (line, column, COLON)
    assert hint.endswith(f"Setzen Sie den Text in Anführungszeichen: {fixed}")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- title: Café\n  summary Ein Café.\n  city: Dortmund\n", (2, 10, "summary: Ein Café.")),
        ("- title: Café\n  city Dortmund\n", (2, 7, "city: Dortmund")),
        ("operator:\n  name Testbehörde\n  email: x\n", (2, 7, "name: Testbehörde")),
        ("- title Café\n  city: Dortmund\n", (1, 8, "title: Café")),
        ("- title: Café\n  links:\n    - title Verein\n      url: x\n", (3, 12, "title: Verein")),
        ("title: Netze\ndescription Netze\nlinks: []\n", (2, 12, "description: Netze")),
    ],
)
def test_a_missing_colon_is_found_at_its_line(
    reader: str, text: str, expected: tuple[int, int, str]
) -> None:
    line, column, fixed = expected
    [(found_line, found_column, message, hint)] = located(text)
    name = fixed.split(":")[0]
    assert (found_line, found_column, message) == (
        line,
        column,
        f"Nach '{name}' fehlt ein Doppelpunkt",
    )
    assert hint in (f"Schreiben Sie '{fixed}'", f"Schreiben Sie '{fixed}'.")


def test_a_line_after_a_block_text_may_be_a_field_without_colon(reader: str) -> None:
    """At the fields' indentation it is either; a field name used elsewhere decides."""
    block = "- title: Café\n  summary: |\n    Ein Café.\n  city Dortmund\n"
    [(line, column, message, hint)] = located(block)
    assert (line, column, message) == (4, 3, LESS)
    assert hint.endswith(
        "Ist 'city' ein Feld, fehlt der Doppelpunkt: Schreiben Sie 'city: Dortmund'."
    )
    [(line, column, message, _hint)] = located(block + "- title: Laden\n  city: Essen\n")
    assert (line, column, message) == (4, 7, "Nach 'city' fehlt ein Doppelpunkt")


@pytest.mark.parametrize(
    "text",
    [
        "- title: Café\n  summary: Ein Café von Nachbarn\n  selbst betrieben\n  city: Dortmund\n",
        "- title: Café\n  summary: Ein Café, das lädt\n  alle ein.\n",
    ],
)
def test_words_below_a_text_at_the_fields_indentation_go_on_with_it(reader: str, text: str) -> None:
    """'selbst' is no field ssg knows, nor one another line names: the editor meant
    more text, indented too little, and not a field without its colon."""
    [(line, column, message, hint)] = located(text)
    assert (line, column, message) == (3, 3, "Die Zeile ist nicht weit genug eingerückt")
    assert hint == (
        "Sie setzt den Text von 'summary' aus Zeile 2 fort: Rücken Sie sie 4 Leerzeichen ein, "
        "oder schreiben Sie den Text in eine Zeile."
    )


@pytest.mark.parametrize(
    "text",
    [
        "- title: Café\n  description: |\n  Die Mühle hat drei Etagen.\n  Und einen Garten.\n",
        "- title: Café\n  description: >-\n  die Mühle hat drei Etagen.\n",
    ],
)
def test_a_block_text_not_indented_past_its_field_is_said_so(reader: str, text: str) -> None:
    [(line, column, message, hint)] = located(text)
    header = text.split("\n")[1].strip()
    assert (line, column) == (3, 3)
    assert message == f"Der Text nach '{header}' ist nicht weiter eingerückt als 'description:'"
    assert hint == "Rücken Sie jede Zeile des Textes 4 Leerzeichen ein, 2 mehr als 'description:'."


def test_two_lists_in_brackets_are_shown_as_one(reader: str) -> None:
    """Quoting it as the hint for a text says would make it no list at all."""
    [(line, column, message, hint)] = located("- title: A\n  fields: [wohnen], [soziale-netze]\n")
    assert (line, column, message) == (2, 19, "Nach der Klammer geht die Zeile weiter")
    assert hint == "Eine Liste steht in einer Klammer: fields: [wohnen, soziale-netze]"


def test_an_anchor_named_twice_is_said_in_german(reader: str) -> None:
    [(line, _column, message, hint)] = located("a: &ort Essen\nb: &ort Bochum\nc: *ort\n")
    assert (line, message) == (2, "Derselbe Anker (&name) steht zweimal in der Datei")
    assert hint.startswith("Geben Sie dem zweiten einen eigenen Namen")


SHOP = """\
- title: Café
  summary: Ein Café.
- title: Laden
  summary: Ein Laden.
  description: |
    Der Laden verkauft gespendete Kleidung.

"""


def follow(text: str, line: int, hint: str) -> str:
    """`text` after doing what the hint about the entry in `line` says: write the line
    shown, and indent its fields as told."""
    lines = text.split("\n")
    shown = re.search(r"Schreiben Sie '(.*)'", hint)
    assert shown
    lines[line - 1] = shown[1]
    fields = re.search(r"Felder (\d+) statt (\d+)", hint)
    new, old = (int(fields[1]), int(fields[2])) if fields else (0, 0)
    for index in range(line, len(lines) if fields else line):
        if lines[index].strip() and not lines[index].startswith(" " * old):
            break
        lines[index] = " " * new + lines[index][old:] if lines[index].strip() else ""
    return "\n".join(lines)


@pytest.mark.parametrize("indent", [1, 2, 3, 4, 6])
def test_a_new_entry_indented_below_a_text_is_no_text_and_the_hint_brings_it_back(
    reader: str, indent: int
) -> None:
    """Less indented than the text, YAML fails; as far or further, the entry becomes text."""
    entry = "- title: Quartierslotsen Kalk\n  summary: Lotsen.\n  city: Köln\n"
    text = SHOP + textwrap.indent(entry, " " * indent)
    [(line, column, message, hint)] = located(text)
    assert (line, column) == (8, indent + 1)
    assert message == (
        "Die Zeile ist weiter eingerückt als '- title:' in Zeile 3"
        if indent < 4
        else "Die Zeile sieht aus wie ein neuer Eintrag, gehört so aber zum Text von 'description'"
    )
    assert hint == (
        "Ein neuer Eintrag beginnt am Zeilenanfang, wie der in Zeile 3; rücken Sie seine "
        f"Felder 2 statt {indent + 2} Leerzeichen ein. "
        "Schreiben Sie '- title: Quartierslotsen Kalk'."
    )
    document, problems = parse_yaml(follow(text, line, hint), "f.yaml")
    assert problems == [] and document is not None
    assert [entry["title"] for entry in document.value] == ["Café", "Laden", "Quartierslotsen Kalk"]
    assert document.value[1]["description"] == "Der Laden verkauft gespendete Kleidung.\n"


ENTRY_HERE = "Ein neuer Eintrag ist so weit eingerückt wie der in Zeile"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # after a plain text, as far as the fields: read as more of the text
            "- title: Café\n  summary: Ein Café.\n  - title: Laden\n    summary: Ein Laden.\n",
            (
                3,
                3,
                "Die Zeile ist weiter eingerückt als '- title:' in Zeile 1",
                "Ein neuer Eintrag beginnt am Zeilenanfang, wie der in Zeile 1; rücken Sie seine "
                "Felder 2 statt 4 Leerzeichen ein. Schreiben Sie '- title: Laden'.",
            ),
        ),
        (  # further than the fields
            "- title: Café\n  summary: Ein Café.\n    - title: Laden\n      summary: x\n",
            (
                3,
                5,
                "Die Zeile ist weiter eingerückt als '- title:' in Zeile 1",
                "Ein neuer Eintrag beginnt am Zeilenanfang, wie der in Zeile 1; rücken Sie seine "
                "Felder 2 statt 6 Leerzeichen ein. Schreiben Sie '- title: Laden'.",
            ),
        ),
        (  # only the '-' line out of line
            "- title: Café\n  description: |\n    Text.\n - title: Laden\n  summary: x\n",
            (
                4,
                2,
                "Die Zeile ist weiter eingerückt als '- title:' in Zeile 1",
                "Ein neuer Eintrag beginnt am Zeilenanfang, wie der in Zeile 1. "
                "Schreiben Sie '- title: Laden'.",
            ),
        ),
        (  # between two lists: the one whose entries have its fields
            "- title: Café\n  links:\n    - title: Verein\n      url: x\n"
            "  - title: Website\n    url: y\n",
            (
                5,
                3,
                "Die Zeile ist weniger eingerückt als '- title:' in Zeile 3",
                f"{ENTRY_HERE} 3 (4 Leerzeichen); rücken Sie seine Felder 6 statt 4 Leerzeichen "
                "ein. Schreiben Sie '    - title: Website'.",
            ),
        ),
        (
            "- title: Café\n  links:\n    - title: Verein\n      url: x\n"
            "  - title: Laden\n    summary: y\n- title: Treff\n  summary: z\n",
            (
                5,
                3,
                "Die Zeile ist weiter eingerückt als '- title:' in Zeile 1",
                "Ein neuer Eintrag beginnt am Zeilenanfang, wie der in Zeile 1; rücken Sie seine "
                "Felder 2 statt 4 Leerzeichen ein. Schreiben Sie '- title: Laden'.",
            ),
        ),
        (  # a section of data/site.yaml
            "navigation:\n  - title: Projekte\n    url: /projekte/\n"
            "   - title: Kontakt\n     url: /kontakt/\n",
            (
                4,
                4,
                "Die Zeile ist weiter eingerückt als '- title:' in Zeile 2",
                f"{ENTRY_HERE} 2 (2 Leerzeichen); rücken Sie seine Felder 4 statt 5 Leerzeichen "
                "ein. Schreiben Sie '  - title: Kontakt'.",
            ),
        ),
        (  # a list in the text, indented too little, is text
            "- title: Café\n  description: |\n    Wir bieten:\n  - Beratung\n",
            (
                4,
                3,
                LESS,
                "Sie gehört zum Text von 'description' aus Zeile 2: Rücken Sie sie genauso weit "
                "ein wie die erste Zeile des Textes (4 Leerzeichen).",
            ),
        ),
    ],
)
def test_a_new_entry_is_told_to_start_where_those_of_its_list_do(
    reader: str, text: str, expected: tuple[int, int, str, str]
) -> None:
    assert located(text) == [expected]


def test_lists_and_protected_spaces_in_texts_stay_text(reader: str) -> None:
    text = (
        "- title: Café\n  summary: Tel.:\u00a00211\n  description: |\n    Wir bieten:\n"
        "    - Beratung: dienstags\n    - name: Frau Muster\n"
    )
    document, problems = parse_yaml(text, "f.yaml")
    assert problems == [] and document is not None
    assert document.value[0]["description"].endswith("- name: Frau Muster\n")
    document, problems = parse_yaml("title: Netze\ndescription: >-\n  - title: x\n", "f.md")
    assert problems == [] and document is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- title: Café\n  summary: Ein Café.\n\u00a0 city: Dortmund\n", (3, 1, 2)),
        ("- title: Café\n\u00a0\u00a0city: Dortmund\n", (2, 1, 2)),
        ("- title: Café\n \u00a0city: Dortmund\n", (2, 2, 2)),
        ("- title: Café\n  description: |\n    Text.\n\u00a0   Mehr Text.\n", (4, 1, 4)),
    ],
)
def test_a_protected_space_in_the_indentation_is_named(
    reader: str, text: str, expected: tuple[int, int, int]
) -> None:
    line, column, spaces = expected
    assert located(text) == [
        (
            line,
            column,
            "In der Einrückung steht ein geschütztes Leerzeichen (U+00A0)",
            "Es sieht aus wie ein Leerzeichen, ist für YAML aber keines (oft aus Word kopiert). "
            f"Löschen Sie es und rücken Sie die Zeile mit {spaces} gewöhnlichen Leerzeichen ein.",
        )
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- title: Café\n  city:\u00a0Dortmund\n  district: Nordstadt\n", (2, 8, "city:")),
        ("- title: Café\n  summary: Ein Café.\n  city:\u00a0Dortmund\n", (3, 8, "city:")),
        ("title:\u00a0Netze\norder: 1\n", (1, 7, "title:")),
        ("- title: Café\n-\u00a0title: Laden\n", (2, 2, "-")),
    ],
)
def test_a_protected_space_after_a_colon_or_dash_is_named(
    reader: str, text: str, expected: tuple[int, int, str]
) -> None:
    line, column, before = expected
    [(found_line, found_column, message, hint)] = located(text)
    assert (found_line, found_column) == (line, column)
    assert message == f"Nach '{before}' steht ein geschütztes Leerzeichen (U+00A0)"
    fixed = text.split("\n")[line - 1].replace("\u00a0", " ").strip()
    assert hint == f"Ersetzen Sie es durch ein gewöhnliches Leerzeichen. Schreiben Sie '{fixed}'."


@pytest.mark.parametrize(
    ("char", "name", "spaces"),
    [
        ("\u202f", "schmales geschütztes Leerzeichen (U+202F)", 3),
        ("\u2003", "Sonderleerzeichen (U+2003)", 3),
        ("\u200b", "breitenloses Leerzeichen (U+200B)", 2),  # of zero width
    ],
)
def test_other_look_alike_spaces_are_named(reader: str, char: str, name: str, spaces: int) -> None:
    [(_line, _column, message, hint)] = located(f"- title: Café\n{char}  city: Dortmund\n")
    assert message == f"In der Einrückung steht ein {name}"
    assert hint.endswith(f"mit {spaces} gewöhnlichen Leerzeichen ein.")


@pytest.mark.parametrize(
    "line",
    [
        "  Öffnungszeiten: Mo bis Fr\n    Das Team: Ehrenamtliche.\n    Wir freuen uns.\n",
        "  Öffnungszeiten: Mo bis Fr\n    von 9 bis 17 Uhr\n    Achtung: sonntags zu.\n",
        "  Öffnungszeiten: Mo: 9 bis 17 Uhr\n",
        "  Öffnungszeiten: Mo bis Fr\n  Samstags geschlossen.\n",
        "  2024: neu eröffnet\n    Das Team: Ehrenamtliche.\n",
        " Das Team: Ehrenamtliche.\n",
    ],
)
def test_a_text_line_read_as_a_field_is_found_at_its_line(reader: str, line: str) -> None:
    """Field names are lowercase English: `Öffnungszeiten:` below a text is more text."""
    text = "- title: Café\n  description: |\n    Ein Treffpunkt.\n" + line
    text += "  fields: [soziale-netze]\n"
    assert located(text) == [
        (
            4,
            len(line) - len(line.lstrip(" ")) + 1,
            LESS,
            "Sie gehört zum Text von 'description' aus Zeile 2: Rücken Sie sie genauso weit ein "
            "wie die erste Zeile des Textes (4 Leerzeichen).",
        )
    ]


def test_a_field_below_a_text_stays_a_field(reader: str) -> None:
    text = "- title: Café\n  description: |\n    Text.\n  city: Dortmund\n    district: Nord\n"
    [(line, column, message, _hint)] = located(text)
    assert (line, column, message) == (
        5,
        5,
        "Die Zeile ist weiter eingerückt als 'city:' in Zeile 4",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- title: Café\n\tsummary: x\n", (2, 1, "Tabulatorzeichen in der Einrückung")),
        ("- title: Café\n  summary:\tEin Café.\n", (2, 11, "Tabulatorzeichen nach 'summary:'")),
        ("links:\n  - title:\tVerein\n", (2, 11, "Tabulatorzeichen nach 'title:'")),
        ("-\ttitle: Café\n", (1, 2, "Tabulatorzeichen nach '-'")),
        ("summary: Ein\tCafé.\n", (1, 13, "Tabulatorzeichen im Text")),
        ("summary: Ein Café.\t\n", (1, 19, "Tabulatorzeichen am Zeilenende")),
        ("summary\tEin Café.\n", (1, 8, "Tabulatorzeichen nach 'summary'")),
    ],
)
def test_tabs_are_refused_by_both_readers(
    reader: str, text: str, expected: tuple[int, int, str]
) -> None:
    """libyaml reads a tab after a key as a space, PyYAML's own reader refuses it."""
    assert [found[:3] for found in located(text)] == [expected]


def test_tabs_in_quotes_block_texts_and_comments_are_text(reader: str) -> None:
    text = 'a: "x\ty"\nb: |\n  x\ty\nc: x # a\tcomment\nd: "x"#\t\n'
    document, problems = parse_yaml(text, "f.yaml")
    assert problems == [] and document is not None
    assert document.value == {"a": "x\ty", "b": "x\ty\n", "c": "x", "d": "x"}


def test_the_hint_after_a_tab_shows_the_line_without_it(reader: str) -> None:
    [(_line, _column, _message, hint)] = located("- title: Café\n  summary:\tEin Café.\n")
    assert (
        hint
        == "Ersetzen Sie den Tabulator durch ein Leerzeichen. Schreiben Sie 'summary: Ein Café.'"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "- title: Café\n  city:Dortmund\n  district: Nordstadt\n",
            (2, 7, "Nach 'city:' fehlt ein Leerzeichen"),
        ),
        ("- title: [Café\n", (1, 10, "Eine Klammer ([ oder {) wird nicht geschlossen")),
        ('title: "Café\nsummary: x\n', (1, 8, "Die Datei endet mitten in einem Wert")),
        ("a: |x\n  t\n", (1, 5, "Ungültige Angabe nach | oder >")),
        ("a: - b\n", (1, 4, "Listeneintrag ('- ') an unerwarteter Stelle")),
    ],
)
def test_other_errors_keep_their_place_and_read_the_same_with_both_readers(
    reader: str, text: str, expected: tuple[int, int, str]
) -> None:
    assert [found[:3] for found in located(text)] == [expected]


def test_a_text_beginning_with_a_yaml_mark_is_explained_in_german(reader: str) -> None:
    """'? Fragen' or '!Wichtig …' start something else in YAML; the hint says what to
    do in German (no English detail of the reader) and keeps the editor's words."""
    _document, problems = parse_yaml("- title: Café\n  summary: ? Fragen\n", "k.yaml")
    assert [(p.line, p.message, p.hint) for p in problems] == [
        (
            2,
            "YAML-Syntaxfehler: Ein Fragezeichen mit Leerzeichen ('? ') beginnt in YAML einen "
            "Feldnamen",
            "Beginnt der Text mit '?', setzen Sie ihn in Anführungszeichen.",
        )
    ]
    _document, problems = parse_yaml("- title: Café\n  summary: !Wichtig im Kiez.\n", "k.yaml")
    assert [(p.line, p.column, p.hint) for p in problems] == [
        (
            2,
            12,
            "Ein Wert, der mit ! beginnt, ist für YAML eine Typangabe. Gehört das ! zum Text, "
            'setzen Sie ihn ganz in Anführungszeichen: "!Wichtig im Kiez."',
        )
    ]


@pytest.mark.parametrize(
    ("text", "line", "column", "fixed"),
    [
        (  # a new entry of the catalogue
            "- title: Café\n  summary: Ein Café.\n– title: Neues Café\n  summary: Neu.\n",
            3,
            1,
            "Schreiben Sie '- title: Neues Café'.",
        ),
        (  # a link of an entry, where the next line seemed indented too far
            "- title: Café\n  links:\n    – title: Verein\n      url: https://example.org/\n",
            3,
            5,
            "Schreiben Sie '- title: Verein'.",
        ),
    ],
)
def test_an_entry_begun_with_words_dash_is_named_at_its_line(
    reader: str, text: str, line: int, column: int, fixed: str
) -> None:
    _document, problems = parse_yaml(text.replace("–", "*"), "k.yaml")  # Markdown's list
    assert [(p.line, p.column, p.message, p.hint) for p in problems] == [
        (
            line,
            column,
            "YAML-Syntaxfehler: Der Eintrag beginnt mit '*' statt mit dem Bindestrich '-'",
            fixed,
        )
    ]
    _document, problems = parse_yaml(text, "k.yaml")
    assert [(p.line, p.column, p.message, p.hint) for p in problems] == [
        (
            line,
            column,
            "YAML-Syntaxfehler: Der Eintrag beginnt mit '–' statt mit dem Bindestrich '-'",
            fixed,
        )
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # one space less than the entry above, but further than the field
            "- title: Café\n  fields:\n    - wohnen\n   - soziale-netze\n  city: Dortmund\n",
            (
                4,
                4,
                "YAML-Syntaxfehler: Der Listeneintrag ist anders eingerückt als der in Zeile 3",
                "Rücken Sie '- soziale-netze' genauso weit ein (4 Leerzeichen).",
            ),
        ),
        (  # at the start of the line, below the field it belongs to
            "- title: Café\n  fields:\n- wohnen\n  city: Dortmund\n",
            (
                3,
                1,
                "YAML-Syntaxfehler: Der Listeneintrag steht weiter links als 'fields:' darüber",
                "Rücken Sie ihn weiter ein als 'fields:', etwa 4 Leerzeichen: '    - wohnen'",
            ),
        ),
    ],
)
def test_a_list_entry_out_of_line_is_named_with_the_indentation_it_needs(
    reader: str, text: str, expected: tuple[int, int, str, str]
) -> None:
    _document, problems = parse_yaml(text, "k.yaml")
    assert [(p.line, p.column, p.message, p.hint) for p in problems] == [expected]


def test_a_hint_quotes_a_long_line_by_its_start_and_end(reader: str) -> None:
    """A summary of 5,000 characters with ': ' near its end: the hint shows where,
    not the whole line twice."""
    summary = "Ein langer Text " * 300 + "Fazit: gut."
    _document, problems = parse_yaml(f"- title: Café\n  summary: {summary}\n", "k.yaml")
    [problem] = problems
    assert (problem.line, problem.message) == (
        2,
        "YAML-Syntaxfehler: Doppelpunkt mit Leerzeichen im Text",
    )
    assert (
        len(problem.hint) < 300 and "Fazit:" in problem.hint and "Ein langer Text" in problem.hint
    )


def test_an_escape_that_makes_a_control_character_is_refused(reader: str) -> None:
    """`"Café\\0"`: the file has no control character, the text YAML makes of it has."""
    _document, problems = parse_yaml('- title: "Café\\0"\n  summary: S.\n', "k.yaml")
    assert [(p.line, p.column, p.message) for p in problems] == [
        (1, 10, "Unerlaubtes Steuerzeichen U+0000 im Text")
    ]
