"""Build src/skillsnet/web/static/skillsnet/region-map.json: the countries of the network's region as SVG
paths (equirectangular projection), from Natural Earth's public-domain admin-0 boundaries (1:50m) as
packaged in the npm package `world-atlas` (ISC licence). Run at build time only; nothing is downloaded at
run time:
    npm install --prefix /tmp/npm world-atlas
    python tools/build_map.py /tmp/npm/node_modules/world-atlas/countries-50m.json
"""
import json
import sys
from pathlib import Path

# ISO 3166-1 numeric → alpha-2, for the countries drawn
COUNTRIES = {
    "156": "CN", "116": "KH", "418": "LA", "360": "ID", "104": "MM", "764": "TH", "704": "VN", "458": "MY",
    "608": "PH", "702": "SG", "096": "BN", "626": "TL", "356": "IN", "050": "BD", "064": "BT", "524": "NP",
    "496": "MN", "408": "KP", "410": "KR", "392": "JP", "158": "TW", "144": "LK", "598": "PG", "036": "AU",
    "586": "PK", "004": "AF", "398": "KZ", "417": "KG", "762": "TJ", "860": "UZ", "643": "RU", "344": "HK",
    "446": "MO",
}
LON = (88.0, 142.0)   # the view: west to east
LAT = (-11.5, 46.0)   # south to north
WIDTH = 540
SCALE = WIDTH / (LON[1] - LON[0])
HEIGHT = round((LAT[1] - LAT[0]) * SCALE)
OUT = Path(__file__).resolve().parents[1] / "src/skillsnet/web/static/skillsnet/region-map.json"


def project(lon, lat):
    return (lon - LON[0]) * SCALE, (LAT[1] - lat) * SCALE


def decode_arcs(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs, indexes):
    points = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        points.extend(arc if not points else arc[1:])
    return points


TOLERANCE = 0.7  # pixels (Douglas–Peucker)


def simplify(points, tolerance):
    """Douglas–Peucker, iterative."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5 or 1e-9
        worst, index = 0.0, None
        for i in range(first + 1, last):
            x, y = points[i]
            dist = abs(dy * (x - x1) - dx * (y - y1)) / norm if (dx or dy) else ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
            if dist > worst:
                worst, index = dist, i
        if index is not None and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep) if k]


def path_of(rings):
    parts = []
    for points in rings:
        xy = [project(lon, lat) for lon, lat in points]
        xs, ys = [p[0] for p in xy], [p[1] for p in xy]
        if max(xs) < 0 or min(xs) > WIDTH or max(ys) < 0 or min(ys) > HEIGHT:
            continue  # outside the view
        if (max(xs) - min(xs)) < 2 and (max(ys) - min(ys)) < 2:
            continue  # an islet smaller than a pixel
        kept = simplify(xy, TOLERANCE)
        if len(kept) < 3:
            continue
        d = "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in kept) + "Z"
        parts.append(d.replace(".0,", ",").replace(".0L", "L").replace(".0Z", "Z"))
    return "".join(parts)


def main(source):
    topo = json.loads(Path(source).read_text())
    arcs = decode_arcs(topo)
    out = {}
    for geometry in topo["objects"]["countries"]["geometries"]:
        code = COUNTRIES.get(str(geometry.get("id", "")).zfill(3))
        if not code:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [ring(arcs, r) for polygon in polygons for r in polygon[:1]]  # outer rings only
        d = path_of(rings)
        if not d:
            continue
        # a label point: the centre of the largest ring's bounding box, inside the view
        biggest = max(rings, key=len)
        xy = [project(lon, lat) for lon, lat in biggest]
        cx = min(max((min(p[0] for p in xy) + max(p[0] for p in xy)) / 2, 12), WIDTH - 12)
        cy = min(max((min(p[1] for p in xy) + max(p[1] for p in xy)) / 2, 12), HEIGHT - 12)
        out[code] = {"d": d, "x": round(cx), "y": round(cy)}
    OUT.write_text(json.dumps({"width": WIDTH, "height": HEIGHT, "source": "Natural Earth 1:50m admin-0 (public "
                               "domain), via world-atlas 2.0.2", "countries": out}, separators=(",", ":")))
    print(f"{len(out)} countries, {OUT.stat().st_size} bytes → {OUT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/npm/node_modules/world-atlas/countries-50m.json")
