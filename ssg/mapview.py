"""The map as the templates draw it: shapes and markers projected onto an SVG canvas.

A marker stands for every district and city whose profile has a `location`,
in the order of the text list beside the map (so keyboard focus follows the
list); running and finished programme areas differ in shape and colour.
Positions are never guessed: what has no `location` has no marker. The
projection is plain equirectangular, scaled by the cosine of the middle
latitude, which is true enough for a state of 250 km.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ssg.indexes import City, Site
from ssg.mapdata import Ring, Shape, Shapes, packaged_shapes
from ssg.slugs import slugify

WIDTH = 320  # SVG units; markers keep their size in these as the map scales
PADDING = 0.06  # of the larger side
CITY_SPAN = 0.06  # degrees of latitude a city's map shows at least (about 7 km)

# Marker kinds in the order of the legend, with what the legend says.
KINDS = {
    "laufend": "laufendes Programmgebiet",
    "abgeschlossen": "abgeschlossenes Programmgebiet",
    "gebiet": "Programmgebiet ohne Angabe zum Stand",
    "stadt": "Stadt",
}


@dataclass(frozen=True)
class Marker:
    """A located district or city: a link to its page at (x, y)."""

    label: str  # the accessible name, e.g. "Nordstadt, Dortmund: laufendes Programmgebiet"
    path: str
    x: float
    y: float
    kind: str  # a key of KINDS
    caption: str = ""  # a visible name beside the marker (cities on the state's map)
    caption_end: bool = False  # caption to the left: the marker is near the right edge


@dataclass(frozen=True)
class Area:
    """A district's own boundary from data/karte.geojson, linked to its page."""

    label: str
    path: str
    outline: str  # SVG path data


@dataclass(frozen=True)
class Map:
    """What the map template draws."""

    title: str
    description: str
    width: int
    height: int
    background: str  # SVG path data of the outline
    areas: tuple[Area, ...]
    markers: tuple[Marker, ...]
    kinds: tuple[tuple[str, str], ...]  # the legend: kinds that occur, with their text
    sources: tuple[str, ...]


def overview_map(site: Site, shapes: Shapes | None) -> Map | None:
    """All located districts and cities on the outline of the state; None if none is."""
    shapes = shapes or packaged_shapes()
    markers = list(_located(site.cities))
    areas = _areas(site.cities, shapes)
    if not markers and not areas:
        return None
    points = [point for shape in shapes.background for ring in shape.rings for point in ring]
    markers = [marker for marker in markers if inside(marker[2:4], points)]
    title = "Karte der Programmgebiete"
    return _project(title, markers, areas, shapes, points, captions=("stadt",))


def city_map(city: City, shapes: Shapes | None) -> Map | None:
    """The located districts of one city, close up; None if none of them is located."""
    shapes = shapes or packaged_shapes()
    markers = list(_located([city]))
    areas = _areas([city], shapes)
    if not markers and not areas:
        return None
    points = [(marker[3], marker[2]) for marker in markers]
    points += [point for _label, _path, shape in areas for ring in shape.rings for point in ring]
    lons, lats = [lon for lon, _lat in points], [lat for _lon, lat in points]
    middle_lon, middle_lat = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
    half_lat = max(max(lats) - min(lats), CITY_SPAN) / 2
    half_lon = max(max(lons) - min(lons), CITY_SPAN / math.cos(math.radians(middle_lat))) / 2
    points += [(middle_lon - half_lon, middle_lat - half_lat)]
    points += [(middle_lon + half_lon, middle_lat + half_lat)]
    title = f"Karte: Programmgebiete in {city.name}"
    return _project(
        title,
        markers,
        areas,
        shapes,
        points,
        captions=("stadt", "laufend", "abgeschlossen", "gebiet"),
    )


LocatedMarker = tuple[str, str, float, float, str, str]  # …, kind, short name


def inside(location: tuple[float, float], points: list[tuple[float, float]]) -> bool:
    """Whether (latitude, longitude) lies within the bounding box of `points`."""
    lat, lon = location
    lons, lats = [x for x, _y in points], [y for _x, y in points]
    return min(lons) <= lon <= max(lons) and min(lats) <= lat <= max(lats)


def _located(cities: Iterable[City]) -> Iterator[LocatedMarker]:
    for city in cities:
        if city.profile.location:
            yield (city.name, city.path, *city.profile.location, "stadt", city.name)
        for district in city.districts:
            profile = district.profile
            if profile.location:
                kind = profile.status or "gebiet"
                label = f"{district.name}, {city.name}: {profile.status_text or KINDS[kind]}"
                yield (label, district.path, *profile.location, kind, district.name)


def _areas(cities: Iterable[City], shapes: Shapes) -> list[tuple[str, str, Shape]]:
    """The areas of data/karte.geojson that belong to districts of `cities`."""
    districts = {
        (slugify(city.name), slugify(district.name)): (f"{district.name}, {city.name}", district)
        for city in cities
        for district in city.districts
    }
    found = []
    for shape in shapes.areas:
        key = (slugify(shape.city), slugify(shape.district))
        if key in districts:
            label, district = districts[key]
            found.append((label, district.path, shape))
    return found


def _project(
    title: str,
    markers: list[LocatedMarker],
    areas: list[tuple[str, str, Shape]],
    shapes: Shapes,
    points: list[tuple[float, float]],
    captions: tuple[str, ...] = (),
) -> Map:
    """The map of `points`' extent; markers of the kinds in `captions` get a visible name."""
    lons, lats = [lon for lon, _lat in points], [lat for _lon, lat in points]
    scale_x = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x, span_y = (max(lons) - min(lons)) * scale_x, max(lats) - min(lats)
    pad = max(span_x, span_y) * PADDING
    unit = WIDTH / (span_x + 2 * pad)
    height = round((span_y + 2 * pad) * unit)
    left, top = min(lons), max(lats)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return round(((lon - left) * scale_x + pad) * unit, 1), round(((top - lat) + pad) * unit, 1)

    def outline(rings: Iterable[Ring]) -> str:
        return " ".join(_path_data([xy(*point) for point in ring]) for ring in rings)

    placed = tuple(
        Marker(
            label,
            path,
            *xy(lon, lat),
            kind,
            name if kind in captions else "",
            xy(lon, lat)[0] > WIDTH * 0.7,
        )
        for label, path, lat, lon, kind, name in markers
    )
    used = {marker.kind for marker in placed}
    kinds = tuple((kind, text) for kind, text in KINDS.items() if kind in used)
    count = len(placed)
    description = (
        f"{count} {'Markierung' if count == 1 else 'Markierungen'}, jede ein Link zur Seite "
        "des Gebiets. Die Liste unter der Karte nennt alle Städte und Stadtteile, auch die "
        "ohne Lageangabe."
    )
    return Map(
        title=title,
        description=description,
        width=WIDTH,
        height=height,
        background=" ".join(outline(shape.rings) for shape in shapes.background),
        areas=tuple(Area(label, path, outline(shape.rings)) for label, path, shape in areas),
        markers=placed,
        kinds=kinds,
        sources=shapes.sources,
    )


def _path_data(points: list[tuple[float, float]]) -> str:
    """SVG path data of a closed ring, without points that rounding made equal."""
    kept = [point for index, point in enumerate(points) if index == 0 or point != points[index - 1]]
    return "M" + " L".join(f"{x:g},{y:g}" for x, y in kept) + " Z"
