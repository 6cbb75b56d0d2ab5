"""Links to files that are not pages say what they lead to: "(PDF, 2,3 MB)".

German public sites name the format and size of every download, so that
readers on a slow or metered connection know what a click costs. This is
done on the rendered HTML, so it holds for every link to a file of
content/, wherever it was written: Markdown, `downloads` of a profile,
`links` lists, a customised template.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Mapping
from urllib.parse import unquote

# A link whose address ends in a file name with an extension other than .html.
_FILE_LINK = re.compile(
    r'(<a\s[^>]*?href="(?![a-z][a-z0-9+.-]*:|//)([^"#?]*\.(?!html")[A-Za-z0-9]{1,5})'
    r'(?:[?#][^"]*)?"[^>]*>)(.*?)</a>',
    re.S,
)


def size_label(size: int) -> str:
    """A file size in German notation: '820 Byte', '4,5 kB', '230 kB', '2,3 MB', '12 MB'."""
    if size < 1000:
        return f"{size} Byte"
    for unit, factor in (("kB", 1e3), ("MB", 1e6), ("GB", 1e9)):
        value = size / factor
        if value < 1000 or unit == "GB":
            text = f"{value:.1f}" if value < 10 else f"{value:.0f}"
            return f"{text.removesuffix('.0').replace('.', ',')} {unit}"
    raise AssertionError("unreachable")  # pragma: no cover


def file_label(path: str, size: int) -> str:
    """'(PDF, 2,3 MB)' for a file at `path` of `size` bytes."""
    kind = posixpath.splitext(path)[1].lstrip(".").upper()
    return f"({kind}, {size_label(size)})"


def label_file_links(html: str, page: str, sizes: Mapping[str, int]) -> str:
    """`html` of the page at output path `page` with every link to one of the files
    in `sizes` (output path → bytes) followed, inside the link, by its format and size.

    What `_FILE_LINK.sub` makes, trying the pattern only where it can match
    (`_link_starts`): everywhere, it costs 12 ms per MB of lists of projects."""
    pieces = []
    done = 0
    for start in sorted(set(_link_starts(html))):
        found = _FILE_LINK.match(html, start) if start >= done else None
        if found is not None:
            pieces += [html[done:start], labelled(found, page, sizes)]
            done = found.end()
    return "".join([*pieces, html[done:]])


def labelled(link: re.Match[str], page: str, sizes: Mapping[str, int]) -> str:
    """A match of `_FILE_LINK` on the page at `page`, with its file's format and size."""
    opening, href, text = link.groups()
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(href)))
    size = sizes.get(target)
    if size is None or file_label(target, size).split(",")[0] + "," in text:
        return link.group()  # the text names the format already: "(MP4, 1 kB, …)"
    return f'{opening}{text} <span class="file-info">{file_label(target, size)}</span></a>'


def links_files(html: str) -> bool:
    """Whether `_FILE_LINK` matches anywhere in the page (checked first, on every page)."""
    return any(_FILE_LINK.match(html, start) for start in _link_starts(html))


def _link_starts(html: str) -> Iterator[int]:
    """Every place where `_FILE_LINK` can match (some more than once).

    Trying it at every link costs 5 ms per MB of lists of projects, whose links
    all end in .html. So the ends of file addresses (`.pdf"`) are found first;
    for each, its `href="` (the last before it: an address holds no quote) and
    every `<a ` between the tag's start and that `href` are where a match can
    start (no `>` comes between them in a match).
    """
    for end in _FILE_END.finditer(html):
        href = html.rfind('href="', 0, end.start())
        if href >= 0:
            tag = html.rfind(">", 0, href) + 1
            yield from (a.start() for a in _A_START.finditer(html, tag, href))


_FILE_END = re.compile(r'\.(?!html")[A-Za-z0-9]{1,5}(?:[?#][^"]*)?"')
_A_START = re.compile(r"<a\s")
