"""What text pasted from Word or e-mails leaves in Markdown, unseen by the editor.

`• Erster Punkt`, `– Punkt` or `-` with a protected space after it look like a
list, but Markdown makes a paragraph of them; a zero-width space in an address
makes a link that leads nowhere. Both publish something else than the editor
sees, so each is said at its line (markdown.py reports them).
"""

from __future__ import annotations

import re
import unicodedata

from ssg.sanitize import Refused

# A line that looks like a list item to the eye but not to Markdown: Word's bullets,
# or a Markdown marker with a protected space after (or only such spaces before) it.
# At a line's start, indented less than a code block (four spaces).
_FALSE_ITEM = re.compile(
    r"^(?P<line>[ ]{0,3}(?:(?P<bullet>[•·▪‣◦–—])[ \t\u00a0]"
    r"|[-*+]\u00a0|[ \u00a0]*\u00a0[ \u00a0]*[-*+][ \t]).*)$",
    re.MULTILINE,
)
_CODE_FENCE = re.compile(r"^[ ]{0,3}(?:```|~~~)", re.MULTILINE)
# What a false list item needs: a bullet, a dash or a protected space.
_SUSPECTS = ("•", "·", "▪", "‣", "◦", "–", "—", "\u00a0")
# Dashes also begin lines of a sentence wrapped in the source; bullets never do.
_DASHES = ("–", "—")


def false_list_items(text: str) -> list[Refused]:
    """A warning for the first line outside code that looks like a list item but is none,
    one for Word's bullets and one for protected spaces. Run on every text: most have
    none of those characters, and are done with at one scan each."""
    if not any(char in text for char in _SUSPECTS):
        return []
    fences = [match.start() for match in _CODE_FENCE.finditer(text)]
    lines = text.split("\n")
    found: dict[bool, Refused] = {}
    for item in _FALSE_ITEM.finditer(text):
        bullet = item["bullet"]
        inside_code = sum(1 for fence in fences if fence < item.start()) % 2
        if inside_code or bool(bullet) in found:
            continue
        if bullet in _DASHES and not _listed(lines, text.count("\n", 0, item.start()), bullet):
            continue  # a dash in a sentence that goes on from the line above
        if bullet:
            message = f"'{bullet}' am Zeilenanfang macht keinen Listenpunkt (aus Word eingefügt?)"
        else:
            message = "Ein geschütztes Leerzeichen (U+00A0) am Listenpunkt: er wird keiner"
        found[bool(bullet)] = Refused(
            item["line"].strip(" "),
            message,
            "Schreiben Sie an den Anfang jedes Listenpunkts '- ' (Bindestrich und normales "
            "Leerzeichen) und lassen Sie vor der Liste eine Zeile frei.",
            "warning",
        )
    return list(found.values())


def _listed(lines: list[str], row: int, dash: str) -> bool:
    """Whether the line `row`, which starts with a dash, starts a block (a line above
    it is empty, or there is none) or stands next to another line with that dash."""

    def starts(index: int) -> bool:
        return 0 <= index < len(lines) and lines[index].lstrip(" ").startswith(dash)

    return row == 0 or not lines[row - 1].strip() or starts(row - 1) or starts(row + 1)


def hidden_in_address(url: str) -> Refused | None:
    """An address with an invisible character or a protected space in it (pasted from
    Word or a PDF): the link leads to another address than the one shown."""
    hidden = None if url.isascii() else next((c for c in url if invisible(c)), None)
    if hidden is None:
        return None
    return Refused(
        url,
        f"In der Adresse '{url}' steht ein unsichtbares Zeichen (U+{ord(hidden):04X})",
        "Tippen Sie die Adresse neu oder kopieren Sie sie aus der Adresszeile des Browsers: "
        "mit dem Zeichen führt der Link ins Leere.",
    )


def invisible(char: str) -> bool:
    """A character that shows as nothing or as a space but is none: a zero-width space,
    a soft hyphen, direction marks, a protected space."""
    return unicodedata.category(char) == "Cf" or (
        char != " " and unicodedata.category(char) == "Zs"
    )
