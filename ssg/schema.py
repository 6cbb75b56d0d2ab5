"""Field rules for YAML mappings (front matter, catalogue entries, settings).

Each rule checks one field's type and normalises its value; every problem is
reported at the exact key or value, with a German hint, and checking goes on
so that the editor sees all problems of a file at once.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any, Literal

from ssg.errors import Problem, Severity, suggest
from ssg.model import Link, Origin
from ssg.yamlfile import YamlDocument, YamlPath

Kind = Literal["text", "bool", "int", "text_list", "links"]

_QUOTE_HINT = 'Setzen Sie den Wert in Anführungszeichen ("…"), damit YAML ihn als Text liest.'
_SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:")


@dataclass(frozen=True)
class Rule:
    """What one field may hold."""

    kind: Kind
    required: bool = False


def type_name(value: Any) -> str:
    """The German word an editor knows for a YAML value's type."""
    if value is None:
        return "ein leerer Wert"
    if isinstance(value, bool):
        return f"ein Wahrheitswert ({'ja' if value else 'nein'})"
    if isinstance(value, int | float):
        return f"eine Zahl ({value})"
    if isinstance(value, datetime.date):
        return f"ein Datum ({value.isoformat()})"
    if isinstance(value, list):
        return "eine Liste"
    if isinstance(value, dict):
        return "eine Zuordnung (feld: wert)"
    return "Text"


def check_mapping(
    document: YamlDocument,
    at: YamlPath,
    rules: dict[str, Rule],
    unknown: Severity = "warning",
) -> tuple[dict[str, Any], list[Problem]]:
    """Check the mapping at `at` against `rules`; return normalised values and problems."""
    mapping = _value_at(document.value, at)
    if at in document.failed:
        return {}, []
    if not isinstance(mapping, dict):
        expected = "eine Zuordnung mit Feldern (feld: wert)"
        return {}, [
            document.problem(at, f"Erwartet wird {expected}, gefunden: {type_name(mapping)}")
        ]
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for key in mapping:
        if key not in rules:
            hint = suggest(key, rules) or "Bekannte Felder: " + ", ".join(sorted(rules)) + "."
            problems.append(
                document.problem(
                    (*at, key), f"Unbekanntes Feld '{key}'", hint, key=True, severity=unknown
                )
            )
    for name, rule in rules.items():
        raw = mapping.get(name)
        if (*at, name) in document.failed:
            continue
        if raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []:
            if rule.required:
                where = (*at, name) if name in mapping else at
                problems.append(
                    document.problem(
                        where,
                        f"Pflichtfeld '{name}' fehlt oder ist leer",
                        f"Ergänzen Sie eine Zeile '{name}: …'.",
                    )
                )
            continue
        value, found = _check_value(document, (*at, name), raw, rule.kind)
        problems += found
        if not found:
            values[name] = value
    return values, problems


def _value_at(value: Any, at: YamlPath) -> Any:
    for step in at:
        value = value[step]
    return value


def _check_value(
    document: YamlDocument, at: YamlPath, raw: Any, kind: Kind
) -> tuple[Any, list[Problem]]:
    name = next((step for step in reversed(at) if isinstance(step, str)), "")
    if kind == "text":
        if isinstance(raw, str):
            return raw.strip(), []
        return None, [
            document.problem(
                at, f"'{name}' muss Text sein, gefunden: {type_name(raw)}", _QUOTE_HINT
            )
        ]
    if kind == "bool":
        if isinstance(raw, bool):
            return raw, []
        return None, [
            document.problem(
                at,
                f"'{name}' muss true oder false sein, gefunden: {type_name(raw)}",
                f"Schreiben Sie '{name}: true' oder '{name}: false'.",
            )
        ]
    if kind == "int":
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw, []
        return None, [
            document.problem(
                at,
                f"'{name}' muss eine ganze Zahl sein, gefunden: {type_name(raw)}",
                f"Zum Beispiel '{name}: 2'.",
            )
        ]
    if kind == "text_list":
        items = [raw] if isinstance(raw, str) else raw
        if not isinstance(items, list):
            return None, [
                document.problem(
                    at,
                    f"'{name}' muss eine Liste von Texten sein, gefunden: {type_name(raw)}",
                    f"Zum Beispiel '{name}: [erster Eintrag, zweiter "
                    "Eintrag]' oder ein Eintrag je Zeile mit '- '.",
                )
            ]
        problems = []
        for index, item in enumerate(items):
            where = at if isinstance(raw, str) else (*at, index)
            if where in document.failed or (isinstance(item, str) and item.strip()):
                continue
            found = (
                "ist leer"
                if isinstance(item, str)
                else f"muss Text sein, gefunden: {type_name(item)}"
            )
            problems.append(
                document.problem(
                    where,
                    f"Eintrag {index + 1} von '{name}' {found}",
                    "" if isinstance(item, str) else _QUOTE_HINT,
                )
            )
        return [item.strip() for item in items if isinstance(item, str)], problems
    return _check_links(document, at, raw)


def _check_links(document: YamlDocument, at: YamlPath, raw: Any) -> tuple[Any, list[Problem]]:
    if not isinstance(raw, list):
        return None, [
            document.problem(
                at,
                "'links' muss eine Liste von Einträgen mit 'title' und "
                f"'url' sein, gefunden: {type_name(raw)}",
                "Beispiel:\n    links:\n      - title: Projektseite\n"
                "        url: https://example.org/",
            )
        ]
    links: list[Link] = []
    problems: list[Problem] = []
    for index in range(len(raw)):
        values, found = check_mapping(document, (*at, index), LINK_RULES, unknown="error")
        problems += found
        if found:
            continue
        problem = check_url(document, (*at, index, "url"), values["url"])
        if problem:
            problems.append(problem)
        else:
            origin = Origin(document.path, *document.position((*at, index, "url")))
            links.append(Link(values["title"], values["url"], origin))
    return tuple(links), problems


def check_url(document: YamlDocument, at: YamlPath, url: str) -> Problem | None:
    """Reject link targets that are unsafe or that a visitor could not follow."""
    compact = re.sub(r"[\x00-\x20]", "", url).lower()
    if compact.startswith(_SAFE_SCHEMES) or url.startswith(("/", "#")):
        if compact.startswith(("http://", "https://")) and len(compact.split("/")[2]) == 0:
            return document.problem(at, f"Die Adresse '{url}' hat keinen Rechnernamen")
        return None
    scheme = compact.split(":", 1)[0] if ":" in compact else ""
    if scheme in ("javascript", "data", "vbscript", "file"):
        return document.problem(
            at,
            f"Links mit '{scheme}:' sind nicht erlaubt",
            "Nur Adressen mit https://, http://, mailto: oder tel: sind möglich.",
        )
    return document.problem(
        at,
        f"Die Adresse '{url}' ist keine vollständige Web-Adresse",
        "Externe Links beginnen mit https://, interne mit / (z. B. /projekte/).",
    )


LINK_RULES: dict[str, Rule] = {
    "title": Rule("text", required=True),
    "url": Rule("text", required=True),
}
