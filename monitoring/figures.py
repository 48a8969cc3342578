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
