"""Project list entries: each rendered once, its links filled in for every page.

A project is listed on up to a dozen pages (all projects, its city, district,
action fields, awards, target groups), and `_project_item.html` sees only the
project, the heading level and `href`. When that template (and every macro it
can call) puts what `href` returns straight into its output, an entry rendered
with numbered stand-ins for its links is the same entry for every page once
the stand-ins are replaced by that page's links. Whether a customised template
keeps to this is read from its syntax tree (`passes_links_through`); one that
does not is rendered for each page folder, as before.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any
from urllib.parse import urlsplit

import jinja2
from jinja2 import nodes
from markupsafe import Markup

from ssg.model import Project
from ssg.paths import NOT_FOUND, relative_href

ENTRY_TEMPLATE = "_project_item.html"
_STAND_IN = re.compile("\x1e([0-9]+)\x1e")
_ESCAPED = re.compile("[&<>\"']")  # what autoescaping would change in a link


def href_from(path: str, base_url: str) -> Callable[[str], str]:
    """Links from the page at `path`: relative, but root-relative on the 404 page,
    which hosts serve at any depth, where relative links would break."""
    if path == NOT_FOUND and base_url:
        return partial(_root_relative, urlsplit(base_url).path)
    return partial(relative_href, path)


def _root_relative(root: str, target: str) -> str:
    return root + target


class _Entries:
    """Rendered entries of one environment (its templates do not change); kept as an
    attribute of the environment, so that they go with it."""

    def __init__(self, environment: jinja2.Environment, kept: dict[Any, Any]) -> None:
        self.template = environment.get_template(ENTRY_TEMPLATE)
        self.with_stand_ins = passes_links_through(environment, ENTRY_TEMPLATE)
        # (slug, level) → (project, (text pieces, link targets)).
        self.rendered: dict[Any, Any] = dict(kept)
        # (level, the page's folder) → slug → (project, HTML): the preview renders the
        # list of all projects again after every edit, and finds all but one entry here.
        # Kept only for the preview (`keep_entry_html`): in one build no entry is looked
        # up twice in a folder (none of 23,384 at catalogue-5000), and together they
        # are as large as the lists (100 MB less at catalogue-50000 without them).
        self.html: dict[tuple[int, str], dict[str, tuple[Project, str]]] = {}
        self.keeps_html = getattr(environment, _KEEPS_HTML, False)
        self.fresh: list[tuple[str, int]] = []  # entries with stand-ins, since drained

    def entries(
        self, projects: list[Project], level: int, href: Callable[[str], str], folder: str
    ) -> str:
        """The entries of `projects` one after the other, as pages in `folder` show them."""
        known = self.html.setdefault((level, folder), {}) if self.keeps_html else {}
        found = []
        for project in projects:
            cached = known.get(project.slug)
            if cached is not None and cached[0] is project:
                found.append(cached[1])
            else:
                found.append(self._entry(project, level, href, known))
        return "".join(found)

    def _entry(
        self,
        project: Project,
        level: int,
        href: Callable[[str], str],
        known: dict[str, tuple[Project, str]],
    ) -> str:
        cached = known.get(project.slug)
        if cached is not None and _same(cached[0], project):
            known[project.slug] = (project, cached[1])  # next time `is` holds
            return cached[1]
        html = None
        pieces = self._pieces(project, level) if self.with_stand_ins else None
        if pieces is not None:
            links = [href(target) for target in pieces[1]]
            if not _ESCAPED.search("".join(links)):  # as printed, autoescaped
                filled = pieces[0][:]
                filled[1::2] = links  # the stand-ins, numbered in order (`_pieces`)
                html = "".join(filled)
        if html is None:
            html = self.template.render(project=project, level=level, href=href)
        known[project.slug] = (project, html)
        return html

    def _pieces(self, project: Project, level: int) -> tuple[list[str], list[str]] | None:
        """The entry split at its links, and each link's target; None if the project's
        own text holds something that looks like a stand-in."""
        key = (project.slug, level)
        cached = self.rendered.get(key)
        if cached is not None and _same(cached[0], project):
            if cached[0] is not project:  # an equal project, read anew (a comment added, say)
                self.rendered[key] = (project, cached[1])
                self.fresh.append(key)  # kept with the object the site now holds
            return cached[1]  # type: ignore[no-any-return]
        targets: list[str] = []

        def stand_in(target: str) -> str:
            targets.append(target)
            return f"\x1e{len(targets) - 1}\x1e"

        html = self.template.render(project=project, level=level, href=stand_in)
        pieces = _STAND_IN.split(html)
        numbers = pieces[1::2]
        if numbers != [str(n) for n in range(len(targets))] or "\x1e" in "".join(pieces[::2]):
            return None
        self.rendered[key] = (project, (pieces, targets))
        self.fresh.append(key)
        return pieces, targets


def _same(cached: Project, project: Project) -> bool:
    # An entry whose text changed but not what it says (a comment, say) is read anew.
    return cached is project or cached == project


# An entry split at its links, and each link's target.
Pieces = tuple[list[str], list[str]]
_ENTRIES = "ssg_project_entries"  # the environment's attribute
_KEPT = "ssg_kept_entries"
_KEEPS_HTML = "ssg_keeps_entry_html"


def _entries_of(environment: jinja2.Environment) -> _Entries:
    """Made when the first entry is rendered: a broken entry template is then reported
    as the problem of the page that lists projects."""
    entries: _Entries | None = getattr(environment, _ENTRIES, None)
    if entries is None:
        entries = _Entries(environment, getattr(environment, _KEPT, {}))
        setattr(environment, _ENTRIES, entries)
    return entries


def drain_pieces(
    environment: jinja2.Environment, projects: dict[str, Project]
) -> dict[tuple[str, int], Pieces]:
    """The entries this process rendered with stand-ins since the last call, by (slug,
    level), for the build cache. Only those of the site's own project objects (with
    that slug in `projects`): the projects do not cross to the main process, which
    has the same site and pairs them again there."""
    entries: _Entries | None = getattr(environment, _ENTRIES, None)
    if entries is None:
        return {}
    fresh, entries.fresh = entries.fresh, []
    drained = {}
    for key in fresh:
        project, pieces = entries.rendered[key]
        if projects.get(key[0]) is project:
            drained[key] = pieces
    return drained


def packed(pieces: Pieces) -> tuple[str, str] | Pieces:
    """An entry's pieces as two strings, for the build cache, which pickle reads and
    writes object by object: two strings instead of some twenty objects per entry.
    (The text holds no stand-in mark, `_pieces` made sure; a link target with one,
    which no template makes, is kept as it is.)"""
    if any("\x1e" in target for target in pieces[1]):
        return pieces
    texts = pieces[0][:]
    texts[1::2] = [f"\x1e{number}\x1e" for number in texts[1::2]]
    return "".join(texts), "\x1e".join(pieces[1])


def unpacked(kept: tuple[str, str] | Pieces) -> Pieces:
    """The pieces `packed` made two strings of."""
    if isinstance(kept[0], list):
        return kept
    html, targets = kept
    pieces = _STAND_IN.split(html)
    return pieces, targets.split("\x1e") if len(pieces) > 1 else []  # one per stand-in


def keep_entry_html(environment: jinja2.Environment) -> None:
    """Keep each entry's HTML for the next build with the new `environment` (the
    preview's): its lists then take every unchanged entry as it was."""
    setattr(environment, _KEEPS_HTML, True)


