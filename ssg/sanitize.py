"""What HTML a Markdown text may produce: safe markup only, never script.

Markdown may contain raw HTML. Editors need a little of it for what Markdown
cannot say (`<abbr title="…">`, `<span lang="en">`, `<br>`, `<sup>`), but
pasted HTML can also carry script, event handlers, styles, frames or forms.
So raw HTML is limited to the formatting elements below, without links or
images (those are written in Markdown, where ssg checks and rewrites them);
anything else is an error naming file and line. Link addresses anywhere may
only use http(s), mailto and tel. Texts that contain raw HTML are then passed
through nh3 (the Rust sanitizer ammonia) with the same lists, so that markup
our check might read differently from a browser still cannot reach a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

from ssg.errors import Severity

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

# Raw HTML editors may write: formatting, lists, tables, definitions, details.
RAW_TAGS = frozenset(
    {"abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "dd", "del"}
    | {"details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "hr", "i", "ins"}
    | {"kbd", "li", "mark", "ol", "p", "q", "s", "samp", "small", "span", "strong", "sub"}
    | {"summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u"}
    | {"ul", "var", "wbr"}
)
RAW_ATTRIBUTES = {
    "*": {"lang", "title", "dir"},
    "time": {"datetime"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start", "reversed"},
    "details": {"open"},
}

# What Python-Markdown and its extensions make, on top of the raw HTML above.
MARKDOWN_TAGS = frozenset({"a", "img", "h1", "h2", "h3", "h4", "h5", "h6", "pre"})
MARKDOWN_ATTRIBUTES = {
    "*": {"id", "class", "lang", "title", "dir"},
    "a": {"href", "rel"},
    "img": {"src", "alt"},
    "th": {"style", "scope", "colspan", "rowspan"},
    "td": {"style", "colspan", "rowspan"},
    "ol": {"start"},
}
_ALIGNMENT = re.compile(r"text-align: ?(left|right|center);?")
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "cite", "poster", "data"})
_HIDDEN = re.compile(r"[\x00-\x20]+")

RAW_HINT = (
    'Erlaubt ist nur einfaches HTML wie <abbr>, <span lang="en">, <br>, <sup> oder '
    "<table>; Links und Bilder schreiben Sie in Markdown: [Text](Adresse), "
    "![Beschreibung](bild.png). Skripte, Formulare, Frames und style-Angaben sind "
    "nicht erlaubt."
)
SCHEME_HINT = (
    "Links führen zu Seiten des Handbuchs oder zu Adressen mit https://, http://, "
    "mailto: oder tel:. javascript:- und data:-Adressen können Schadcode enthalten."
)


@dataclass(frozen=True)
class Refused:
    """Markup that is refused (or, as a warning, questioned): what to search for in the
    source (to report its line), and why."""

    needle: str
    message: str
    hint: str
    severity: Severity = "error"
    at: int | None = None  # where in the text, when the needle may stand earlier too


def unsafe_scheme(url: str) -> str | None:
    """The scheme of `url` if it is not a safe one (`javascript`, `data`, …); else None.

    Browsers ignore control characters and blanks inside a scheme, so they are
    removed before looking, as are letter cases.
    """
    compact = _HIDDEN.sub("", url).lower()
    scheme, colon, _rest = compact.partition(":")
    if not colon or any(mark in scheme for mark in "/?#"):
        return None  # a relative address, or a colon later in the path
    return None if scheme in SAFE_SCHEMES else scheme


def markdown_attribute_problem(tag: str, name: str, value: str) -> Refused | None:
    """Whether an attribute of an element made from Markdown (or set with `{: …}`) is safe."""
    allowed = MARKDOWN_ATTRIBUTES["*"] | MARKDOWN_ATTRIBUTES.get(tag, set())
    if name in _URL_ATTRIBUTES and (scheme := unsafe_scheme(value)):
        return Refused(value, f"Die Adresse '{value}' ist nicht erlaubt ({scheme}:)", SCHEME_HINT)
    if name not in allowed or (name == "style" and not _ALIGNMENT.fullmatch(value)):
        return Refused(name, f"Das Attribut '{name}' an <{tag}> ist nicht erlaubt", RAW_HINT)
    return None


def raw_html_problems(chunk: str) -> list[Refused]:
    """Everything in a piece of raw HTML that is not on the lists above."""
    checker = _RawHtmlCheck()
    checker.feed(chunk)
    checker.close()
    return checker.found


class _RawHtmlCheck(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Refused] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        needle = self.get_starttag_text() or f"<{tag}"
        if tag not in RAW_TAGS:
            message = f"Das HTML-Element <{tag}> ist im Text nicht erlaubt"
            self.found.append(Refused(needle, message, RAW_HINT))
            return
        allowed = RAW_ATTRIBUTES["*"] | RAW_ATTRIBUTES.get(tag, set())  # none takes an address
        for name, _value in attrs:
            if name not in allowed:
                message = f"Das Attribut '{name}' an <{tag}> ist nicht erlaubt"
                self.found.append(Refused(needle, message, RAW_HINT))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def _merged(*lists: dict[str, set[str]]) -> dict[str, set[str]]:
    merged: dict[str, set[str]] = {}
    for attributes in lists:
        for tag, names in attributes.items():
            merged.setdefault(tag, set()).update(names)
    return merged


_CLEANER = nh3.Cleaner(
    tags=set(RAW_TAGS | MARKDOWN_TAGS),
    attributes=_merged(RAW_ATTRIBUTES, MARKDOWN_ATTRIBUTES),
    url_schemes=set(SAFE_SCHEMES),
    link_rel=None,  # ssg sets rel="noopener" on external links itself
    strip_comments=True,
    filter_style_properties={"text-align"},
)


def sanitized(html: str) -> str:
    """`html` with everything removed that is not on the lists above."""
    return _CLEANER.clean(html)
