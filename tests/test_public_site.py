"""The published site as readers meet it, checked in Debian's Chromium.

Both the repository's handbook and the catalogue fixture are built with search
and served from a sub-path on a local HTTP server. Every page is checked with
axe-core for the WCAG 2.0/2.1 A and AA rules and for reflow at 320 px; search,
filters, keyboard use and the site without JavaScript are tried like a reader
would. The `page` fixture fails a test whose page asks another host for anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import REPOSITORY, SITES, read_tree, run_build, served
from playwright.sync_api import Browser, Page, expect
from sitecheck import parse, resolve

AXE = Path(__file__).parent / "browser/node_modules/axe-core/axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


class Online:
    """A built site served from http://127.0.0.1:<port>/handbuch/."""

    def __init__(self, name: str, url: str, folder: Path) -> None:
        self.name = name
        self.url = url
        self.folder = folder
        self.files = read_tree(folder)

    @property
    def pages(self) -> list[str]:
        return sorted(p for p in self.files if p.endswith(".html") and not p.startswith("pagefind"))


@pytest.fixture(scope="module", params=["repository", "catalogue"])
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Online]:
    root = tmp_path_factory.mktemp("public")
    source = REPOSITORY if request.param == "repository" else SITES / "catalogue"
    result = run_build(CliRunner(), source, "--output", str(root / "handbuch"))
    assert result.exit_code == 0, result.output
    with served(root) as url:
        yield Online(request.param, url + "handbuch/", root / "handbuch")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe's WCAG AA findings on the open page (see `with_axe`)."""
    options = {"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]}
    result = page.evaluate("options => axe.run(document, options)", options)
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]


def with_axe(page: Page) -> Page:
    """Load axe into every page the tab opens from now on: once per tab is
    cheaper than sending half a megabyte of script after each page load."""
    page.context.add_init_script(path=str(AXE))
    return page


def one_of_each_kind(paths: list[str]) -> set[str]:
    """The first page of each kind (section and depth: a project, a district, a list…)."""
    kinds: dict[tuple[str, int], str] = {}
    for path in paths:
        parts = path.split("/")
        kinds.setdefault((parts[0] if len(parts) > 1 else path, len(parts)), path)
    return set(kinds.values())


