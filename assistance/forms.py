"""Forms for technical-assistance requests (the edit form is versioned)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from frameworks.models import FrameworkItem
from frameworks.selectors import item_options
from meetings.models import Meeting
from meetings.selectors import offer_meetings
from partners.selectors import offer_countries
from workflows.forms import VersionedFormMixin
from workflows.writes import OWNER_IMMUTABLE

from .models import AssistanceRequest
from .services import NOT_OWN_PARTNER, AssistanceRequestWrites, requestable_partners

FIELDS = [
    "title",
    "requesting_country",
    "requesting_organisation",
    "kind",
    "need",
    "framework_items",
    "beneficiaries",
    "timing",
]


class AssistanceRequestForm(forms.ModelForm):
    """The request as a focal point writes it. Partner choices are the partners the user may
    request for (``services.requestable_partners``: its own, every one for the
    Secretariat); the write itself goes through ``AssistanceRequestWrites``."""

    class Meta:
        model = AssistanceRequest
        fields = FIELDS
        widgets = {
            "need": forms.Textarea(attrs={"rows": 6}),
            "beneficiaries": forms.Textarea(attrs={"rows": 3}),
            "framework_items": forms.SelectMultiple(attrs={"size": 10}),
        }

    #: A partner outside the choices: the write service's refusal, word for word.
    partner_refusal = NOT_OWN_PARTNER

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        countries, organisations = requestable_partners(user)
        for name, queryset in (
            ("requesting_country", countries),
            ("requesting_organisation", organisations),
        ):
            self.fields[name].queryset = queryset
            self.fields[name].error_messages["invalid_choice"] = self.partner_refusal
        offer_countries(self.fields["requesting_country"])
        items = self.fields["framework_items"]
        items.queryset = FrameworkItem.objects.all()
        # Shown by name, grouped by framework; accepted by primary key, as before.
        items.widget.choices = item_options(user, key="pk")
        self.fields["requesting_country"].help_text = _("Either a country…")
        self.fields["requesting_organisation"].help_text = _("…or an organisation.")


class AssistanceRequestEditForm(VersionedFormMixin, AssistanceRequestForm):
    """Editing keeps the version it was read with; the Secretariat also writes the results."""

    partner_refusal = OWNER_IMMUTABLE

    class Meta(AssistanceRequestForm.Meta):
        fields = [*FIELDS, "results"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if not AssistanceRequestWrites.writes_results(user):
            del self.fields["results"]


class SecretariatNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Private note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen by the Secretariat only."),
    )


class PresentationForm(forms.Form):
    """The last step names the meeting where the results were presented."""

    meeting = forms.ModelChoiceField(
        label=_("Meeting"),
        queryset=Meeting.objects.order_by("-start_date"),
        to_field_name="slug",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_meetings(self.fields["meeting"])
