"""The one error type for content problems, and its compiler-style formatting.

Editors read these messages, so they are German and always name the file,
line and column of the problem, plus a hint on how to fix it. Errors of the
system (a full disk, missing rights) are put in German words here too.
"""

from __future__ import annotations

import difflib
import errno
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]

SEVERITY_LABEL: dict[Severity, str] = {"error": "Fehler", "warning": "Warnung"}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, located in a source file (1-based)."""

    path: str
    line: int
    column: int
    message: str
    hint: str = ""
    severity: Severity = "error"

    def format(self) -> str:
        """Render as `path:line:column: Fehler: message`, hint on the next line."""
        text = f"{self.path}:{self.line}:{self.column}: {SEVERITY_LABEL[self.severity]}: "
        text += self.message
        if self.hint:
            text += f"\n  Hinweis: {self.hint}"
        return text

    def format_github(self, folder: str = "") -> str:
        """A GitHub Actions annotation, shown inline in the pull request.

        `folder` is the handbook's folder relative to the repository root, because
        GitHub places annotations by paths from there.
        """
        level = "error" if self.severity == "error" else "warning"
        text = self.message + (f"\nHinweis: {self.hint}" if self.hint else "")
        path = f"{folder}/{self.path}" if folder not in ("", ".") else self.path
        file = _escape(path).replace(":", "%3A").replace(",", "%2C")
        return f"::{level} file={file},line={self.line},col={self.column}::{_escape(text)}"

    def as_error(self) -> Problem:
        """The same problem, raised to an error (for `--strict`)."""
        return Problem(self.path, self.line, self.column, self.message, self.hint, "error")


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


class ContentError(Exception):
    """Raised when the content has errors; carries every problem found in the pass."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(problem.format() for problem in self.problems))


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that stop a build."""
    return [problem for problem in problems if problem.severity == "error"]


def suggest(word: str, candidates: Iterable[str]) -> str:
    """A German "did you mean" hint, or an empty string if nothing is close."""
    matches = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.6)
    return f"Meinten Sie '{matches[0]}'?" if matches else ""


# Why a file cannot be read or written, in words for editors (the system's are English).
_SYSTEM_REASONS = {
    errno.EACCES: "keine Schreib- oder Leserechte",
    errno.EPERM: "keine Schreib- oder Leserechte",
    errno.EROFS: "der Datenträger ist schreibgeschützt",
    errno.ENOSPC: "der Datenträger ist voll",
    errno.EDQUOT: "das Speicherkontingent ist erschöpft",
    errno.EFBIG: "die Datei wird größer, als das System erlaubt",
    errno.EEXIST: "dort liegt eine Datei statt eines Ordners",
    errno.ENOTDIR: "dort liegt eine Datei statt eines Ordners",
    errno.EISDIR: "dort liegt ein Ordner statt einer Datei",
    errno.ELOOP: "ein symbolischer Link führt im Kreis",
    errno.EIO: "der Datenträger meldet einen Lesefehler oder Schreibfehler",
    errno.ENAMETOOLONG: "der Name ist für das System zu lang",
    errno.ENOENT: "die Datei oder ein Ordner auf dem Weg dorthin fehlt",
}


def system_reason(error: OSError) -> str:
    """Why `error` happened, in German words; the number where there are none."""
    return _SYSTEM_REASONS.get(error.errno or 0, f"Fehler {error.errno} des Betriebssystems")
