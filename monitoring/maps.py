"""Maps drawn on the server from the vendored Natural Earth outlines (no online service).

``choropleth`` shades each partner country by a figure (5 classes of a colour-blind-safe
sequential palette, with the figure in each country's title and a legend in words);
``venue_map`` places a circle, sized by the number of meetings, on each host country.
Both reuse ``partners.selectors.country_map`` (the partners map's shapes and links).
"""

from __future__ import annotations

import math

from django.db.models import Count

from partners.models import Country
from partners.selectors import country_map, map_shapes

# ColorBrewer "Blues" (colour-blind safe, prints in grey): lightest for the lowest class.
PALETTE = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
NONE_FILL = "#d9d9d9"


def classes(values) -> list[tuple[int, int]]:
    """Up to five (low, high) bounds covering 1..max, equal steps."""
    peak = max(values, default=0)
    if peak <= 0:
        return []
    step = max(1, math.ceil(peak / len(PALETTE)))
    bounds, low = [], 1
    while low <= peak:
        bounds.append((low, min(low + step - 1, peak)))
        low += step
    return bounds


def choropleth(values_by_iso2: dict[str, int]) -> dict:
    countries = list(Country.objects.current())
    base = country_map(countries)
    bounds = classes(values_by_iso2.values())
    for path in base["paths"]:
        country = path["country"]
        value = values_by_iso2.get(country.iso2, 0) if country else None
        path["value"] = value
        path["fill"] = NONE_FILL
        if value:
            for index, (low, high) in enumerate(bounds):
                if low <= value <= high:
                    path["fill"] = PALETTE[index]
    base["legend"] = [
        {"fill": PALETTE[i], "low": low, "high": high} for i, (low, high) in enumerate(bounds)
    ]
    base["none_fill"] = NONE_FILL
    return base


def venue_counts(user) -> list[dict]:
    """Meetings the user may see, per host country (one grouped query)."""
    from meetings.models import Meeting

    rows = (
        Meeting.objects.restrict(user)
        .exclude(country__isnull=True)
        .values("country__iso2", "country__name_en", "country__numeric")
        .annotate(n=Count("id"))
        .order_by("-n", "country__name_en")
    )
    return [
        {
            "country": r["country__iso2"],
            "name": r["country__name_en"],
            "numeric": r["country__numeric"],
            "meetings": r["n"],
        }
        for r in rows
    ]


def venue_map(counts: list[dict]) -> dict:
    shapes = map_shapes()
    centroids = shapes.get("centroids", {})
    peak = max((c["meetings"] for c in counts), default=0)
    by_iso = {c.iso2: c for c in Country.objects.filter(iso2__in=[c["country"] for c in counts])}
    circles = []
    for row in counts:
        centre = centroids.get(row["numeric"])
        if not centre or not peak:
            continue
        circles.append(
            {
                "cx": centre[0],
                "cy": centre[1],
                "r": round(4 + 16 * math.sqrt(row["meetings"] / peak), 1),
                "country": by_iso.get(row["country"]),
                **row,
            }
        )
    return {
        "viewBox": shapes.get("viewBox"),
        "outlines": list(shapes.get("countries", {}).values()),
        "other_areas": list(shapes.get("other_areas", {}).values())
        if isinstance(shapes.get("other_areas"), dict)
        else [],
        "circles": circles,
    }
