"""Reads for meeting pages: the calendar month, the detail page's related records."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.db.models import Prefetch
from django.utils.text import Truncator

from core.dates import date_range
from core.registry import meeting_sections
from core.sources import split_sources
from documents.models import Document
from frameworks.models import FrameworkItem

from .models import Meeting, Recommendation


def month_calendar(meetings_qs, year: int, month: int) -> dict:
    """Weeks of the month, each day with the meetings taking place on it."""
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    meetings = list(
        meetings_qs.filter(start_date__lte=last, end_date__gte=first).select_related("country")
    )
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        days = []
        for day in week:
            days.append(
                {
                    "date": day,
                    "in_month": day.month == month,
                    "meetings": [m for m in meetings if m.start_date <= day <= m.end_date],
                }
            )
        weeks.append(days)
    previous = first - timedelta(days=1)
    following = last + timedelta(days=1)
    return {
        "weeks": weeks,
        "month": first,
        "meetings": meetings,
        "previous": previous,
        "next": following,
    }


def opening_month(meetings_qs, today: date) -> date:
    """The month the calendar opens on when none is asked: that of the latest meeting held or
    planned on or before ``today``, else of the next planned one, else ``today``'s. A date
    known only to the year names no month and is not chosen."""
    from core.models import DatePrecision

    from .choices import MeetingStatus

    dated = meetings_qs.exclude(date_precision=DatePrecision.YEAR).order_by()
    latest = (
        dated.filter(status__in=[MeetingStatus.HELD, MeetingStatus.PLANNED], start_date__lte=today)
        .order_by("-start_date")
        .values_list("start_date", flat=True)
        .first()
    )
    if latest is None:
        latest = (
            dated.filter(status=MeetingStatus.PLANNED, start_date__gt=today)
            .order_by("start_date")
            .values_list("start_date", flat=True)
            .first()
        )
    return (latest or today).replace(day=1)


def meeting_detail(meeting: Meeting, user) -> dict:
    sessions = list(meeting.sessions.all())
    speakers = list(
        meeting.speakers.select_related("person__organisation", "person__country", "session")
    )
    recommendations = list(
        meeting.recommendations.filter(parent__isnull=True)
        .prefetch_related(
            Prefetch("framework_items", queryset=FrameworkItem.objects.select_related("framework")),
            Prefetch("subpoints", queryset=Recommendation.objects.order_by("order")),
        )
        .order_by("order")
    )
    documents = list(Document.objects.restrict(user, "view").filter(meeting=meeting))
    participations = list(meeting.participations.select_related("country", "organisation"))
    # A meeting's delegations usually share one source (its list of participants): each
    # distinct source is read once, not once per delegation.
    participation_sources = {
        source: source_links(source, user) for source in {p.source for p in participations}
    }
    sections = []
    for section in meeting_sections:  # plugged in by higher apps (quoted figures...)
        context = section.context(meeting, user)
        if context is not None:
            sections.append({"key": section.key, "template": section.template, **context})
    return {
        "sections": sections,
        "sources": source_links(meeting.source, user),
        "roles": list(meeting.roles.select_related("country", "organisation")),
        "sessions": sessions,
        "speakers": speakers,
        "recommendations": recommendations,
        "documents": documents,
        "framework_items": list(meeting.framework_items.select_related("framework")),
        # Who took part: only Participation rows, each with its source. The countries the
        # sources merely name are listed apart and never counted as attendance.
        "participations": [
            {"record": p, "sources": participation_sources[p.source]} for p in participations
        ],
        "countries_named": list(meeting.participating_countries.all()),
        "figures_stated": any(
            value is not None
            for value in (
                meeting.participants_count,
                meeting.partner_countries_count,
                meeting.organisations_count,
                meeting.local_authorities_count,
            )
        ),
    }


def source_links(source: str, user) -> list[dict]:
    """The sources a record's ``source`` text names, as links (``core.sources``): a
    ``corpus: <file name>`` leads to the library's document read from that file when the user
    may see it, else its file name is shown without a link."""
    links = split_sources(source)
    for link in links:
        if not link["corpus"]:
            continue
        document = (
            Document.objects.restrict(user, "view")
            .filter(file__endswith=link["corpus"])
            .only("slug", "title_en", "title_fr")
            .first()
        )
        if document is not None:
            link.update(label=str(document.title), url=document.get_absolute_url())
    return links


# -- choices for forms and filters (``core.widgets``) --------------------------------------


def meeting_label(meeting: Meeting) -> str:
    """ "Title — date, city" in the active language, the date only as precisely as known."""
    when = date_range(meeting.start_date, meeting.end_date, meeting.date_precision)
    where = f", {meeting.city}" if meeting.city else ""
    return f"{Truncator(meeting.title).chars(90)} — {when}{where}"


def meeting_options(user=None, meetings=None, *, key: str = "slug") -> list[tuple]:
    """Meetings as ``<select>`` options: slug (or ``key``) → "Title — date, city", grouped
    by year, the latest first."""
    queryset = Meeting.objects.restrict(user) if meetings is None else meetings
    groups: dict[int, list] = {}
    for meeting in queryset.order_by("-start_date", "slug"):
        groups.setdefault(meeting.start_date.year, []).append(
            (getattr(meeting, key), meeting_label(meeting))
        )
    return [(str(year), options) for year, options in groups.items()]


def offer_meetings(field, user=None):
    """Show a meeting ``ModelChoiceField`` as :func:`meeting_options` of its queryset
    (grouped by year, with dates and places); what it accepts is still its queryset."""
    key = field.to_field_name or "pk"
    blank = [("", field.empty_label)] if field.empty_label is not None else []
    field.widget.choices = blank + meeting_options(user, field.queryset, key=key)
    return field
