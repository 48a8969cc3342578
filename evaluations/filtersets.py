import django_filters
from django.utils.translation import gettext_lazy as _

from core.filtersets import OrderingFilter
from meetings.filtersets import MeetingFilter
from partners.filtersets import SearchFilterMixin

from .choices import FormState
from .models import EvaluationForm


class EvaluationFormFilterSet(SearchFilterMixin):
    search_fields = ("title", "meeting__title_en", "meeting__title_fr")
    state = django_filters.ChoiceFilter(label=_("State"), choices=FormState.choices)
    meeting = MeetingFilter(label=_("Meeting"), field_name="meeting__slug")

    o = OrderingFilter(
        label=_("Sort by"),
        fields=(("closes_at", "closes_at"), ("title", "title"), ("state", "state")),
        field_labels={"closes_at": _("Closes at"), "title": _("Title"), "state": _("State")},
    )

    class Meta:
        model = EvaluationForm
        fields = ["o", "q", "state", "meeting"]
