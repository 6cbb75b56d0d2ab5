"""Reading a handbook's text files: UTF-8 (a BOM and CRLF tolerated) in NFC, with
control characters refused, each problem at the line and column where an editor
finds it. Everything ssg reads as text passes through here.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from ssg.errors import Problem, system_reason

# With the line and paragraph separators: YAML starts a new line at them, which no
# editor shows, so an error would name a line the editor does not see.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_SEPARATORS = {"\u2028": "Zeilenumbruch", "\u2029": "Absatzumbruch"}


def read_text(
    path: Path | str, display: str, controls: bool = True, nfc: bool = True
) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 file (BOM and CRLF tolerated) as NFC; undecodable bytes are an error,
    and so are control characters, unless `controls` is False: then the caller looks
    for them (`control_problem`) in the parts it has not read before; likewise with
    `nfc` False, the caller makes NFC of the parts it reads."""
    try:
        data = read_bytes(path)
    except OSError as error:
        return None, [unreadable(display, error)]
    text, problems = decoded(data, display)
    if text is None:
        return None, problems
    text = in_nfc(text) if nfc else text
    problem = control_problem(text, display) if controls else None
    return (None, [problem]) if problem else (text, [])


def unreadable(display: str, error: OSError) -> Problem:
    return Problem(
        display,
        1,
        1,
        f"Die Datei kann nicht gelesen werden: {system_reason(error)}",
        "Ist es eine Datei, und darf ssg sie lesen?",
    )


def decoded(data: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """The text of a UTF-8 file's bytes (BOM and CRLF tolerated); undecodable bytes are
    an error, at the line and column where an editor finds them."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line_start = before[before.rfind(b"\n") + 1 :]
        return None, [
            Problem(
                display,
                before.count(b"\n") + 1,
                len(line_start.decode("utf-8", errors="replace")) + 1,
                "Die Datei ist nicht in UTF-8 gespeichert",
                "Im Editor „Speichern mit Kodierung: UTF-8“ wählen; Texte aus Word "
                "oder E-Mails neu einfügen.",
            )
        ]
    if "\r" in text:  # a scan; replacing costs more in a large catalogue
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, []


def in_nfc(text: str) -> str:
    """NFC: "Köln" typed with a combining diaeresis (as some systems paste it) is "Köln"."""
    return unicodedata.normalize("NFC", text)


def read_bytes(path: Path | str) -> bytes:
    """The whole file, in one read where it is no longer than its size says: without
    Path.read_bytes' buffered file object, a third of the time for a small page."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        return read_open(descriptor, os.fstat(descriptor).st_size)
    finally:
        os.close(descriptor)


def read_open(descriptor: int, size: int) -> bytes:
    """All of the open file `descriptor`, whose size was `size` when it was looked at."""
    data = os.read(descriptor, size + 1)
    if len(data) <= size:  # a regular file reads whole, up to its end
        return data
    chunks = [data]  # it grew since fstat, or it is no regular file
    while chunk := os.read(descriptor, 65536):
        chunks.append(chunk)
    return b"".join(chunks)


def control_problem(text: str, display: str, first_line: int = 1) -> Problem | None:
    """An error for the first control character in `text` (from line `first_line` of
    the file `display`), if it has one."""
    control = CONTROL.search(text)
    if control is None:
        return None
    return control_character(display, text[: control.start()], control.group(), first_line)


def control_character(display: str, before: str, character: str, first_line: int = 1) -> Problem:
    """An error for a control character after the text `before` (from `first_line` on)."""
    code = f"U+{ord(character):04X}"
    separator = _SEPARATORS.get(character)
    return Problem(
        display,
        before.count("\n") + first_line,
        len(before) - (before.rfind("\n") + 1) + 1,
        f"Unsichtbarer {separator} {code} im Text"
        if separator
        else f"Unerlaubtes Steuerzeichen {code} im Text",
        (
            "Der Editor zeigt ihn nicht; andere Programme beginnen dort eine neue Zeile. "
            if separator
            else ""
        )
        + "Löschen Sie das unsichtbare Zeichen (oft aus Word oder E-Mails eingefügt) "
        "und tippen Sie die Stelle neu.",
    )
