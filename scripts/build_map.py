#!/usr/bin/env python3
"""Build the server-side Africa-Europe map (SVG path data) from Natural Earth TopoJSON.

Python 3.11, standard library only.  Reads the TopoJSON vendored by
scripts/vendor_assets.sh (reference/data/map/countries-50m.json, npm package
world-atlas, Natural Earth 1:50m admin-0 countries) and writes
reference/data/map/africa_europe.json:

    {
      "viewBox": "0 0 W H",
      "projection": "...",
      "bbox": [-30, -40, 60, 72],              # lon/lat window
      "countries":  {"504": "M...z", ...},     # ISO 3166-1 numeric, 3 digits
      "names":      {"504": "Morocco", ...},   # Natural Earth short names (English)
      "centroids":  {"504": [x, y], ...},      # label / marker point, SVG units
      "small":      ["470", "132", ...],       # too small to click: draw a marker
      "other_areas": {"Kosovo": "M...z", ...}  # areas without an ISO numeric code
    }

Steps: decode the quantized, delta-encoded arcs; simplify each arc once
(Douglas-Peucker, so shared borders stay identical on both sides); assemble
rings; clip every ring to the lon/lat window (Sutherland-Hodgman); project
(equirectangular with a standard parallel); round to 0.1 unit; emit compact
relative SVG path commands.

Usage:  python scripts/build_map.py [--svg /tmp/map_check.svg]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAP_DIR = ROOT / "reference" / "data" / "map"
SOURCE = MAP_DIR / "countries-50m.json"
TARGET = MAP_DIR / "africa_europe.json"

# Window (degrees) and projection parameters.
LON_MIN, LON_MAX = -30.0, 60.0
LAT_MIN, LAT_MAX = -40.0, 72.0
STD_PARALLEL = 30.0  # equirectangular: x = lon * cos(phi0); true scale at 30 deg N/S
SCALE = 10.0  # SVG units per degree of latitude
SIMPLIFY_DEG = 0.04  # Douglas-Peucker tolerance, degrees (about 4 km; 0.4 SVG unit)
MIN_ISLAND_DEG2 = 0.004  # drop islands smaller than this (deg^2) unless they are all a country has

K = math.cos(math.radians(STD_PARALLEL))
WIDTH = (LON_MAX - LON_MIN) * K * SCALE
HEIGHT = (LAT_MAX - LAT_MIN) * SCALE


def project(lon: float, lat: float) -> tuple[float, float]:
    """Equirectangular (equidistant cylindrical) with standard parallel 30 deg, north up."""
    return (lon - LON_MIN) * K * SCALE, (LAT_MAX - lat) * SCALE


# --------------------------------------------------------------------------- TopoJSON


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Undo delta encoding and quantization: each arc becomes a list of (lon, lat)."""
    transform = topo.get("transform")
    out = []
    for arc in topo["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            pts = []
            for dx, dy, *_ in arc:
                x += dx
                y += dy
                pts.append((x * sx + tx, y * sy + ty))
        else:
            pts = [(p[0], p[1]) for p in arc]
        out.append(pts)
    return out


def simplify(points: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Douglas-Peucker in a locally scaled plane (lon shrunk by cos(lat)). Keeps the endpoints."""
    n = len(points)
    if n <= 2:
        return points
    mid_lat = sum(p[1] for p in points) / n
    c = max(math.cos(math.radians(mid_lat)), 0.05)
    xy = [(p[0] * c, p[1]) for p in points]
    keep = [False] * n
    keep[0] = keep[-1] = True
    if xy[0] == xy[-1]:  # closed arc (island): anchor on the farthest point as well
        far = max(range(n), key=lambda i: (xy[i][0] - xy[0][0]) ** 2 + (xy[i][1] - xy[0][1]) ** 2)
        keep[far] = True
        stack = [(0, far), (far, n - 1)]
    else:
        stack = [(0, n - 1)]
    tol2 = tol * tol
    while stack:
        a, b = stack.pop()
        if b - a < 2:
            continue
        (ax, ay), (bx, by) = xy[a], xy[b]
        dx, dy = bx - ax, by - ay
        seg2 = dx * dx + dy * dy
        best, best_d = -1, tol2
        for i in range(a + 1, b):
            px, py = xy[i]
            if seg2 == 0:
                d = (px - ax) ** 2 + (py - ay) ** 2
            else:
                t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / seg2))
                d = (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2
            if d > best_d:
                best, best_d = i, d
        if best >= 0:
            keep[best] = True
            stack.append((a, best))
            stack.append((best, b))
    return [p for p, k in zip(points, keep, strict=True) if k]


Point = tuple[float, float]


def ring_from_arcs(indexes: list[int], arcs: list[list[Point]]) -> list[Point]:
    """Concatenate arcs (negative index ~i = arc i reversed), dropping shared joints."""
    ring: list[tuple[float, float]] = []
    for i in indexes:
        pts = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(pts[1:] if ring else pts)
    return ring


def unwrap(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Make longitudes continuous across the antimeridian (Fiji, Chukotka), so that a
    ring jumping from 180 to -180 is not clipped into a band across the whole window."""
    out = []
    shift = 0.0
    prev = None
    for lon, lat in ring:
        if prev is not None:
            if lon + shift - prev > 180:
                shift -= 360
            elif lon + shift - prev < -180:
                shift += 360
        prev = lon + shift
        out.append((prev, lat))
    return out


def polygons_of(geom: dict, arcs) -> list[list[list[tuple[float, float]]]]:
    if geom["type"] == "Polygon":
        polys = [geom["arcs"]]
    elif geom["type"] == "MultiPolygon":
        polys = geom["arcs"]
    else:
        return []
    return [[unwrap(ring_from_arcs(r, arcs)) for r in poly] for poly in polys]


# --------------------------------------------------------------------------- geometry


def area(ring) -> float:
    """Signed shoelace area (in the ring's own units)."""
    s = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        s += x1 * y2 - x2 * y1
    return s / 2


def clip_ring(ring, xmin, ymin, xmax, ymax):
    """Sutherland-Hodgman clip of a closed ring against an axis-aligned box."""

    def clip(pts, inside, cross):
        if not pts:
            return pts
        out = []
        prev = pts[-1]
        for cur in pts:
            if inside(cur):
                if not inside(prev):
                    out.append(cross(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cross(prev, cur))
            prev = cur
        return out

    def at_x(x):
        return lambda p, q: (x, p[1] + (q[1] - p[1]) * (x - p[0]) / (q[0] - p[0]))

    def at_y(y):
        return lambda p, q: (p[0] + (q[0] - p[0]) * (y - p[1]) / (q[1] - p[1]), y)

    pts = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring
    pts = clip(pts, lambda p: p[0] >= xmin, at_x(xmin))
    pts = clip(pts, lambda p: p[0] <= xmax, at_x(xmax))
    pts = clip(pts, lambda p: p[1] >= ymin, at_y(ymin))
    pts = clip(pts, lambda p: p[1] <= ymax, at_y(ymax))
    return pts


def to_tenths(ring) -> list[tuple[int, int]]:
    """Project and round to 0.1 SVG unit (kept as integers), dropping repeated points."""
    out: list[tuple[int, int]] = []
    for lon, lat in ring:
        x, y = project(lon, lat)
        p = (round(x * 10), round(y * 10))
        if not out or p != out[-1]:
            out.append(p)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    # drop collinear points created by rounding / clipping along the window edge
    changed = True
    while changed and len(out) > 3:
        changed = False
        keep = []
        n = len(out)
        for i in range(n):
            (ax, ay), (bx, by), (cx, cy) = out[i - 1], out[i], out[(i + 1) % n]
            if (bx - ax) * (cy - ay) - (by - ay) * (cx - ax) == 0 and (
                min(ax, cx) <= bx <= max(ax, cx) and min(ay, cy) <= by <= max(ay, cy)
            ):
                changed = True
                continue
            keep.append(out[i])
        out = keep
    return out


def fmt(v: int) -> str:
    """Integer tenths -> shortest decimal string: 12 -> '1.2', -5 -> '-.5', 30 -> '3'."""
    sign = "-" if v < 0 else ""
    q, r = divmod(abs(v), 10)
    if r == 0:
        return f"{sign}{q}"
    return f"{sign}{q}.{r}" if q else f"{sign}.{r}"


def join_nums(nums: list[int]) -> str:
    s = ""
    for v in nums:
        t = fmt(v)
        # a separator is needed unless the next number starts with '-'
        # (".5" after "1.2" would be ambiguous for humans and some parsers, so keep the space)
        s += t if (not s or t.startswith("-")) else " " + t
    return s


def path_d(rings: list[list[tuple[int, int]]]) -> str:
    parts = []
    cx = cy = 0
    for ring in rings:
        (x0, y0) = ring[0]
        cmd = "M" + join_nums([x0, y0]) if not parts else "m" + join_nums([x0 - cx, y0 - cy])
        deltas = []
        px, py = x0, y0
        for x, y in ring[1:]:
            deltas += [x - px, y - py]
            px, py = x, y
        parts.append(cmd + "l" + join_nums(deltas) + "z")
        cx, cy = x0, y0  # after 'z' the current point is the subpath start
    return "".join(parts)


# --------------------------------------------------------------------------- build


def build(source: Path = SOURCE) -> dict:
    topo = json.loads(source.read_text(encoding="utf-8"))
    raw_arcs = decode_arcs(topo)
    geoms = topo["objects"]["countries"]["geometries"]

    # only simplify arcs used by features that touch the window (margin for clipping)
    def touches(arc):
        return any(
            LON_MIN - 1 <= x <= LON_MAX + 1 and LAT_MIN - 1 <= y <= LAT_MAX + 1 for x, y in arc
        )

    arcs = [simplify(a, SIMPLIFY_DEG) if touches(a) else a for a in raw_arcs]

    def clip_feature(polys):
        kept = []  # list of (area_deg2, [rings in tenths])
        for poly in polys:
            clipped = [clip_ring(r, LON_MIN, LAT_MIN, LON_MAX, LAT_MAX) for r in poly]
            if not clipped[0] or len(clipped[0]) < 3:
                continue
            a = abs(area(clipped[0]))
            rings = [to_tenths(r) for r in clipped if len(r) >= 3]
            rings = [r for r in rings if len(r) >= 3]
            if rings and rings[0] == to_tenths(clipped[0]):
                kept.append((a, rings))
        return kept

    countries, names, centroids, small, others = {}, {}, {}, [], {}
    for g in geoms:
        name = (g.get("properties") or {}).get("name", "")
        kept = clip_feature(polygons_of(g, arcs))
        if not kept:  # tiny feature (Monaco, Vatican) collapsed by simplification: use full detail
            kept = clip_feature(polygons_of(g, raw_arcs))
        if not kept:
            continue
        biggest = max(a for a, _ in kept)
        # keep small islands only for small countries (Cabo Verde, Malta, Comoros...)
        kept = [(a, r) for a, r in kept if a >= MIN_ISLAND_DEG2 or biggest < 0.5]
        rings = [r for _, rs in sorted(kept, key=lambda t: -t[0]) for r in rs]
        d = path_d(rings)
        gid = g.get("id")
        if gid is None or not str(gid).isdigit():
            others[name or f"area-{len(others) + 1}"] = d
            continue
        code = f"{int(gid):03d}"
        countries[code] = d
        names[code] = name
        # label point: area-weighted centroid of the largest ring (in SVG units)
        main = rings[0]
        pts = [(x / 10, y / 10) for x, y in main]
        a = area(pts)
        if abs(a) < 1e-9:
            cxy = (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
        else:
            sx = sy = 0.0
            for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1], strict=True):
                f = x1 * y2 - x2 * y1
                sx += (x1 + x2) * f
                sy += (y1 + y2) * f
            cxy = (sx / (6 * a), sy / (6 * a))
        centroids[code] = [round(cxy[0], 1), round(cxy[1], 1)]
        total_area = sum(abs(area([(x / 10, y / 10) for x, y in r])) for r in rings)
        if total_area < 40:  # under ~6x6 SVG units: too small to see or click
            small.append(code)

    return {
        "viewBox": f"0 0 {WIDTH:.1f} {HEIGHT:.1f}".replace(".0 ", " ").removesuffix(".0"),
        "projection": (
            f"equirectangular (equidistant cylindrical), standard parallel {STD_PARALLEL:g} deg, "
            f"{SCALE:g} units per degree of latitude, north up; "
            f"clipped to lon {LON_MIN:g}..{LON_MAX:g}, lat {LAT_MIN:g}..{LAT_MAX:g}; "
            f"x = (lon - ({LON_MIN:g})) * cos({STD_PARALLEL:g} deg) * {SCALE:g}, "
            f"y = ({LAT_MAX:g} - lat) * {SCALE:g}"
        ),
        "bbox": [LON_MIN, LAT_MIN, LON_MAX, LAT_MAX],
        "source": "Natural Earth 1:50m admin-0 countries via world-atlas countries-50m.json "
        "(public domain / ISC); see reference/data/map/NOTICE.md",
        "disclaimer": "Boundaries and names follow Natural Earth and do not imply official "
        "endorsement or acceptance by the Rabat Process or its partners.",
        "countries": dict(sorted(countries.items())),
        "names": dict(sorted(names.items())),
        "centroids": dict(sorted(centroids.items())),
        "small": sorted(small),
        "other_areas": dict(sorted(others.items())),
    }


def render_svg(data: dict, highlight: dict[str, str] | None = None) -> str:
    """A stand-alone SVG for eyeballing the result (not used by the site)."""
    highlight = highlight or {}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{data["viewBox"]}" '
        f'width="{data["viewBox"].split()[2]}" height="{data["viewBox"].split()[3]}">',
        '<rect width="100%" height="100%" fill="#eef3f8"/>',
        '<g fill="#d9dde3" stroke="#fff" stroke-width="0.6" stroke-linejoin="round" '
        'fill-rule="evenodd">',
    ]
    for name, d in data["other_areas"].items():
        out.append(f'<path d="{d}"><title>{name}</title></path>')
    for code, d in data["countries"].items():
        fill = f' fill="{highlight[code]}"' if code in highlight else ""
        out.append(f'<path d="{d}"{fill}><title>{data["names"][code]} ({code})</title></path>')
    out.append("</g>")
    for code in data["small"]:
        x, y = data["centroids"][code]
        fill = highlight.get(code, "#9aa3ad")
        out.append(
            f'<circle cx="{x}" cy="{y}" r="3.5" fill="{fill}" stroke="#fff" stroke-width="0.8"/>'
        )
    out.append("</svg>")
    return "\n".join(out)


def self_check(data: dict, size: int) -> None:
    c = data["countries"]
    required = [("504", "Morocco"), ("250", "France"), ("566", "Nigeria"), ("756", "Switzerland")]
    for code, name in required:
        assert code in c, f"{name} ({code}) missing from the map"
        assert c[code].startswith("M") and c[code].endswith("z"), f"{name} path malformed"
    # all of Africa and Europe, some context
    context = ["012", "818", "710", "231", "132", "678", "470"]  # Algeria ... Malta
    context += ["352", "578", "643", "792", "682", "364"]  # Iceland ... Iran
    for code in context:
        assert code in c, f"{code} missing"
    assert "076" not in c, "Brazil lies outside the window"
    assert all(len(k) == 3 and k.isdigit() for k in c)
    # orientation: north up (Oslo above Cape Town), west left (Dakar left of Cairo)
    cen = data["centroids"]
    assert cen["578"][1] < cen["566"][1] < cen["710"][1], "map is upside down"
    assert cen["686"][0] < cen["818"][0], "map is mirrored"
    w, h = map(float, data["viewBox"].split()[2:])
    for code, (x, y) in cen.items():
        assert -1 <= x <= w + 1 and -1 <= y <= h + 1, f"{code} centroid outside viewBox"
    assert size < 400_000, f"map file is {size} bytes, aim < 400 KB"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", type=Path, default=SOURCE)
    ap.add_argument("--out", type=Path, default=TARGET)
    ap.add_argument("--svg", type=Path, help="also write a test SVG here (e.g. /tmp/map_check.svg)")
    args = ap.parse_args(argv)

    data = build(args.source)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    size = len(text.encode()) + 1
    self_check(data, size)
    print(
        f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}: "
        f"{len(data['countries'])} countries + {len(data['other_areas'])} other areas, "
        f"{size / 1024:.0f} KB, viewBox {data['viewBox']}"
    )
    if args.svg:
        demo = dict.fromkeys(["504", "250", "566", "756", "686", "132", "470"], "#16437e")
        args.svg.write_text(render_svg(data, demo), encoding="utf-8")
        print(f"wrote {args.svg}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
