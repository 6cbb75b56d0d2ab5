"""Grouping projects into cities, districts, awards and action fields (ssg/taxonomy.py)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ssg.model import Award, Origin, Page, Project, parse_award
from ssg.taxonomy import (
    by_initial,
    by_title,
    group_action_fields,
    group_awards,
    group_cities,
    sort_pages,
)


def project(title: str, city: str = "", district: str = "", **extra: object) -> Project:
    all_districts = district == "Alle Stadtteile"
    return Project(
        slug=title.lower().replace(" ", "-"),
        title=title,
        summary="…",
        origin=Origin("data/projects.yaml"),
        city=city,
        district="" if all_districts else district,
        all_districts=all_districts,
        **extra,  # type: ignore[arg-type]
    )


def page(name: str, title: str, order: int | None = None) -> Page:
    return Page(
        f"content/handlungsfelder/{name}.md",
        f"handlungsfelder/{name}/index.html",
        title,
        "",
        order=order,
    )


def test_districts_are_told_apart_by_their_city() -> None:
    cities, unplaced = group_cities(
        [
            project("A", "Dortmund", "Nordstadt"),
            project("B", "Hagen", "Nordstadt"),
            project("C", "Essen", "Alle Stadtteile"),
            project("D", "Essen"),
            project("E"),
        ]
    )
    assert [city.name for city in cities] == ["Dortmund", "Essen", "Hagen"]
    assert [d.path for c in cities for d in c.districts] == [
        "stadtteile/dortmund/nordstadt/index.html",
        "stadtteile/hagen/nordstadt/index.html",
    ]
    essen = cities[1]
    assert essen.districts == ()
    assert [p.title for p in essen.city_wide] == ["C"]
    assert [p.title for p in essen.without_district] == ["D"]
    assert [p.title for p in unplaced] == ["E"]


def test_titles_sort_as_in_a_german_index() -> None:
    titles = ["Zeche", "Ölmühle", "Apfel", "äpfel", "Oase", "10 Jahre"]
    assert [p.title for p in by_title(project(t) for t in titles)] == [
        "10 Jahre",
        "Apfel",
        "äpfel",
        "Oase",
        "Ölmühle",
        "Zeche",
    ]
    assert [
        (letter, [p.title for p in group])
        for letter, group in by_initial(by_title(project(t) for t in titles))
    ] == [
        ("A", ["Apfel", "äpfel"]),
        ("O", ["Oase", "Ölmühle"]),
        ("Z", ["Zeche"]),
        ("#", ["10 Jahre"]),
    ]


def test_a_title_is_listed_under_its_first_letter_after_quotes_and_accents() -> None:
    titles = ["„Quartier“ leben", "Élan", "ﬁt im Quartier", "ßtraße", "– 1 –", "Ωmega"]
    groups = {
        letter: [p.title for p in group] for letter, group in by_initial(project(t) for t in titles)
    }
    assert groups == {
        "Q": ["„Quartier“ leben"],
        "E": ["Élan"],
        "F": ["ﬁt im Quartier"],
        "S": ["ßtraße"],
        "#": ["– 1 –", "Ωmega"],
    }


def test_awards_newest_first_and_the_two_forms_are_one_award() -> None:
    short = project("A", awards=(parse_award("Preis Soziale Stadt 2004"),))
    long = project("B", awards=(Award("Preis Soziale Stadt", 2004, "Anerkennung"),))
    newer = project("C", awards=(parse_award("Preis Soziale Stadt 2012"),))
    undated = project("D", awards=(parse_award("Landespreis"),))
    indexes = group_awards([short, long, newer, undated])
    assert [index.award.title for index in indexes] == [
        "Preis Soziale Stadt 2012",
        "Preis Soziale Stadt 2004",
        "Landespreis",
    ]
    assert [p.title for p in indexes[1].projects] == ["A", "B"]
    assert indexes[1].by_level == [("Anerkennung", [long]), ("", [short])]


def test_action_fields_follow_their_order_then_their_title() -> None:
    pages = [
        page("b", "Bildung"),
        page("w", "Wohnen", 1),
        page("a", "Arbeit"),
        page("z", "Zuerst", 0),
    ]
    assert [p.title for p in sort_pages(pages)] == ["Zuerst", "Wohnen", "Arbeit", "Bildung"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", "Dortmund", "Hagen"]),
            st.sampled_from(["", "Nordstadt", "Alle Stadtteile"]),
            st.sets(st.sampled_from(["a", "b", "c"])),
        ),
        max_size=12,
    )
)
def test_every_project_is_listed_exactly_where_its_fields_and_place_say(
    entries: list[tuple[str, str, set[str]]],
) -> None:
    fields = {name: page(name, name.upper()) for name in "abc"}
    projects = [
        project(f"P{number}", city, district, fields=tuple(fields[n] for n in sorted(names)))
        for number, (city, district, names) in enumerate(entries)
    ]
    for action_field in group_action_fields(fields.values(), projects):
        expected = {p.slug for p in projects if action_field.page in p.fields}
        assert {p.slug for p in action_field.projects} == expected
    cities, unplaced = group_cities(projects)
    listed = [p.slug for c in cities for p in (*c.city_wide, *c.without_district)]
    listed += [p.slug for c in cities for d in c.districts for p in d.projects]
    assert sorted(listed + [p.slug for p in unplaced]) == sorted(p.slug for p in projects)
