"""Forms for technical-assistance requests (the edit form is versioned)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.roles import roles_of
from frameworks.models import FrameworkItem
from meetings.models import Meeting
from partners.models import Country, Organisation
from workflows.forms import VersionedFormMixin

from .models import AssistanceRequest

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
    """The request as a focal point writes it. Partner choices are the user's own partners
    (every partner for the Secretariat)."""

    class Meta:
        model = AssistanceRequest
        fields = FIELDS
        widgets = {
            "need": forms.Textarea(attrs={"rows": 6}),
            "beneficiaries": forms.Textarea(attrs={"rows": 3}),
            "framework_items": forms.SelectMultiple(attrs={"size": 10}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        roles = roles_of(user)
        countries = Country.objects.order_by("name_en")
        organisations = Organisation.objects.order_by("name_en")
        if not roles.staff:
            countries = countries.filter(pk__in=roles.country_ids)
            organisations = organisations.filter(pk__in=roles.organisation_ids)
        self.fields["requesting_country"].queryset = countries
        self.fields["requesting_organisation"].queryset = organisations
        self.fields["framework_items"].queryset = FrameworkItem.objects.select_related(
            "framework"
        ).order_by("framework__slug", "sort_order")
        self.fields["framework_items"].label_from_instance = lambda item: (
            f"{item.uid} {item.title}".strip()
        )
        self.fields["requesting_country"].help_text = _("Either a country…")
        self.fields["requesting_organisation"].help_text = _("…or an organisation.")


class AssistanceRequestEditForm(VersionedFormMixin, AssistanceRequestForm):
    """Editing keeps the version it was read with; the Secretariat also writes the results."""

    class Meta(AssistanceRequestForm.Meta):
        fields = [*FIELDS, "results"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if not roles_of(user).staff:
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
