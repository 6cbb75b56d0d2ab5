"""The overview pages made from templates: each one's template and description, and
what the sign-language page shows of its video."""

from __future__ import annotations

from pathlib import PurePosixPath

from ssg.sources import Copied

# The template of each overview page; content/<path>.md adds an introduction.
SECTION_TEMPLATES = {
    "handlungsfelder/index.html": "fields.html",
    "projekte/index.html": "projects.html",
    "stadtteile/index.html": "cities.html",
    "preise/index.html": "awards.html",
    "suche/index.html": "search.html",
    "impressum/index.html": "impressum.html",
    "datenschutz/index.html": "datenschutz.html",
    "barrierefreiheit/index.html": "barrierefreiheit.html",
    "gebaerdensprache/index.html": "gebaerdensprache.html",
}
SECTION_DESCRIPTIONS = {
    "handlungsfelder/index.html": "Die Handlungsfelder des Handbuchs im Überblick.",
    "projekte/index.html": "Alle Beispielprojekte des Handbuchs von A bis Z.",
    "stadtteile/index.html": "Die Beispielprojekte nach Stadt und Stadtteil.",
    "preise/index.html": "Die Beispielprojekte nach Auszeichnung, die neuesten Preise zuerst.",
    "suche/index.html": "Volltextsuche im Handbuch, mit Filtern nach Stadt, Stadtteil, Preis "
    "und Handlungsfeld.",
    "impressum/index.html": "Anbieter und Verantwortliche dieser Website.",
    "datenschutz/index.html": "Welche Daten beim Besuch dieser Website verarbeitet werden.",
    "barrierefreiheit/index.html": "Stand der Barrierefreiheit dieser Website und wie Sie "
    "Barrieren melden können.",
    "gebaerdensprache/index.html": "Informationen in Deutscher Gebärdensprache.",
}


def sign_language_video(details: dict[str, str], copied: Copied) -> dict[str, str] | None:
    """What the sign-language page shows of its video, if the file is there."""
    path = details.get("video", "")
    if path not in copied:
        return None
    size = copied[path].size
    suffix = PurePosixPath(path).suffix.lower()
    return {
        "path": path,
        "type": {".webm": "video/webm", ".ogv": "video/ogg"}.get(suffix, "video/mp4"),
        "format": suffix.lstrip(".").upper(),
        "size": f"{size / 1_000_000:.1f} MB".replace(".", ",")
        if size >= 100_000
        else f"{max(size // 1000, 1)} kB",
        "duration": details.get("duration", ""),
        "captions": details.get("captions", "") if details.get("captions") in copied else "",
        "poster": details.get("poster", "") if details.get("poster") in copied else "",
    }
