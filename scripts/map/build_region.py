#!/usr/bin/env python3
"""Extract and simplify the country outlines of the Sahel and West Africa for the site's map.

Input: `countries-50m.json` from the npm package `world-atlas` (Natural Earth 1:50m admin-0
countries, public domain, as TopoJSON; the package itself is ISC-licensed). Install it in a
scratch directory outside the repository, never in it:

    cd "$(mktemp -d)" && npm install world-atlas@2
    python3 scripts/map/build_region.py node_modules/world-atlas/countries-50m.json \
        > data/map/region.json

Output (`data/map/region.json`, embedded in the binary by `src/site/map.rs`):

    {"source": "...", "unit": 0.01, "bbox": [west, south, east, north],
     "countries": [{"iso": "ML", "name": "Mali", "short": null,
                    "rings": [[lon0, lat0, lon1, lat1, ...], ...]}, ...]}

Coordinates are integers in hundredths of a degree (about 1 km), longitude first. Rings are
closed implicitly; holes are further rings of the same country (draw with the even-odd rule).

Why simplify the topology's arcs rather than each polygon: a border shared by two countries is
one arc, so both countries get exactly the same simplified line and no slivers or gaps appear
between them. The output is deterministic (sorted by ISO code, fixed rounding).
"""

import json
import sys

# The region: polygons whose bounding box meets this one are kept (whole, not clipped), so the
# map has context around the Sahel at any zoom: North Africa, the Gulf of Guinea, Chad and Sudan.
WEST, SOUTH, EAST, NORTH = -26.0, -2.0, 27.0, 37.0

# Douglas-Peucker tolerance in degrees: ~3 km, invisible at the zoom of an incident page
# (about 700 km across) and keeps the file in the tens of kilobytes.
TOLERANCE = 0.03

# ISO 3166-1 numeric (world-atlas ids) -> alpha-2 (what incidents carry) and label names.
# A short name is tried when the full one does not fit in the visible part of the country.
COUNTRIES = {
    "012": ("DZ", "Algeria", None),
    "024": ("AO", "Angola", None),
    "120": ("CM", "Cameroon", None),
    "132": ("CV", "Cabo Verde", None),
    "140": ("CF", "Central African Rep.", "C.A.R."),
    "148": ("TD", "Chad", None),
    "178": ("CG", "Congo", None),
    "180": ("CD", "Dem. Rep. Congo", "D.R.C."),
    "204": ("BJ", "Benin", None),
    "226": ("GQ", "Eq. Guinea", None),
    "266": ("GA", "Gabon", None),
    "270": ("GM", "Gambia", None),
    "288": ("GH", "Ghana", None),
    "300": ("GR", "Greece", None),
    "324": ("GN", "Guinea", None),
    "380": ("IT", "Italy", None),
    "384": ("CI", "Côte d’Ivoire", "C. d’Ivoire"),
    "430": ("LR", "Liberia", None),
    "434": ("LY", "Libya", None),
    "466": ("ML", "Mali", None),
    "470": ("MT", "Malta", None),
    "478": ("MR", "Mauritania", None),
    "504": ("MA", "Morocco", None),
    "562": ("NE", "Niger", None),
    "566": ("NG", "Nigeria", None),
    "620": ("PT", "Portugal", None),
    "624": ("GW", "Guinea-Bissau", "G.-Bissau"),
    "678": ("ST", "São Tomé and Príncipe", "São Tomé"),
    "686": ("SN", "Senegal", None),
    "694": ("SL", "Sierra Leone", "S. Leone"),
    "724": ("ES", "Spain", None),
    "728": ("SS", "South Sudan", "S. Sudan"),
    "729": ("SD", "Sudan", None),
    "732": ("EH", "Western Sahara", "W. Sahara"),
    "768": ("TG", "Togo", None),
    "788": ("TN", "Tunisia", None),
    "818": ("EG", "Egypt", None),
    "854": ("BF", "Burkina Faso", "Burkina"),
}


def decode_arcs(topo):
    """Absolute coordinates of every arc (TopoJSON arcs are quantized and delta-encoded)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def simplify(pts, tol):
    """Douglas-Peucker, iterative, keeping both end points (arc ends are junctions)."""
    if len(pts) < 3:
        return list(pts)
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = pts[a], pts[b]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5
        best, index = -1.0, -1
        for i in range(a + 1, b):
            px, py = pts[i]
            if norm == 0:
                d = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            else:
                d = abs(dy * (px - ax) - dx * (py - ay)) / norm
            if d > best:
                best, index = d, i
        if index >= 0 and best > tol:
            keep[index] = True
            stack.append((a, index))
            stack.append((index, b))
    return [p for p, k in zip(pts, keep) if k]


def ring_points(ring, arcs):
    out = []
    for i in ring:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        # Consecutive arcs share their junction point.
        out.extend(arc if not out else arc[1:])
    return out


def quantize(pts):
    q = []
    for x, y in pts:
        p = (round(x * 100), round(y * 100))
        if not q or q[-1] != p:
            q.append(p)
    if len(q) > 1 and q[0] == q[-1]:
        q.pop()
    return q


def area2(q):
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(q, q[1:] + q[:1]))


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: build_region.py path/to/world-atlas/countries-50m.json > data/map/region.json")
    with open(sys.argv[1], encoding="utf-8") as f:
        topo = json.load(f)
    raw = decode_arcs(topo)
    arcs = [simplify(a, TOLERANCE) for a in raw]
    countries = []
    for g in topo["objects"]["countries"]["geometries"]:
        code = COUNTRIES.get(str(g.get("id")))
        if code is None:
            continue
        polys = {"Polygon": [g.get("arcs", [])], "MultiPolygon": g.get("arcs", [])}.get(g["type"], [])
        rings = []
        for poly in polys:
            # Keep a part (mainland, island) if its outer ring's raw extent meets the region.
            outer = ring_points(poly[0], raw)
            xs = [p[0] for p in outer]
            ys = [p[1] for p in outer]
            if max(xs) < WEST or min(xs) > EAST or max(ys) < SOUTH or min(ys) > NORTH:
                continue
            for ring in poly:
                q = quantize(ring_points(ring, arcs))
                # Drop islets that simplification reduced to nothing.
                if len(q) >= 3 and abs(area2(q)) >= 2 * 400:  # >= 0.04 square degrees
                    rings.append([c for p in q for c in p])
        if rings:
            iso, name, short = code
            countries.append({"iso": iso, "name": name, "short": short, "rings": rings})
    countries.sort(key=lambda c: c["iso"])
    out = {
        "source": "Natural Earth 1:50m admin-0 countries (public domain), via world-atlas 2 "
        "(ISC); simplified by scripts/map/build_region.py",
        "unit": 0.01,
        "bbox": [WEST, SOUTH, EAST, NORTH],
        "countries": countries,
    }
    sys.stdout.write(json.dumps(out, ensure_ascii=False, separators=(",", ":")))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
