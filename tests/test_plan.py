"""Planning the site's files (ssg/plan.py) and assembling the site (ssg/site.py)."""

from __future__ import annotations

from pathlib import Path

from conftest import SITES, MakeSite

from ssg.build import BuildOptions, load
from ssg.incremental import Kept
from ssg.indexes import Site
from ssg.plan import plan_outputs
from ssg.sections import sign_language_video
from ssg.site import assemble_site
from ssg.sources import Copied, CopiedFile, copied_files, template_dirs


def assembled(source: Path, drafts: bool = False) -> Site:
    options = BuildOptions(source, source / "site", drafts=drafts, search=False)
    return assemble_site(load(options, Kept()), drafts).site


def test_every_project_city_district_award_and_page_gets_one_output() -> None:
    source = SITES / "catalogue"
    site = assembled(source)
    copied = copied_files(source, template_dirs(source))
    outputs, clashes = plan_outputs(site, copied, "body {}", {"projekte.json": b"{}"})
    paths = [output.path for output in outputs]
    assert clashes == [] and len(paths) == len(set(paths))
    for project in site.projects:
        assert project.path in paths
    assert "projekte/geheimes-projekt/index.html" not in paths  # a draft
    assert "stadtteile/essen/ueberruhr/index.html" in paths
    assert "stadtteile/hagen/nordstadt/index.html" in paths
    assert "preise/preis-soziale-stadt-2004/index.html" in paths
    assert "materialien/index.html" in paths  # the list of a folder of pages
    assert {"404.html", "sitemap.xml", "robots.txt", "projekte.json", "static/style.css"} <= set(
        paths
    )
    not_found = next(output for output in outputs if output.path == "404.html")
    assert not_found.context["inline_css"] == "body {}"


def test_planning_reads_no_file(tmp_path: Path) -> None:
    """Everything plan needs of files comes in: a copied file that is gone changes nothing."""
    site = assembled(SITES / "catalogue")
    gone = {
        "bild.png": CopiedFile("content/bild.png", tmp_path / "fehlt.png", (1, 2_300_000, 3, 4))
    }
    outputs, _clashes = plan_outputs(site, gone, "", {})
    copy = next(output for output in outputs if output.path == "bild.png")
    assert copy.context == {"copy": tmp_path / "fehlt.png", "stamp": (1, 2_300_000, 3, 4)}


def test_two_sources_for_one_address_are_reported_with_both_places(make_site: MakeSite) -> None:
    source = make_site({"content/projekte/nachbarschaftscafe.md": "---\ntitle: Café\n---\n"})
    _outputs, clashes = plan_outputs(assembled(source), {}, "", {})
    assert [(p.path, p.line, p.message) for p in clashes] == [
        (
            "data/projects.yaml",
            1,
            "Die Adresse /projekte/nachbarschaftscafe/ wird schon von "
            "content/projekte/nachbarschaftscafe.md:1 verwendet",
        )
    ]


def test_the_sign_language_video_shows_format_and_german_size(tmp_path: Path) -> None:
    def video(size: int) -> Copied:
        return {"dgs/film.webm": CopiedFile("content/dgs/film.webm", tmp_path, (0, size, 0, 0))}

    details = {"video": "dgs/film.webm", "duration": "3:45", "captions": "dgs/film.vtt"}
    big = sign_language_video(details, video(2_345_678))
    assert big == {
        "path": "dgs/film.webm",
        "type": "video/webm",
        "format": "WEBM",
        "size": "2,3 MB",
        "duration": "3:45",
        "captions": "",  # named, but not there
        "poster": "",
    }
    small = sign_language_video(details, video(2_000))
    assert small is not None and small["size"] == "2 kB"
    assert sign_language_video(details, {}) is None


def test_drafts_are_left_out_and_named(make_site: MakeSite) -> None:
    source = make_site(base="catalogue")
    options = BuildOptions(source, source / "site", search=False)
    published = assemble_site(load(options, Kept()), drafts=False)
    assert "projekte/geheimes-projekt/index.html" in published.drafts
    assert "handlungsfelder/entwurf/index.html" in published.drafts
    assert all(not project.draft for project in published.site.projects)
    preview = assemble_site(load(options, Kept()), drafts=True)
    assert preview.drafts == frozenset()
    assert any(project.draft for project in preview.site.projects)
