"""Read built HTML like a crawler would: links, anchors and text of each page."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit


class PageParser(HTMLParser):
    """Collects hrefs/srcs, element ids and visible text of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.duplicate_ids: list[str] = []
        self.h1_count = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("href", "src"):
            if values.get(name) is not None:
                self.links.append(values[name] or "")
        identifier = values.get("id")
        if identifier:
            if identifier in self.ids:
                self.duplicate_ids.append(identifier)
            self.ids.add(identifier)
        if tag == "h1":
            self.h1_count += 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    return parser


def resolve(page_path: str, href: str, root: str = "/") -> tuple[str, str] | None:
    """The output path and fragment an internal href points to; None for external links.

    `root` is the site's path on its server, for root-relative links (the 404 page's).
    """
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return page_path, parts.fragment
    if parts.path.startswith(root) and root != "/":
        page_path, href = "index.html", href.removeprefix(root)
        parts = urlsplit(href)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), unquote(parts.path)))
    if href.endswith("/") or target == ".":
        target = posixpath.join(target, "index.html")
    return target.removeprefix("./"), parts.fragment


def broken_links(files: dict[str, bytes], root: str = "/") -> list[str]:
    """Every internal link or anchor in the HTML files that has no target."""
    pages = {path: parse(data.decode()) for path, data in files.items() if path.endswith(".html")}
    broken = []
    for path, page in pages.items():
        for href in page.links:
            found = resolve(path, href, root)
            if found is None:
                continue
            target, fragment = found
            if target.startswith("../") or target not in files:
                broken.append(f"{path}: {href}")
            elif fragment and target in pages and fragment not in pages[target].ids:
                broken.append(f"{path}: {href} (anchor)")
    return broken
