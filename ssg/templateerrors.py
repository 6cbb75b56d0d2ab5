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


def _found(match: re.Match[str], group: int = 1) -> str:
    """What Jinja found instead: for a name it gives the name itself, so a single
    word ('name', 'string') may be a variable's name and stays as Jinja wrote it."""
    return _token(match, group) if " " in match[group] else match[group]


def _tags(listed: str) -> str:
    """ "'endfor' or 'else'" → "'endfor' oder 'else'"."""
    return listed.replace("' or '", "' oder '")


_SENTENCES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(r"Unexpected end of template\."),
        lambda m: "Die Vorlage endet, bevor alle Blöcke geschlossen sind.",
    ),
    (re.compile(r"Encountered unknown tag '(.+?)'\."), lambda m: f"Unbekanntes Tag '{m[1]}'."),
    (
        re.compile(
            r"You probably made a nesting mistake\. Jinja is expecting this tag, but "
            r"currently looking for (.+?)\.(?= |$)"
        ),
        lambda m: f"Vermutlich sind Blöcke falsch verschachtelt: Zuerst fehlt {_tags(m[1])}.",
    ),
    (
        re.compile(r"Jinja was looking for the following tags: (.+?)\.(?= |$)"),
        lambda m: f"Es fehlt {_tags(m[1])}.",
    ),
    (
        re.compile(r"The innermost block that needs to be closed is '(.+?)'\."),
        lambda m: f"Als Nächstes zu schließen ist der Block '{m[1]}'.",
    ),
    (
        re.compile(r"unexpected end of template, expected '(.+?)'\."),
        lambda m: f"Die Vorlage endet, wo '{_token(m)}' stehen müsste.",
    ),
    (
        re.compile(r"expected token '(.+?)', got '(.+?)'$"),
        lambda m: f"Erwartet wird '{_token(m)}', dort steht '{_found(m, 2)}'",
    ),
    (
        re.compile(r"Expected an expression, got '(.+?)'$"),
        lambda m: f"Hier fehlt ein Name oder Wert; dort steht '{_found(m)}'",
    ),
    (re.compile(r"unexpected char '(.+?)' at \d+$"), lambda m: f"Unerwartetes Zeichen '{m[1]}'"),
    (
        re.compile(r"unexpected '(.+?)', expected '(.+?)'$"),
        lambda m: f"Unerwartetes '{_found(m)}', erwartet wird '{_token(m, 2)}'",
    ),
    (re.compile(r"unexpected '(.+?)'$"), lambda m: f"Unerwartetes '{_found(m)}'"),
    (re.compile(r"tag name expected$"), lambda m: "Nach '{%' fehlt der Name eines Tags"),
    (re.compile(r"block '(.+?)' defined twice$"), lambda m: f"Der Block '{m[1]}' steht zweimal"),
    (
        re.compile(r"^'(.+?) object' has no attribute '(.+)'$"),
        lambda m: f"'{m[1].rsplit('.', 1)[-1].removeprefix('Tracked')}' hat kein Feld '{m[2]}'",
    ),
    (re.compile(r"^'(.+)' is undefined$"), lambda m: f"Der Name '{m[1]}' ist nicht definiert"),
]


def german(message: str) -> str:
    """Jinja's `message`, each sentence known here in German."""
    for pattern, said in _SENTENCES:
        message = pattern.sub(said, message)
    return message
