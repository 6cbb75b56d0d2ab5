"""Screenshots of the main pages at phone and desktop width (`make screenshots`).

Builds the repository's handbook and the profiles fixture (district and city
profiles, as the repository's seed has none yet), serves them on 127.0.0.1
and saves PNG files to the folder given as argument, for a person to look at
before a release.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner
from conftest import CHROMIUM, CHROMIUM_ARGS, REPOSITORY, SITES, run_build, served
from playwright.sync_api import sync_playwright

PAGES = {
    "startseite": "index.html",
    "handlungsfeld": "handlungsfelder/soziale-netze/index.html",
    "projekt": "projekte/arnsberger-senioren-netzwerk/index.html",
    "projekte": "projekte/index.html",
    "stadtteile": "stadtteile/index.html",
    "stadt": "stadtteile/dortmund/index.html",
    "stadtteil": "stadtteile/dortmund/nordstadt/index.html",
    "zielgruppe": "zielgruppen/aeltere-menschen/index.html",
    "suche": "suche/index.html",
    "leichte-sprache": "leichte-sprache/index.html",
    "barrierefreiheit": "barrierefreiheit/index.html",
    "404": "gibt/es/nicht/",
}
PROFILE_PAGES = {
    "profile-stadtteile": "stadtteile/index.html",
    "profile-stadt": "stadtteile/dortmund/index.html",
    "profile-stadtteil": "stadtteile/dortmund/nordstadt/index.html",
    "profile-zielgruppe": "zielgruppen/kinder-und-jugendliche/index.html",
}
HANDBOOKS = {"repository": (REPOSITORY, PAGES), "profiles": (SITES / "profiles", PROFILE_PAGES)}


def main(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        for name, (source, _pages) in HANDBOOKS.items():
            result = run_build(CliRunner(), source, "--output", f"{scratch}/{name}")
            if result.exit_code != 0:
                sys.exit(result.output)
        with served(Path(scratch)) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            for width in (375, 1280):
                page = browser.new_page(viewport={"width": width, "height": 900})
                shots = [
                    (name, f"{handbook}/{path}")
                    for handbook, (_source, pages) in HANDBOOKS.items()
                    for name, path in pages.items()
                ]
                for name, path in shots:
                    page.goto(url + path)
                    if name == "suche":
                        page.fill("#suchbegriff", "Senioren")
                        page.keyboard.press("Enter")
                        page.wait_for_selector("#suchtreffer li")
                    page.screenshot(path=target / f"{name}-{width}.png", full_page=True)
                page.close()
            browser.close()
    print(f"{(len(PAGES) + len(PROFILE_PAGES)) * 2} Screenshots in {target}/")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