def remember_pieces(
    environment: jinja2.Environment, kept: dict[tuple[str, int], tuple[Project, Pieces]]
) -> None:
    """Entries kept by the build cache, for a new environment of the same templates;
    each is used only for a project equal to the one it was rendered for."""
    setattr(environment, _KEPT, kept)


@jinja2.pass_context
def project_item(context: jinja2.runtime.Context, project: Project, level: int = 3) -> Markup:
    """One entry of a project list (see the module docstring).

    The preview keeps its environment, so it renders the list of all projects
    again with only the edited entry new.
    """
    entries, href, folder = _list_of(context)
    return Markup(entries.entries([project], level, href, folder))


@jinja2.pass_context
def project_items(
    context: jinja2.runtime.Context, projects: Iterable[Project], level: int = 3
) -> Markup:
    """Every entry of a list, one after the other: what a loop calling `project_item`
    for each project makes, without a template call per entry (a list of 5,000
    projects costs a tenth). An empty list reads no entry template, as such a loop."""
    listed = list(projects)
    if not listed:
        return Markup("")
    entries, href, folder = _list_of(context)
    return Markup(entries.entries(listed, level, _remembered(href), folder))


def _remembered(href: Callable[[str], str]) -> Callable[[str], str]:
    """`href`, working out each link once per list: the entries of a list link to the
    same few cities, districts and awards again and again."""
    links: dict[str, str] = {}

    def remembered(target: str) -> str:
        link = links.get(target)
        if link is None:
            link = links[target] = href(target)
        return link

    return remembered


