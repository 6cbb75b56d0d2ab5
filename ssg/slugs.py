"""German-aware slugs and sort keys.

"Münster-Kinderhaus" becomes "muenster-kinderhaus", not "munster-kinderhaus":
German readers expect the transliteration they know from e-mail addresses.
Sorting follows DIN 5007-1 instead (Ä sorts with A), as in a German index.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_TRANSLITERATION = str.maketrans(
    {
        "ä": "ae",
        "ö": "oe",
        "ü": "ue",
        "ß": "ss",
        "Ä": "Ae",
        "Ö": "Oe",
        "Ü": "Ue",
        "ẞ": "Ss",
    }
)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@functools.lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """Lowercase ASCII words joined by hyphens; idempotent, never '/' or '..'."""
    text = unicodedata.normalize("NFC", text).translate(_TRANSLITERATION)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")


@functools.lru_cache(maxsize=65536)
def sort_key(text: str) -> tuple[str, str]:
    """German dictionary order: case and umlauts ignored first, then used as tie-breakers."""
    base = "".join(char for char in folded(text) if not unicodedata.combining(char))
    return base, text


def folded(text: str) -> str:
    """`text` as German order compares it, before its combining marks are dropped: each
    character folded on its own, so a text may also be folded a character at a time."""
    return unicodedata.normalize("NFKD", text.replace("ß", "ss").casefold())
