"""Maps drawn on the server from the vendored Natural Earth outlines (no online service).

``choropleth`` shades each partner country by a figure (5 classes of a colour-blind-safe
sequential palette, with the figure in each country's title and a legend in words);
``venue_map`` places a circle, sized by the number of meetings, on each host country.
Both reuse ``partners.selectors.country_map`` (the partners map's shapes and links).
"""

from __future__ import annotations

import math
from html import escape as e

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


def venue_counts(user, *, year_from=None, year_to=None) -> list[dict]:
    """Meetings held in the period per host country, from the figures kept by
    ``monitoring.tallies`` (meetings are seen by everyone)."""
    from . import figures
    from .models import LinkFigure

    counts = dict(
        figures.sums(
            LinkFigure,
            ("item",),
            ("records",),
            equal={"kind": "hosted"},
            year_from=year_from,
            year_to=year_to,
        )
    )
    countries = Country.objects.filter(id__in=list(counts)).values_list(
        "id", "iso2", "name_en", "numeric"
    )
    rows = [
        {"country": iso2, "name": name, "numeric": numeric, "meetings": counts[pk]}
        for pk, iso2, name, numeric in countries
        if counts[pk]
    ]
    return sorted(rows, key=lambda r: (-r["meetings"], r["name"]))


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
                **row,
                "cx": centre[0],
                "cy": centre[1],
                "r": round(4 + 16 * math.sqrt(row["meetings"] / peak), 1),
                "country": by_iso.get(row["country"]),  # the record: its profile's link
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


def _country_url():
    """``url(country)``: a partner's profile, one ``reverse`` per map instead of one per
    country."""
    from .dashboard_html import url_maker

    make = url_maker("partners:country", "iso2", "ZZ")
    return lambda country: make(country.iso2)


def choropleth_markup(base: dict):
    """The inside of the choropleth's ``<svg>``, one f-string per outline with stdlib escaping
    (about a hundred outlines with links: through ``format_html`` and a ``reverse`` each they
    were the bulk of the maps' time)."""
    from django.utils.safestring import mark_safe

    url = _country_url()
    none = e(base["none_fill"])
    parts = [
        f'<path d="{e(d)}" fill="{none}" stroke="#fff" stroke-width="0.5"/>'
        for d in base.get("other_areas", [])
    ]
    for p in base["paths"]:
        country = p["country"]
        if country:
            parts.append(
                f'<a href="{e(url(country))}"><title>{e(str(country.name))}: '
                f"{int(p['value'] or 0)}</title>"
                f'<path d="{e(p["d"])}" fill="{e(p["fill"])}" stroke="#333" '
                'stroke-width="0.6" fill-rule="evenodd"/></a>'
            )
        else:
            parts.append(
                f'<path d="{e(p["d"])}" fill="#ececec" stroke="#fff" stroke-width="0.5" '
                'fill-rule="evenodd"/>'
            )
    return mark_safe("".join(parts))  # noqa: S308 (every text is escaped, numbers are int)


def venue_markup(venues: dict):
    """The inside of the venues map's ``<svg>``."""
    from django.utils.safestring import mark_safe

    url = _country_url()
    grey = '<path d="{}" fill="#ececec" stroke="#fff" stroke-width="0.5"{}/>'
    parts = [grey.format(e(d), "") for d in venues["other_areas"]]
    parts += [grey.format(e(d), ' fill-rule="evenodd"') for d in venues["outlines"]]
    for c in venues["circles"]:
        circle = (
            f'<circle cx="{float(c["cx"])}" cy="{float(c["cy"])}" r="{float(c["r"])}" '
            'fill="#3182bd" fill-opacity="0.7" stroke="#08519c">'
            f"<title>{e(str(c['name']))}: {int(c['meetings'])}</title></circle>"
        )
        if c["country"]:
            circle = f'<a href="{e(url(c["country"]))}">{circle}</a>'
        parts.append(circle)
    return mark_safe("".join(parts))  # noqa: S308 (every text is escaped, numbers are numbers)
