"""The Jinja side of rendering (ssg/templates.py): what a template reads, list entries,
dates, links, and template errors as German problems."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SITES

from ssg.build import BuildOptions, load
from ssg.entries import passes_links_through
from ssg.incremental import Kept
from ssg.indexes import Site
from ssg.model import Project
from ssg.paths import relative_href
from ssg.plan import Output, plan_outputs
from ssg.render import sitemap_pages
from ssg.site import assemble_site
from ssg.sources import template_dirs
from ssg.templates import german_date, make_environment, render_output, template_problem


@pytest.fixture(scope="module")
def site() -> Site:
    source = SITES / "catalogue"
    options = BuildOptions(source, source / "site", search=False)
    return assemble_site(load(options, Kept()), drafts=False).site


def planned(site: Site, path: str) -> tuple[Output, list[str]]:
    outputs, _clashes = plan_outputs(site, {}, "", {})
    return next(o for o in outputs if o.path == path), sitemap_pages(outputs)


def own_templates(tmp_path: Path, **templates: str) -> list[Path]:
    folder = tmp_path / "templates"
    folder.mkdir()
    for name, text in templates.items():
        (folder / f"{name}.html").write_text(text, encoding="utf-8")
    return [folder, *template_dirs(SITES / "catalogue")[-1:]]


def test_every_read_of_the_site_is_noted(site: Site, tmp_path: Path) -> None:
    dirs = own_templates(tmp_path, project="{{ site.projects|length }} {{ project.title }}")
    output, pages = planned(site, "projekte/zeche/index.html")
    text, reads = render_output(make_environment(dirs), site, output, pages)
    assert text == "6 Zechensiedlung"
    assert reads == {"site.projects"}


def test_the_default_templates_read_only_what_every_page_shows(site: Site) -> None:
    environment = make_environment(template_dirs(SITES / "catalogue"))
    output, pages = planned(site, "projekte/zeche/index.html")
    _text, reads = render_output(environment, site, output, pages)
    assert reads == {"site.settings", "site.footer_links", "site.show_drafts"}
    overview, pages = planned(site, "projekte/index.html")
    _text, reads = render_output(environment, site, overview, pages)
    assert "site.projects" in reads
    sitemap, pages = planned(site, "sitemap.xml")
    _text, reads = render_output(environment, site, sitemap, pages)
    assert "sitemap" in reads


def test_reads_in_macros_and_includes_are_noted(site: Site, tmp_path: Path) -> None:
    dirs = own_templates(
        tmp_path,
        project='{% include "teil.html" %}',
        teil="{% for city in site.cities %}{{ city.name }} {% endfor %}",
    )
    output, pages = planned(site, "projekte/zeche/index.html")
    text, reads = render_output(make_environment(dirs), site, output, pages)
    assert text == "Dortmund Essen Hagen "
    assert reads == {"site.cities"}


def test_an_unknown_field_is_a_german_problem_at_its_template_line(
    site: Site, tmp_path: Path
) -> None:
    dirs = own_templates(tmp_path, project="Zeile eins\n{{ site.gibt_es_nicht.x }}")
    output, pages = planned(site, "projekte/zeche/index.html")
    with pytest.raises(Exception) as raised:
        render_output(make_environment(dirs), site, output, pages)
    problem = template_problem(raised.value, output, dirs)
    assert (problem.path, problem.line) == ("templates/project.html", 2)
    assert problem.message == "Fehler in der Vorlage: 'Site' hat kein Feld 'gibt_es_nicht'"
    assert problem.hint == "Beim Erzeugen von /projekte/zeche/."


SYNTAX_MISTAKES = {
    "{% block content %}\n<p>Text</p>": (
        2,
        "Die Vorlage endet, bevor alle Blöcke geschlossen sind. Es fehlt 'endblock'. "
        "Als Nächstes zu schließen ist der Block 'block'.",
    ),
    "{% block content %}\n{% for p in site.projects %}\n{% endblock %}": (
        3,
        "Unbekanntes Tag 'endblock'. Vermutlich sind Blöcke falsch verschachtelt: Zuerst "
        "fehlt 'endfor' oder 'else'. Als Nächstes zu schließen ist der Block 'for'.",
    ),
    "<h1>{{ project.title }</h1>": (1, "Unerwartetes '}'"),
    "<h1>{{ project.title": (1, "Die Vorlage endet, wo '}}' stehen müsste."),
    "{% for p in %}{% endfor %}": (1, "Hier fehlt ein Name oder Wert; dort steht '%}'"),
    "{% schleife %}": (1, "Unbekanntes Tag 'schleife'."),
    "{{ project.title string }}": (1, "Erwartet wird '}}', dort steht 'string'"),
    '{{ project.title "string" }}': (
        1,
        "Erwartet wird '}}', dort steht 'Text in Anführungszeichen'",
    ),
    "{{ (1 2) }}": (1, "Erwartet wird ')', dort steht 'Zahl'"),
    "{% if project name %}{% endif %}": (1, "Erwartet wird '%}', dort steht 'name'"),
}


@pytest.mark.parametrize("template", SYNTAX_MISTAKES)
def test_a_syntax_mistake_is_told_in_german_at_its_line(
    site: Site, tmp_path: Path, template: str
) -> None:
    """Jinja's English messages are said again in German; the tags it names are the
    characters written in the template."""
    dirs = own_templates(tmp_path, project=template)
    output, pages = planned(site, "projekte/zeche/index.html")
    with pytest.raises(Exception) as raised:
        render_output(make_environment(dirs), site, output, pages)
    problem = template_problem(raised.value, output, dirs)
    line, message = SYNTAX_MISTAKES[template]
    assert (problem.path, problem.line) == ("templates/project.html", line)
    assert problem.message == f"Fehler in der Vorlage: {message}"


def test_dates_and_links_as_german_readers_and_sub_paths_need_them() -> None:
    assert german_date("2026-03-01") == "1. März 2026"
    assert relative_href("projekte/a/index.html", "preise/b/index.html") == (
        "../../preise/b/index.html"
    )
    assert relative_href("index.html", "projekte/index.html#liste") == "projekte/index.html#liste"
    assert relative_href("projekte/a/index.html", "#oben") == "index.html#oben"


def test_a_template_changed_in_place_is_compiled_anew(site: Site, tmp_path: Path) -> None:
    """Compiled templates are kept for the process, by file and source checksum."""
    output, pages = planned(site, "projekte/zeche/index.html")
    dirs = own_templates(tmp_path, project="Erste Fassung: {{ project.title }}")
    first, _reads = render_output(make_environment(dirs), site, output, pages)
    (dirs[0] / "project.html").write_text("Zweite Fassung: {{ project.title }}", encoding="utf-8")
    second, _reads = render_output(make_environment(dirs), site, output, pages)
    again, _reads = render_output(make_environment(dirs), site, output, pages)
    assert (first, second, again) == (
        "Erste Fassung: Zechensiedlung",
        "Zweite Fassung: Zechensiedlung",
        "Zweite Fassung: Zechensiedlung",
    )


ENTRY_TEMPLATES = {
    "plain": '<a href="{{ href(project.path) }}">{{ project.title }}</a>',
    "via a macro": '{% import "teile.html" as t %}{{ t.link(project, href) }}',
    "filtered": '<a href="{{ href(project.path)|replace("index.html", "") }}">x</a>',
    "kept in a variable": '{% set to = href(project.path) %}<a href="{{ to[:-10] }}">x</a>',
    "captured": '{% set to %}{{ href(project.path) }}{% endset %}<a href="{{ to|trim }}">x</a>',
    "macro output filtered": '{% import "teile.html" as t %}{{ t.link(project, href)|upper }}',
}


@pytest.mark.parametrize("name", ENTRY_TEMPLATES)
def test_list_entries_are_the_same_whether_rendered_once_or_for_each_page(
    site: Site, tmp_path: Path, name: str
) -> None:
    """An entry rendered once with stand-ins for its links must equal one rendered for
    the page; templates that do more with a link than print it are rendered per page."""
    dirs = own_templates(
        tmp_path,
        _project_item=ENTRY_TEMPLATES[name],
        teile='{% macro link(project, href) %}<a href="{{ href(project.path) }}">x</a>'
        "{% endmacro %}",
    )
    environment = make_environment(dirs)
    once = passes_links_through(environment, "_project_item.html")
    assert once == (name in ("plain", "via a macro"))
    for path in ("projekte/index.html", "stadtteile/dortmund/index.html", "preise/index.html"):
        output, pages = planned(site, path)
        text, _reads = render_output(environment, site, output, pages)
        expected, _reads = render_output(make_environment(dirs), site, output, pages)
        assert text == expected
        project = site.projects[0]
        link = relative_href(path, project.path)
        if name == "filtered":
            link = link.removesuffix("index.html")
        if name in ("plain", "filtered", "via a macro") and project in _listed(site, path):
            assert f'href="{link}"' in text


LOOP = """<ul class="project-list">
{% for project in projects %}
{{ project_item(project, level) }}
{%- endfor %}
</ul>"""


def test_a_list_of_entries_equals_a_loop_over_them(site: Site, tmp_path: Path) -> None:
    """`project_items` (the default list) writes what a customised `_macros.html` that
    still loops over `project_item` writes, to the byte, on every page."""
    default = template_dirs(SITES / "catalogue")[-1] / "_macros.html"
    macros = default.read_text(encoding="utf-8")
    start = macros.index('<ul class="project-list">')
    end = macros.index("</ul>", start) + len("</ul>")
    assert "project_items(projects, level)" in macros[start:end]
    dirs = own_templates(tmp_path, _macros=macros[:start] + LOOP + macros[end:])
    looping, listing = make_environment(dirs), make_environment(dirs[1:])
    outputs, _clashes = plan_outputs(site, {}, "", {})
    pages = sitemap_pages(outputs)
    with_lists = 0
    for output in outputs:
        if output.template.endswith(".html"):
            looped, _reads = render_output(looping, site, output, pages)
            listed, _reads = render_output(listing, site, output, pages)
            assert listed == looped, output.path
            with_lists += '<ul class="project-list">\n  <li>' in listed
    assert with_lists >= 5


def test_an_empty_list_reads_no_entry_template(site: Site, tmp_path: Path) -> None:
    """As a loop over no projects, `project_items([])` never loads the entry template:
    a broken one is reported only where a list has entries."""
    dirs = own_templates(
        tmp_path,
        project="[{{ project_items([]) }}]",
        _project_item="{% if %}",
    )
    output, pages = planned(site, "projekte/zeche/index.html")
    text, _reads = render_output(make_environment(dirs), site, output, pages)
    assert text == "[]"


def _listed(site: Site, path: str) -> list[Project]:
    if path == "projekte/index.html":
        return site.projects
    return [p for p in site.projects if p.city_path == path]
