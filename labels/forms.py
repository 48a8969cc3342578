"""Forms of the labelling workflow: the application (with its linked actions) and the report."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.roles import roles_of
from partners.models import Country, Organisation
from workflows.forms import VersionedFormMixin

from .models import JUSTIFICATION_TEXT, REPORT_TEXT, LabelApplication
from .selectors import current_actions
from .services import Link


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ApplicationForm(VersionedFormMixin, forms.ModelForm):
    """The applicant's part of an application; the linked actions are a formset beside it."""

    class Meta:
        model = LabelApplication
        fields = [
            "title", "kind", "description", "lead_country", "lead_organisation",
            "co_organising_countries", "co_organising_organisations", "funders",
            "start_date", "end_date", "format", "city", "place_country", "budget",
            "expected_results", "contact_name", "contact_email", "contact_phone",
        ]  # fmt: skip
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 6, "maxlength": 5000}),
            "expected_results": forms.Textarea(attrs={"rows": 4, "maxlength": 5000}),
            "co_organising_countries": forms.SelectMultiple(attrs={"size": 6}),
            "co_organising_organisations": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {
            "lead_country": _("The partner that applies: a country or an organisation."),
            "funders": _("Who funds the activity (partners, donors)."),
            "budget": _("Optional."),
            "co_organising_countries": _("Hold Ctrl (or Cmd) to choose several."),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        roles = roles_of(user)
        countries = Country.objects.order_by("name_en")
        organisations = Organisation.objects.order_by("name_en")
        if not roles.staff:
            self.fields["lead_country"].queryset = countries.filter(id__in=roles.country_ids)
            self.fields["lead_organisation"].queryset = organisations.filter(
                id__in=roles.organisation_ids
            )
            if roles.country_ids and not self.instance.pk and len(roles.country_ids) == 1:
                self.fields["lead_country"].initial = next(iter(roles.country_ids))
        else:
            self.fields["lead_country"].queryset = countries
            self.fields["lead_organisation"].queryset = organisations
        self.fields["co_organising_countries"].queryset = countries
        self.fields["co_organising_organisations"].queryset = organisations
        self.fields["place_country"].queryset = countries

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        if bool(cleaned.get("lead_country")) == bool(cleaned.get("lead_organisation")):
            self.add_error(
                "lead_country", _("Name one lead partner: a country or an organisation, not both.")
            )
        return cleaned


class LinkForm(forms.Form):
    """One action of the current action plan and how the activity contributes to it."""

    item = forms.ModelChoiceField(label=_("Action"), queryset=None, required=False)
    justification = forms.CharField(
        label=_("Justification"),
        required=False,
        max_length=JUSTIFICATION_TEXT,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": JUSTIFICATION_TEXT}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = current_actions()
        self.fields["item"].label_from_instance = lambda i: (
            f"{i.uid} — {i.title}" if i.title_known else i.uid
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("item") and not (cleaned.get("justification") or "").strip():
            self.add_error("justification", _("Say how the activity contributes to this action."))
        if cleaned.get("justification") and not cleaned.get("item"):
            self.add_error("item", _("Choose the action this justification is for."))
        return cleaned


class BaseLinkFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        items = [f.cleaned_data["item"] for f in self.forms if f.cleaned_data.get("item")]
        if not items:
            raise forms.ValidationError(_("Link at least one action of the current action plan."))
        if len({i.pk for i in items}) != len(items):
            raise forms.ValidationError(_("Each action can be linked only once."))

    def links(self) -> list[Link]:
        return [
            Link(f.cleaned_data["item"], f.cleaned_data["justification"])
            for f in self.forms
            if f.cleaned_data.get("item")
        ]


LinkFormSet = forms.formset_factory(
    LinkForm, formset=BaseLinkFormSet, extra=3, max_num=30, validate_max=True
)


def link_initial(application) -> list[dict]:
    if application is None or application.pk is None:
        return []
    return [
        {"item": link.item, "justification": link.justification} for link in application.links.all()
    ]


class ReportForm(forms.Form):
    text = forms.CharField(
        label=_("Outcome report"),
        max_length=REPORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 10, "maxlength": REPORT_TEXT}),
        help_text=_("What took place, who took part, the results against those expected."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
