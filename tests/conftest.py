"""Shared fixtures: scratch sites written from strings, the CLI runner, fixture sites."""

from __future__ import annotations

import contextlib
import functools
import os
import random
import shutil
import textwrap
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings
from playwright.sync_api import Browser, Page, Route, sync_playwright

from ssg.cli import main

SITES = Path(__file__).parent / "sites"
REPOSITORY = Path(__file__).parent.parent

MakeSite = Callable[..., Path]

# One seed for every random test of a run (fault, fuzz and preview tests), new each
# run and shown in pytest's header; SSG_TEST_SEED=<seed> replays a run.
TEST_SEED = int(os.environ.get("SSG_TEST_SEED") or random.randrange(2**32))
os.environ["SSG_TEST_SEED"] = str(TEST_SEED)  # the same in every worker process of pytest


# Builds of the fixture sites and of the repository leave no build cache in them (a
# test would otherwise build on what another one left); tests/test_cache.py turns it on.
os.environ["SSG_NO_CACHE"] = "1"


# Property tests are judged by their results, never by how long an example took: on a
# busy machine a garbage collection can outlast Hypothesis' deadline of 200 ms, which
# would fail a run by timing. A failing example is printed with the blob that replays it.
settings.register_profile("ssg", deadline=None, print_blob=True)
settings.load_profile("ssg")


def pytest_report_header() -> str:
    return f"random tests: SSG_TEST_SEED={TEST_SEED} replays this run"


# The modules with the longest tests run first, so that the two worker processes
# are not left waiting for one of them at the end of the run.
LONG_FIRST = [
    "test_faults.py",
    "test_public_site.py",
    "test_fuzz.py",
    "test_html_valid.py",
    "test_bench.py",
    "test_incremental.py",
    "test_markdown.py",
    "test_schema.py",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return LONG_FIRST.index(name) if name in LONG_FIRST else len(LONG_FIRST)

    items.sort(key=rank)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def make_site(tmp_path: Path) -> MakeSite:
    """Copy a fixture site (default: minimal) into tmp_path and overlay files.

    `files` maps a relative path to its text (dedented) or to None to delete it.
    """

    def make(files: dict[str, str | bytes | None] | None = None, base: str = "minimal") -> Path:
        root = tmp_path / "handbuch"
        shutil.copytree(SITES / base, root)
        for relative, text in (files or {}).items():
            target = root / relative
            if text is None:
                target.unlink()
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                target.write_bytes(text)
            else:
                target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return root

    return make


def run_build(runner: CliRunner, source: Path, *args: str) -> Result:
    """`ssg build --source SOURCE ARGS…` through click's runner."""
    return runner.invoke(main, ["build", "--source", str(source), *args])


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` by relative path, to compare whole outputs."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """Serve `folder` over HTTP on 127.0.0.1; yields the base URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files like a static host: quietly, and with the site's own 404 page."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        first = self.path.lstrip("/").split("/", 1)[0]
        for candidate in (
            Path(self.directory, first, "404.html"),
            Path(self.directory, "404.html"),
        ):
            if code == 404 and candidate.is_file():
                body = candidate.read_bytes()
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
        super().send_error(code, message, explain)


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, driven by Playwright (never a downloaded browser)."""
    assert CHROMIUM.is_file(), "make test installs Debian's chromium"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser tab that fails the test if the site asks any other host for anything."""
    context = browser.new_context()
    foreign: list[str] = []

    def guard(route: Route) -> None:
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith("file://") or host == "127.0.0.1":
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    tab = context.new_page()
    yield tab
    context.close()
    assert foreign == [], f"requests to other hosts: {foreign}"
