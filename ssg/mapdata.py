"""The shapes of the map: the outline of North Rhine-Westphalia, and a handbook's own.

The outline ships with ssg (ssg/mapdata/nrw.geojson, extracted from Natural
Earth by scripts/nrw_outline.py). A handbook may add or replace shapes with
data/karte.geojson: a feature with `city` and `district` properties is that
district's area and links to its page; features without them are the
background, and replace the outline. Nothing here projects or draws
(mapview.py does); everything is longitude/latitude as GeoJSON writes it.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ssg.errors import Problem
from ssg.indexes import City
from ssg.slugs import slugify
from ssg.textfiles import read_text

OWN_SHAPES = "data/karte.geojson"
PACKAGED = Path(__file__).parent / "mapdata" / "nrw.geojson"

Ring = tuple[tuple[float, float], ...]  # (longitude, latitude) points


@dataclass(frozen=True)
class Shape:
    """A polygon of the map; `city` and `district` name the area it shows, if any."""

    rings: tuple[Ring, ...]
    city: str = ""
    district: str = ""
    line: int = 1  # where data/karte.geojson has it, for messages
    column: int = 1


@dataclass(frozen=True)
class Shapes:
    """The map's background outline, the districts' areas, and where they come from."""

    background: tuple[Shape, ...]
    areas: tuple[Shape, ...]
    sources: tuple[str, ...]


@functools.cache
def packaged_shapes() -> Shapes:
    """The outline of North Rhine-Westphalia that ships with ssg."""
    packaged = json.loads(PACKAGED.read_text(encoding="utf-8"))
    return Shapes(tuple(_shapes(packaged)), (), (packaged["source"],))


def load_shapes(source: Path) -> tuple[Shapes, list[Problem]]:
    """The packaged outline, changed by the handbook's data/karte.geojson if there is one."""
    default = packaged_shapes()
    file = source / OWN_SHAPES
    if not file.exists():
        return default, []
    text, problems = read_text(file, OWN_SHAPES)
    if text is None:
        return default, problems
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        return default, [
            _problem(
                f"Die Datei ist kein gültiges GeoJSON: {_json_error(error.msg)}",
                "Prüfen Sie Kommas und Klammern an dieser Stelle, oder exportieren Sie die "
                "Datei neu als GeoJSON (WGS84).",
                error.lineno,
                error.colno,
            )
        ]
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list):
        return default, [
            _problem(
                "Die Datei ist keine GeoJSON-FeatureCollection",
                'Sie beginnt mit {"type": "FeatureCollection", "features": [ … ]}.',
            )
        ]
    own, problems = [], []
    for number, feature in enumerate(features, start=1):
        line, column = _position_in_feature(text, number, '"district"')
        try:
            own += [replace(s, line=line, column=column) for s in _shapes({"features": [feature]})]
        except (KeyError, TypeError, ValueError):
            line, column = _position_in_feature(text, number, '"geometry"')
            problems.append(
                _problem(
                    f"Das {number}. Objekt (Feature) ist keine Fläche mit gültigen Koordinaten",
                    "Erlaubt sind Polygon und MultiPolygon mit Längen- und Breitengraden "
                    "(WGS84), z. B. [7.46, 51.51].",
                    line,
                    column,
                )
            )
    areas = tuple(shape for shape in own if shape.city and shape.district)
    mine = tuple(shape for shape in own if not (shape.city and shape.district))
    named = str(document.get("source") or document.get("attribution") or "").strip()
    sources = (*((named,) if named else ()), *(() if mine else default.sources))
    return Shapes(mine or default.background, areas, sources), problems


def _shapes(document: dict[str, Any]) -> list[Shape]:
    """The polygons of a FeatureCollection; raises on anything else."""
    shapes = []
    for feature in document["features"]:
        geometry = feature["geometry"]
        properties = feature.get("properties") or {}
        if geometry["type"] == "Polygon":
            polygons = [geometry["coordinates"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["coordinates"]
        else:
            raise ValueError(geometry["type"])
        for polygon in polygons:
            rings = tuple(_ring(ring) for ring in polygon)
            shapes.append(
                Shape(
                    rings,
                    str(properties.get("city") or "").strip(),
                    str(properties.get("district") or "").strip(),
                )
            )
    return shapes


def _ring(points: list[Any]) -> Ring:
    ring = tuple((float(point[0]), float(point[1])) for point in points)
    if len(ring) < 3 or not all(-180 <= lon <= 180 and -90 <= lat <= 90 for lon, lat in ring):
        raise ValueError("not a ring of longitude/latitude points")
    return ring


def _position_in_feature(text: str, number: int, member: str) -> tuple[int, int]:
    """Where `member` (e.g. '"district"') is written in the `number`th feature, else
    where the feature begins; features are found by their '"Feature"' type."""
    start = -1
    for _ in range(number):
        start = text.find('"Feature"', start + 1)
        if start < 0:
            return 1, 1
    end = text.find('"Feature"', start + 1)
    found = text.find(member, start, end if end >= 0 else len(text))
    position = found if found >= 0 else start
    line_start = text.rfind("\n", 0, position) + 1
    return text.count("\n", 0, position) + 1, position - line_start + 1


def _json_error(message: str) -> str:
    """Python's English JSON messages, in German."""
    return {
        "Expecting value": "hier fehlt ein Wert",
        "Expecting ',' delimiter": "hier fehlt ein Komma (oft am Ende der Zeile davor)",
        "Expecting property name enclosed in double quotes": "hier fehlt ein Name in "
        "doppelten Anführungszeichen (oder ein Komma ist zu viel)",
        "Extra data": "nach dem Ende folgt noch etwas",
        "Unterminated string starting at": "ein Text ist nicht abgeschlossen",
    }.get(message, "die Datei lässt sich hier nicht weiterlesen")


def _problem(message: str, hint: str, line: int = 1, column: int = 1) -> Problem:
    return Problem(OWN_SHAPES, line, column, message, hint)


def check_map(cities: tuple[City, ...], shapes: Shapes) -> list[Problem]:
    """Areas of data/karte.geojson for districts that have no page, and profiles
    located outside the map (where no marker can be drawn)."""
    problems = []
    known = {(slugify(c.name), slugify(d.name)) for c in cities for d in c.districts}
    for shape in shapes.areas:
        if (slugify(shape.city), slugify(shape.district)) not in known:
            problems.append(
                _problem(
                    f"Den Stadtteil '{shape.district}' in '{shape.city}' gibt es im Handbuch nicht",
                    "Die Eigenschaften 'city' und 'district' schreiben Stadt und Stadtteil wie "
                    "im Projektkatalog oder im Profil.",
                    shape.line,
                    shape.column,
                )
            )
    lons = [lon for shape in shapes.background for ring in shape.rings for lon, _lat in ring]
    lats = [lat for shape in shapes.background for ring in shape.rings for _lon, lat in ring]
    for page in [p for c in cities for p in (c.page, *(d.page for d in c.districts)) if p]:
        location = page.profile.location if page.profile else None
        if location and not (
            min(lats) <= location[0] <= max(lats) and min(lons) <= location[1] <= max(lons)
        ):
            origin = page.profile.positions["location"] if page.profile else None
            problems.append(
                Problem(
                    origin.path if origin else page.source,
                    origin.line if origin else 1,
                    origin.column if origin else 1,
                    f"Die Lage [{location[0]}, {location[1]}] liegt außerhalb der Karte",
                    "Zuerst die Breite (in NRW etwa 50,3 bis 52,5), dann die Länge (etwa 5,9 "
                    "bis 9,5); sind die beiden vertauscht?",
                    "warning",
                )
            )
    return problems
