"""What the dashboard's two figure tables share: adding differences to them.

``CoverageFigure`` (initiatives, ``monitoring.coverage``) and ``LinkFigure`` (the other kinds,
``monitoring.tallies``) are both sums of entries, keyed by a few columns and changed by the
difference between a record's old and new entries.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import connection


def add(model, key_fields: tuple[str, ...], sum_fields: tuple[str, ...], changes) -> None:
    """Add ``changes`` (rows: the key values, then one value per sum field) to ``model``'s
    figures: insert, or increment on conflict (``INSERT ... ON CONFLICT DO UPDATE SET n = n +
    excluded.n``: no lost update between two writers). Then drop the figures of the touched
    keys whose first sum fell to zero."""
    if not changes:
        return
    table = model._meta.db_table
    keys = ", ".join(key_fields)
    marks = ", ".join(["%s"] * (len(key_fields) + len(sum_fields)))
    increments = ", ".join(f"{f} = {table}.{f} + excluded.{f}" for f in sum_fields)
    sql = (
        f"INSERT INTO {table} ({keys}, {', '.join(sum_fields)}) VALUES ({marks}) "
        f"ON CONFLICT ({keys}) DO UPDATE SET {increments}"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, changes)
    first, second = key_fields[:2]
    touched = defaultdict(set)
    for row in changes:
        touched[row[0]].add(row[1])
    for value, seconds in touched.items():
        model.objects.filter(
            **{first: value, f"{second}__in": seconds, f"{sum_fields[0]}__lte": 0}
        ).delete()


def sums(
    model,
    group: tuple[str, ...],
    totals: tuple[str, ...],
    *,
    equal: dict | None = None,
    among: dict | None = None,
    year_from=None,
    year_to=None,
    by_year: bool = False,
    public_only: bool = False,
    crosswalks: bool = False,
) -> list[tuple]:
    """``(group values..., sums...)`` of ``model``'s figures (``GROUP BY group``): those with
    the ``equal`` values, a value among each list of ``among``, of the period (as
    ``models.in_period``), public only if asked, ``via`` only with ``crosswalks``.

    One SQL statement written here rather than through the ORM: the dashboard reads a dozen
    of these per request, and compiling the queryset and converting its rows cost as much
    as running it (about 1 ms each)."""
    from .models import ALL_YEARS

    where, params = [], []
    for field, value in (equal or {}).items():
        where.append(f"{field} = %s")
        params.append(value)
    for field, values in (among or {}).items():
        values = list(values)
        if not values:
            return []
        where.append(f"{field} IN ({', '.join(['%s'] * len(values))})")
        params.extend(values)
    if not year_from and not year_to and not by_year:
        where.append("start_year = %s")
        params.append(ALL_YEARS)
    else:
        where.append("start_year > %s")
        params.append(ALL_YEARS)
        if year_to:
            where.append("start_year <= %s")
            params.append(int(year_to))
        if year_from:
            where.append("end_year >= %s")
            params.append(int(year_from))
    if public_only:
        where.append("public = %s")
        params.append(True)
    if not crosswalks:
        where.append("via = %s")
        params.append(False)
    columns = ", ".join(group)
    added = ", ".join(f"SUM({t})" for t in totals)
    sql = (
        f"SELECT {columns}, {added} FROM {model._meta.db_table} "
        f"WHERE {' AND '.join(where)} GROUP BY {columns}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
