"""Dates shown as precisely as they are known: the one rule for pages, reports, exports and iCal.

Many dates of the Dialogue are known only to the year or the month (a meeting "in June 2012").
They are stored as the first day of that period with a precision (``core.models.DatePrecision``),
and must never be printed as exact days ("1 June 2012"). Templates use the ``precise_date``
filter and the ``date_range`` tag of ``core.templatetags.rabat``, which call these functions.
"""

from __future__ import annotations

import datetime

from django.utils import formats
from django.utils.translation import gettext as _

DAY, MONTH, YEAR = "day", "month", "year"


def precise_date(value, precision: str | None = DAY) -> str:
    """``value`` in the active language, only as precisely as it is known."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if precision == YEAR:
        return str(value.year)
    if precision == MONTH:
        return formats.date_format(value, "F Y")
    return formats.date_format(value, "j F Y")


def date_range(start, end, precision: str | None = DAY) -> str:
    """'24–25 April 2014' style ranges, collapsing what the two dates share."""
    if not start:
        return ""
    if precision not in (None, DAY) or not end or end == start:
        return precise_date(start, precision)
    if (start.year, start.month) == (end.year, end.month):
        return _("%(start)s–%(end)s") % {
            "start": start.day,
            "end": formats.date_format(end, "j F Y"),
        }
    return _("%(start)s – %(end)s") % {
        "start": formats.date_format(start, "j F Y"),
        "end": formats.date_format(end, "j F Y"),
    }


def iso_prefix(value, precision: str | None = DAY) -> str:
    """The machine form of a date as known: ``2012``, ``2012-06`` or ``2012-06-14`` (for
    ``<time datetime>``, CSV and JSON exports)."""
    if not value:
        return ""
    if precision == YEAR:
        return f"{value.year:04d}"
    if precision == MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()
