from datetime import timedelta

from django.db.models import Prefetch
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from icalendar import Calendar, Event

from core.cache import cached
from core.filtersets import filter_errors, limit_values
from core.models import DatePrecision
from core.views import FilteredListView, RestrictedDetailView
from frameworks.models import FrameworkItem

from .api.serializers import MeetingSerializer, RecommendationSerializer
from .choices import MeetingStatus
from .filtersets import MeetingFilterSet, RecommendationFilterSet
from .models import Meeting, Recommendation
from .selectors import meeting_detail, month_calendar, opening_month


class MeetingListView(FilteredListView):
    model = Meeting
    filterset_class = MeetingFilterSet
    serializer_class = MeetingSerializer
    template_name = "meetings/meeting_list.html"

    def base_queryset(self):
        # The export's serializer lists each meeting's framework items.
        return Meeting.objects.for_list().prefetch_related("framework_items")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Truncating dates runs in Python on SQLite: worth caching (per content version).
        context["years"] = cached(
            "meeting-years",
            lambda: [d.year for d in Meeting.objects.dates("start_date", "year", order="DESC")],
        )
        return context


class MeetingCalendarView(TemplateView):
    template_name = "meetings/calendar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        filterset = MeetingFilterSet(
            {k: v for k, v in self.request.GET.items() if k not in ("year", "month")},
            queryset=Meeting.objects.restrict(self.request.user),
        )
        # As on the list: an invalid filter shows nothing rather than everything.
        meetings = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        try:
            year = int(self.request.GET["year"])
            month = int(self.request.GET["month"])
            if not (1 <= month <= 12 and 1900 <= year <= 2100):
                raise ValueError
        except (KeyError, ValueError):
            # No month asked (or none that exists): the month of the latest meeting of the
            # selection, not an empty current month.
            opening = opening_month(meetings, today)
            year, month = opening.year, opening.month
        context.update(month_calendar(meetings, year, month))
        context["this_month"] = today
        # A calendar is ordered by date, not sortable, and shows one month: no period filter.
        for name in ("o", "year_from", "year_to"):
            filterset.form.fields.pop(name, None)
        context["filter"] = filterset
        context["upcoming"] = (
            Meeting.objects.restrict(self.request.user)
            .filter(end_date__gte=today)
            .select_related("country")
            .order_by("start_date")[:10]
        )
        return context


ICAL_STATUS = {
    MeetingStatus.HELD: "CONFIRMED",
    MeetingStatus.POSTPONED: "CANCELLED",  # not on that date
}


class MeetingFeedView(View):
    """iCalendar feed of the meetings (the list's filters apply): ``/meetings/feed.ics``."""

    def get(self, request):
        filterset = limit_values(
            MeetingFilterSet(request.GET or None, queryset=Meeting.objects.restrict(request.user))
        )
        if filterset.is_bound and not filterset.is_valid():  # no query string: every meeting
            return HttpResponse(
                "\n".join(filter_errors(filterset)),
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        # A date known only to the year or the month is not a day in a calendar: such
        # meetings stay out of the feed rather than appear on the 1st (core.dates).
        meetings = filterset.qs.filter(date_precision=DatePrecision.DAY).select_related("country")
        cal = Calendar()
        cal.add("prodid", "-//Rabat Process platform//meetings//EN")
        cal.add("version", "2.0")
        cal.add("x-wr-calname", str(_("Rabat Process meetings")))
        stamp = timezone.now()
        for meeting in meetings:
            event = Event()
            event.add("uid", f"{meeting.slug}@rabat-process-platform")
            event.add("summary", meeting.title)
            event.add("dtstart", meeting.start_date)
            event.add("dtend", meeting.end_date + timedelta(days=1))
            event.add("dtstamp", stamp)
            if meeting.place:
                event.add("location", meeting.place)
            event.add("url", request.build_absolute_uri(meeting.get_absolute_url()))
            event.add("status", ICAL_STATUS.get(meeting.status, "TENTATIVE"))
            cal.add_component(event)
        response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="rabat-process-meetings.ics"'
        return response


class MeetingDetailView(RestrictedDetailView):
    model = Meeting
    slug_field = "slug"
    template_name = "meetings/meeting_detail.html"
    context_object_name = "meeting"

    def get_queryset(self):
        return super().get_queryset().select_related("country")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(meeting_detail(self.object, self.request.user))
        context["ics_url"] = reverse("meetings:feed") + f"?q={self.object.slug}"
        return context


class RecommendationListView(FilteredListView):
    """Every numbered conclusion and recommendation, across meetings."""

    model = Recommendation
    filterset_class = RecommendationFilterSet
    serializer_class = RecommendationSerializer
    template_name = "meetings/recommendation_list.html"

    def base_queryset(self):
        return Recommendation.objects.select_related("meeting", "parent").prefetch_related(
            # Item links need their framework's slug.
            Prefetch("framework_items", queryset=FrameworkItem.objects.select_related("framework")),
            "subpoints",
        )
