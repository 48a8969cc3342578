from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.models import Document
from labels.models import LabelApplication
from meetings.models import Meeting
from meetings.selectors import offer_meetings
from partners.models import Country, Organisation
from partners.selectors import offer_countries
from workflows.forms import VersionedFormMixin

from .models import ENTRY_TEXT_MAX, FollowUp


class FollowUpForm(VersionedFormMixin, forms.ModelForm):
    """The Secretariat's form: owner, status, due date."""

    class Meta:
        model = FollowUp
        fields = ["owner_country", "owner_organisation", "owner_secretariat", "status", "due_date"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_country"].queryset = Country.objects.order_by("name_en")
        offer_countries(self.fields["owner_country"])
        self.fields["owner_organisation"].queryset = Organisation.objects.order_by("name_en")


class FollowUpStatusForm(VersionedFormMixin, forms.ModelForm):
    """The owner partner's form: the status only."""

    class Meta:
        model = FollowUp
        fields = ["status"]


class FollowUpEntryForm(forms.Form):
    """An entry; its rules (date not in the future, evidence the writer can see) are
    ``followup.services.FollowUpEntryWrites``'s, shown on the form's fields."""

    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    text = forms.CharField(
        label=_("What was done"),
        max_length=ENTRY_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    evidence_meeting = forms.ModelChoiceField(
        label=_("Evidence: a meeting"),
        queryset=Meeting.objects.order_by("-start_date"),
        to_field_name="slug",
        required=False,
    )
    evidence_document = forms.ModelChoiceField(
        label=_("Evidence: a document"),
        queryset=Document.objects.none(),
        to_field_name="slug",
        required=False,
    )
    evidence_label = forms.ModelChoiceField(
        label=_("Evidence: a labelled activity"),
        queryset=LabelApplication.objects.labelled().order_by("-start_date"),
        required=False,
    )
    evidence_url = forms.URLField(
        label=_("Evidence: a link"), max_length=500, required=False, assume_scheme="https"
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        offer_meetings(self.fields["evidence_meeting"], user)
        self.fields["evidence_document"].queryset = Document.objects.restrict(user).order_by(
            "title_en"
        )
