"""The map and the profile pages in Debian's Chromium, at 320 and 1280 px.

The profiles fixture is served from a sub-path; every marker must be a link
that the keyboard reaches in the order of the list beside the map, nothing
may scroll sideways, axe finds no WCAG 2.1 AA violation, and the `page`
fixture fails the test if anything is asked of another host (no tiles).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from conftest import SITES, run_build, served
from playwright.sync_api import Page
from test_public_site import check_widths, with_axe

PAGES = [
    "stadtteile/index.html",
    "stadtteile/dortmund/index.html",
    "stadtteile/dortmund/nordstadt/index.html",
    "stadtteile/dortmund/hafen/index.html",
    "zielgruppen/index.html",
    "zielgruppen/kinder-und-jugendliche/index.html",
    "projekte/nachbarschaftscafe/index.html",
]


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("map")
    output = str(root / "handbuch")
    result = run_build(CliRunner(), SITES / "profiles", "--strict", "--output", output)
    assert result.exit_code == 0, result.output
    with served(root) as base:
        yield base + "handbuch/"


def test_profile_pages_pass_axe_and_fit_the_window(url: str, page: Page) -> None:
    every = set(PAGES)
    assert check_widths(with_axe(page), url, PAGES, {320: every, 1280: every}) == {}


@pytest.mark.parametrize("width", [320, 1280])
def test_every_marker_is_reached_by_keyboard_in_list_order(
    url: str, page: Page, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(url + "stadtteile/index.html")
    markers = page.locator("#karte a")
    expected = [markers.nth(i).get_attribute("href") for i in range(markers.count())]
    assert expected == [
        "dortmund/index.html",
        "dortmund/hafen/index.html",
        "dortmund/nordstadt/index.html",
    ]
    focused = []
    for _ in range(60):
        page.keyboard.press("Tab")
        inside = page.evaluate("document.activeElement.closest('#karte') !== null")
        if inside:
            focused.append(page.evaluate("document.activeElement.getAttribute('href')"))
        elif focused:
            break
    assert focused == expected
    # Each marker is visible in the window's width and has a name for screen readers.
    for index in range(markers.count()):
        box = markers.nth(index).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
        assert markers.nth(index).get_attribute("aria-label")
    # The list order the markers follow: cities, then their districts.
    listed = page.locator("main section a").evaluate_all("links => links.map(a => a.href)")
    hrefs = [re.sub(r".*/handbuch/stadtteile/", "", href) for href in listed]
    assert [h for h in hrefs if h in expected] == expected


def test_a_marker_leads_to_its_page(url: str, page: Page) -> None:
    """On the city's map, which is close enough for neighbouring districts to be apart."""
    page.goto(url + "stadtteile/dortmund/index.html")
    page.locator('#karte a[href="hafen/index.html"]').click()
    assert page.locator("h1").inner_text().startswith("Hafen")
    assert "Abgeschlossen, 2000–2014" in page.locator("main").inner_text()


def test_the_map_prints(url: str, page: Page) -> None:
    page.goto(url + "stadtteile/index.html")
    page.emulate_media(media="print")
    assert page.locator("#karte").is_visible()
    assert page.locator(".map-legend").is_visible()
