"""Reads for the partners pages that are more than a one-line query."""

from __future__ import annotations

import json
import unicodedata
from functools import lru_cache

from django.conf import settings
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.registry import country_sections

from .choices import GovernanceRoleKind, OrganisationKind, Region
from .models import Country, GovernanceRole, Organisation

MAP_FILE = settings.BASE_DIR / "reference" / "data" / "map" / "africa_europe.json"


@lru_cache(maxsize=1)
def map_shapes() -> dict:
    """The vendored Natural Earth outlines, keyed by ISO numeric code (built by scripts/)."""
    if not MAP_FILE.exists():
        return {"viewBox": "0 0 100 100", "countries": {}}
    with MAP_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


def country_map(countries, *, highlight: str | None = None) -> dict:
    """Shapes for the partners map: each partner's path with its status, link and name."""
    shapes = map_shapes()
    by_numeric = {c.numeric: c for c in countries if c.numeric}
    paths = []
    for numeric, d in shapes.get("countries", {}).items():
        country = by_numeric.get(numeric)
        paths.append(
            {
                "d": d,
                "country": country,
                "css": (country.status if country else "is-other")
                + (" is-highlight" if country and country.iso2 == highlight else ""),
            }
        )
    # Partners last so that their outlines (and focus rings) are drawn on top.
    paths.sort(key=lambda p: p["country"] is not None)
    # Countries too small to click on (Cabo Verde, Malta...) also get a marker at their centre.
    centroids = shapes.get("centroids", {})
    markers = [
        {"cx": centroids[n][0], "cy": centroids[n][1], "country": by_numeric[n],
         "css": by_numeric[n].status}
        for n in shapes.get("small", [])
        if n in by_numeric and n in centroids
    ]  # fmt: skip
    return {
        "viewBox": shapes.get("viewBox"),
        "paths": paths,
        "markers": markers,
        "other_areas": list(shapes.get("other_areas", {}).values())
        if isinstance(shapes.get("other_areas"), dict)
        else [],
        "disclaimer": shapes.get("disclaimer", ""),
    }


def current_chair(on=None) -> GovernanceRole | None:
    """The Chair in office: the latest chairmanship begun by that day and not yet ended.

    Chairs follow one another, so an old chairmanship whose end date is unknown (2015, 2016)
    ends when a later one begins.
    """
    day = on or timezone.localdate()
    latest = (
        GovernanceRole.objects.filter(kind=GovernanceRoleKind.CHAIR, start_date__lte=day)
        .select_related("country", "organisation")
        .order_by("-start_date")
        .first()
    )
    if latest is None or (latest.end_date is not None and latest.end_date <= day):
        return None
    return latest


def chair_succession():
    # A chairmanship known only by its end (Mali, until March 2017) sorts by that end.
    return (
        GovernanceRole.objects.filter(kind=GovernanceRoleKind.CHAIR)
        .select_related("country", "organisation")
        .order_by(Coalesce("start_date", "end_date"), "end_date")
    )


def country_profile(country: Country, user) -> dict:
    """Everything about one partner: roles over time, focal points, then the plugged sections."""
    today = timezone.localdate()
    chair = current_chair(today)
    roles = list(country.governance_roles.select_related("organisation").order_by("-start_date"))
    sections = []
    for section in country_sections:
        context = section.context(country, user)
        if context is not None:
            sections.append({"key": section.key, "template": section.template, **context})
    return {
        "roles": roles,
        "current_roles": [
            r
            for r in roles
            if r.start_date is not None
            and r.start_date <= today
            and (r.end_date is None or r.end_date > today)
            and (r.kind != GovernanceRoleKind.CHAIR or r == chair)
        ],
        "focal_points": list(
            country.focal_points.current().select_related("person", "person__organisation")
        ),
        "sections": sections,
    }


# -- choices for forms and filters (``core.widgets``) --------------------------------------


def by_name(name: str) -> str:
    """A sort key that files "Égypte" under E and "Côte d'Ivoire" under C."""
    text = unicodedata.normalize("NFKD", name or "")
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def country_options(user=None, countries=None, *, key: str = "iso2") -> list[tuple]:
    """Countries as ``<select>`` options: ISO code (or ``key``) → name in the active
    language, grouped by region (the regions' order), by name within a region. ``countries``
    narrows the list (a focal point's own countries); the reader's rule is ``restrict``."""
    queryset = Country.objects.restrict(user) if countries is None else countries
    groups: dict[str, list[Country]] = {region: [] for region in Region.values}
    for country in queryset:
        groups.setdefault(country.region, []).append(country)
    labels = dict(Region.choices)
    return [
        (
            labels.get(region, region),
            [(getattr(c, key), c.name) for c in sorted(members, key=lambda c: by_name(c.name))],
        )
        for region, members in groups.items()
        if members
    ]


def organisation_options(user=None) -> list[tuple]:
    """Organisations as options: slug → name (acronym), grouped by kind, by name."""
    groups: dict[str, list[Organisation]] = {kind: [] for kind in OrganisationKind.values}
    for organisation in Organisation.objects.restrict(user):
        groups.setdefault(organisation.kind, []).append(organisation)
    labels = dict(OrganisationKind.choices)
    return [
        (
            labels.get(kind, kind),
            [(o.slug, str(o)) for o in sorted(members, key=lambda o: by_name(o.name))],
        )
        for kind, members in groups.items()
        if members
    ]


def offer_countries(field):
    """Show a country ``ModelChoiceField`` as :func:`country_options` of its own queryset
    (grouped by region, by name in the active language). What it accepts is unchanged: its
    queryset, which the form narrows to what the write service allows."""
    blank = [("", field.empty_label)] if field.empty_label is not None else []
    field.widget.choices = blank + country_options(countries=field.queryset, key="pk")
    return field
