"""Jinja's messages about templates, in the language of all other messages.

Jinja writes in English ("Unexpected end of template. Jinja was looking for
the following tags: 'endblock'."); the people who read ssg's messages do
not. Its common messages are said again in German, sentence by sentence, and
the parts of a tag it names ("end of print statement") become the characters
written in the template (`}}`). A message not known here stays as Jinja
wrote it: an English message is better than none.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# How Jinja names the parts of a template, and what is written there.
_TOKENS = {
    "begin of comment": "{#",
    "end of comment": "#}",
    "begin of statement block": "{%",
    "end of statement block": "%}",
    "begin of print statement": "{{",
    "end of print statement": "}}",
    "end of template": "Ende der Vorlage",
    "template data / text": "Text",
    "name": "Name",
    "string": "Text in Anführungszeichen",
    "integer": "Zahl",
    "float": "Zahl",
}


def _token(match: re.Match[str], group: int = 1) -> str:
    """A kind of token Jinja expected, as written in a template."""
    return _TOKENS.get(match[group], match[group])


def _found(match: re.Match[str], line: str, group: int = 1) -> str:
    """What Jinja found instead. For a name Jinja gives the name itself, so 'string'
    may be a variable called so: it stays as written where `line` (the template's
    line, outside quotes) holds that name, and else means a text in quotes."""
    found = match[group]
    if " " in found:  # one of Jinja's descriptions ("end of print statement")
        return _token(match, group)
    unquoted = re.sub(r"'[^']*'|\"[^\"]*\"", "", line)
    as_name = re.search(rf"(?<![\w.]){re.escape(found)}(?!\w)", unquoted)
    return found if as_name else _token(match, group)


def _tags(listed: str) -> str:
    """ "'endfor' or 'else'" → "'endfor' oder 'else'"."""
    return listed.replace("' or '", "' oder '")


_SENTENCES: list[tuple[re.Pattern[str], Callable[[re.Match[str], str], str]]] = [
    (
        re.compile(r"Unexpected end of template\."),
        lambda m, line: "Die Vorlage endet, bevor alle Blöcke geschlossen sind.",
    ),
    (
        re.compile(r"Encountered unknown tag '(.+?)'\."),
        lambda m, line: f"Unbekanntes Tag '{m[1]}'.",
    ),
    (
        re.compile(
            r"You probably made a nesting mistake\. Jinja is expecting this tag, but "
            r"currently looking for (.+?)\.(?= |$)"
        ),
        lambda m, line: f"Vermutlich sind Blöcke falsch verschachtelt: Zuerst fehlt {_tags(m[1])}.",
    ),
    (
        re.compile(r"Jinja was looking for the following tags: (.+?)\.(?= |$)"),
        lambda m, line: f"Es fehlt {_tags(m[1])}.",
    ),
    (
        re.compile(r"The innermost block that needs to be closed is '(.+?)'\."),
        lambda m, line: f"Als Nächstes zu schließen ist der Block '{m[1]}'.",
    ),
    (
        re.compile(r"unexpected end of template, expected '(.+?)'\."),
        lambda m, line: f"Die Vorlage endet, wo '{_token(m)}' stehen müsste.",
    ),
    (
        re.compile(r"expected token '(.+?)', got '(.+?)'$"),
        lambda m, line: f"Erwartet wird '{_token(m)}', dort steht '{_found(m, line, 2)}'",
    ),
    (
        re.compile(r"Expected an expression, got '(.+?)'$"),
        lambda m, line: f"Hier fehlt ein Name oder Wert; dort steht '{_found(m, line)}'",
    ),
    (
        re.compile(r"unexpected char '(.+?)' at \d+$"),
        lambda m, line: f"Unerwartetes Zeichen '{m[1]}'",
    ),
    (
        re.compile(r"unexpected '(.+?)', expected '(.+?)'$"),
        lambda m, line: f"Unerwartetes '{_found(m, line)}', erwartet wird '{_token(m, 2)}'",
    ),
    (re.compile(r"unexpected '(.+?)'$"), lambda m, line: f"Unerwartetes '{_found(m, line)}'"),
    (re.compile(r"tag name expected$"), lambda m, line: "Nach '{%' fehlt der Name eines Tags"),
    (
        re.compile(r"block '(.+?)' defined twice$"),
        lambda m, line: f"Der Block '{m[1]}' steht zweimal",
    ),
    (
        re.compile(r"^'(.+?) object' has no attribute '(.+)'$"),
        lambda m, line: (
            f"'{m[1].rsplit('.', 1)[-1].removeprefix('Tracked')}' hat kein Feld '{m[2]}'"
        ),
    ),
    (
        re.compile(r"^'(.+)' is undefined$"),
        lambda m, line: f"Der Name '{m[1]}' ist nicht definiert",
    ),
]


def german(message: str, line: str = "") -> str:
    """Jinja's `message`, each sentence known here in German; `line` is the template
    line it is about, where known."""
    for pattern, said in _SENTENCES:
        message = pattern.sub(lambda match: said(match, line), message)  # noqa: B023 (used at once)
    return message