def overflow(page: Page) -> int:
    """How many pixels the open page is wider than the window."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def check_widths(page: Page, url: str, paths: list[str], axe: dict[int, set[str]]) -> dict:
    """Each page loaded once and looked at in every width of `axe` (the window is
    resized, the page re-laid out): the pages that scroll sideways, and axe's
    findings on the pages `axe` names for that width."""
    problems = {}
    for path in paths:
        page.goto(url + path)
        for width, checked in axe.items():
            page.set_viewport_size({"width": width, "height": 800})
            found = axe_violations(page) if path in checked else []
            if found or overflow(page) > 0:
                problems[f"{path} @ {width}px"] = {"axe": found, "overflow": overflow(page)}
    return problems


def test_every_page_passes_axe_and_reflows_at_320_px(site: Online, page: Page) -> None:
    """axe at 1280 px on every page of the catalogue fixture and on one page of
    each kind of the repository's growing handbook (same templates, changing
    content); at 320 px (WCAG 1.4.10) no page may scroll sideways, and axe
    checks one page of each kind, since pages of one kind share their layout."""
    narrow = one_of_each_kind(site.pages)
    wide = set(site.pages) if site.name == "catalogue" else narrow
    assert len(narrow) >= 8
    assert check_widths(with_axe(page), site.url, site.pages, {1280: wide, 320: narrow}) == {}


def test_pages_have_one_h1_german_language_and_unique_titles(site: Online, page: Page) -> None:
    titles: dict[str, str] = {}
    for path in site.pages:
        html = site.files[path].decode()
        assert '<html lang="de">' in html, path
        assert html.count("<h1") == 1, path
        title = re.search(r"<title>(.*?)</title>", html, re.S)
        assert title, path
        assert title.group(1) not in titles, (path, titles.get(title.group(1)))
        titles[title.group(1)] = path
        assert 'name="description"' in html, path


def test_skip_link_comes_first_and_focus_is_visible(site: Online, page: Page) -> None:
    page.goto(site.url + "projekte/index.html")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Zum Inhalt springen")
    expect(focused).to_be_visible()
    outline = focused.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhalt"


def test_project_pages_are_light_and_need_no_javascript(site: Online) -> None:
    css = len(site.files["static/style.css"])
    for path in site.pages:
        if path.startswith("projekte/") and path.count("/") == 2:
            html = site.files[path]
            assert len(html) + css <= 50_000, path
            assert b"<script" not in html, path


def test_footer_links_reach_the_legal_pages_from_every_page(site: Online) -> None:
    legal = {"impressum/", "datenschutz/", "barrierefreiheit/", "gebaerdensprache/"}
    for path in site.pages:
        footer = parse(site.files[path].decode().split('class="site-footer"')[1])
        targets = {(resolve(path, href, "/handbuch/") or ("", ""))[0] for href in footer.links}
        assert {f"{target}index.html" for target in legal} <= targets, path
    home = site.files["index.html"].decode()
    assert 'href="gebaerdensprache/index.html">Gebärdensprache</a>' in home


def search_for(page: Page, site: Online, term: str) -> None:
    page.goto(site.url + "suche/index.html")
    expect(page.locator("#suchformular")).to_be_visible()
    page.fill("#suchbegriff", term)
    page.keyboard.press("Enter")


def result_titles(page: Page) -> list[str]:
    return sorted(page.locator("#suchtreffer li h2").all_inner_texts())


def test_search_finds_and_filters_projects(page: Page, tmp_path: Path) -> None:
    result = run_build(CliRunner(), SITES / "catalogue", "--output", str(tmp_path / "handbuch"))
    assert result.exit_code == 0, result.output
    with served(tmp_path) as url:
        site = Online("catalogue", url + "handbuch/", tmp_path / "handbuch")
        search_for(page, site, "Treffpunkt")
        expect(page.locator("#suchstatus")).to_contain_text("Treffer für „Treffpunkt“")
        assert result_titles(page) == ["Nordstadt-Treff Dortmund", "Nordstadt-Treff Hagen"]
        assert page.evaluate("location.hash") == "#suche=Treffpunkt"  # never sent to a server
        page.reload()
        expect(page.locator("#suchbegriff")).to_have_value("Treffpunkt")
        expect(page.locator("#suchstatus")).to_contain_text("Treffer für „Treffpunkt“")

        page.fill("#suchbegriff", "")
        page.get_by_label("Preis Soziale Stadt 2000").check()
        expect(page.locator("#suchstatus")).to_have_text(
            "1 Treffer mit Filter Preis Soziale Stadt 2000."
        )
        assert result_titles(page) == ["Äpfel für alle"]
        page.locator("#suchtreffer a").first.click()
        expect(page.locator("h1")).to_have_text("Äpfel für alle")


def test_search_works_by_keyboard_alone(site: Online, page: Page) -> None:
    page.goto(site.url + "suche/index.html")
    expect(page.locator("#suchformular")).to_be_visible()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "suchbegriff":
            break
    else:
        pytest.fail("the search field cannot be reached with Tab")
    page.keyboard.type("Nordstadt")
    page.keyboard.press("Enter")
    expect(page.locator("#suchstatus")).to_contain_text("Treffer")
    page.keyboard.press("Tab")  # the button
    page.keyboard.press("Tab")  # the first filter
    assert page.evaluate("document.activeElement.type") == "checkbox"
    page.keyboard.press("Space")
    expect(page.locator("#suchstatus")).to_contain_text("mit Filter")


def test_without_javascript_search_explains_itself(browser: Browser, site: Online) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site.url + "suche/index.html")
        expect(page.locator("#suche-ohne-skript")).to_be_visible()
        expect(page.locator("#suchformular")).to_be_hidden()
        page.get_by_role("link", name="Alle Projekte von A bis Z").click()
        expect(page.locator("h1")).to_have_text(re.compile("Projekte"))
    finally:
        context.close()


def test_404_page_looks_right_at_any_depth(site: Online, page: Page) -> None:
    response = page.goto(site.url + "gibt/es/hier/nicht/")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Seite nicht gefunden")
    header = page.locator(".site-header").evaluate("e => getComputedStyle(e).backgroundColor")
    assert header == "rgb(0, 63, 95)"  # the stylesheet is inline, so it applies here too