def _list_of(context: jinja2.runtime.Context) -> tuple[_Entries, Callable[[str], str], str]:
    """The entries of the context's environment, and the page's links and folder."""
    path, base_url = context["path"], context["settings"].base_url
    root = urlsplit(base_url).path if path == NOT_FOUND and base_url else ""
    folder = f"{path == NOT_FOUND}:{root or posixpath.dirname(path)}"
    return _entries_of(context.environment), href_from(path, base_url), folder


def passes_links_through(environment: jinja2.Environment, name: str) -> bool:
    """Whether `name` and every template it imports or includes use `href` only as
    `{{ href(…) }}` or as an argument to a macro, and call macros only as
    `{{ macro(…) }}`: then what `href` returns reaches the output unchanged."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        assert environment.loader is not None
        source = environment.loader.get_source(environment, current)[0]
        tree = environment.parse(source)
        for node in tree.find_all((nodes.Import, nodes.FromImport, nodes.Include)):
            template = getattr(node, "template", None)
            if not isinstance(template, nodes.Const):
                return False
            todo.append(str(template.value))
        if not _links_pass_through(tree):
            return False
    return True


def _links_pass_through(tree: nodes.Template) -> bool:
    macros = {macro.name for macro in tree.find_all(nodes.Macro)}
    modules = {node.target for node in tree.find_all(nodes.Import)}
    modules |= {str(name) for node in tree.find_all(nodes.FromImport) for name in node.names}

    def is_macro(callee: nodes.Node) -> bool:
        if isinstance(callee, nodes.Name):
            return callee.name in macros or callee.name in modules or callee.name == "caller"
        return (
            isinstance(callee, nodes.Getattr)
            and isinstance(callee.node, nodes.Name)
            and (callee.node.name in modules)
        )

    allowed: set[int] = set()  # the nodes that may use `href` or a macro
    captured = _captured_outputs(tree)
    for output in tree.find_all(nodes.Output):
        if id(output) not in captured:
            allowed.update(id(node) for node in output.nodes if isinstance(node, nodes.Call))
    for call in tree.find_all(nodes.Call):
        callee = call.node
        calls_href = isinstance(callee, nodes.Name) and callee.name == "href"
        if (calls_href or is_macro(callee)) and id(call) not in allowed:
            return False
        if is_macro(callee):
            allowed.update(id(arg) for arg in call.args if _is_href(arg))
        if calls_href:
            allowed.add(id(callee))
    return all(id(name) in allowed for name in tree.find_all(nodes.Name) if _is_href(name))


def _is_href(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Name) and node.name == "href" and node.ctx == "load"


def _captured_outputs(tree: nodes.Template) -> set[int]:
    """Output that ends up in a variable or a filter, not straight in the page."""
    captures = tree.find_all((nodes.AssignBlock, nodes.FilterBlock, nodes.CallBlock))
    return {id(output) for capture in captures for output in capture.find_all(nodes.Output)}
