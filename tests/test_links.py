"""Links work from a sub-path on a real HTTP server and when the files are opened from disk."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from click.testing import CliRunner
from conftest import REPOSITORY, SITES, read_tree, run_build, served
from sitecheck import broken_links, parse, resolve


@pytest.fixture(params=["catalogue", "repository"])
def site_online(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The site built into <root>/handbuch/ and served from http://127.0.0.1:<port>/."""
    source = REPOSITORY if request.param == "repository" else SITES / request.param
    result = run_build(CliRunner(), source, "--output", str(tmp_path / "handbuch"))
    assert result.exit_code == 0, result.output
    with served(tmp_path) as root:
        yield root + "handbuch/", tmp_path / "handbuch"


def test_every_page_is_reachable_from_home_under_a_sub_path(site_online: tuple[str, Path]) -> None:
    start, folder = site_online
    seen: set[str] = set()
    queue = [start]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200, url
            body = response.read()
        if url.endswith(("/", ".html")):
            for href in parse(body.decode()).links:
                target = urljoin(url, href).split("#")[0]
                if target.startswith(start):
                    queue.append(target)
                else:
                    assert urlsplit(target).scheme in ("http", "https", "mailto"), href
                    assert not target.startswith(start.removesuffix("handbuch/")), href
    pages = {p for p in read_tree(folder) if p.endswith(".html") and p != "404.html"}
    reached = {urlsplit(url).path.removeprefix("/handbuch/") for url in seen}
    reached = {p + "index.html" if p.endswith("/") or not p else p for p in reached}
    assert pages <= reached


def test_links_work_from_disk(site_online: tuple[str, Path]) -> None:
    _start, folder = site_online
    files = read_tree(folder)
    assert broken_links(files, root="/handbuch/") == []
    for path, data in files.items():
        if path.endswith(".html") and path != "404.html":  # hosts serve it at any depth
            for href in parse(data.decode()).links:
                if resolve(path, href) is not None and urlsplit(href).path:
                    # file:// shows a folder listing for "x/": links name the file.
                    assert not href.split("#")[0].endswith("/"), (path, href)
                    assert not href.startswith("/"), (path, href)
