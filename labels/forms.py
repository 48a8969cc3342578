"""Forms of the labelling workflow: the application (with its linked actions) and the report."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.roles import roles_of
from partners.models import Country, Organisation
from workflows.forms import VersionedFormMixin

from .models import JUSTIFICATION_TEXT, REPORT_TEXT, STATED_ON_APPLICATION, LabelApplication
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
        for name in STATED_ON_APPLICATION:
            # Optional only for labels recorded from their sources, never on this form.
            self.fields[name].required = True
        roles = roles_of(user)
        countries = Country.objects.order_by("name_en")
        organisations = Organisation.objects.order_by("name_en")
        for name, queryset in (
            ("lead_country", countries),
            ("co_organising_countries", countries),
            ("place_country", countries),
            ("lead_organisation", organisations),
            ("co_organising_organisations", organisations),
        ):
            self.fields[name].queryset = queryset
        if not roles.staff:
            # The lists offer the partners the user acts for (and the record's own); any
            # partner is accepted as input and the write service decides (the API's refusal).
            _offer(
                self.fields["lead_country"],
                countries.filter(id__in=roles.country_ids),
                self.instance.lead_country_id,
            )
            _offer(self.fields["lead_organisation"],
                   organisations.filter(id__in=roles.organisation_ids),
                   self.instance.lead_organisation_id)  # fmt: skip
            if roles.country_ids and not self.instance.pk and len(roles.country_ids) == 1:
                self.fields["lead_country"].initial = next(iter(roles.country_ids))


def _offer(field, offered, current_id) -> None:
    """Show only ``offered`` (and the current value) in a choice list, without narrowing what
    the field accepts."""
    rows = list(offered)
    if current_id is not None and current_id not in {row.pk for row in rows}:
        rows.insert(0, field.queryset.get(pk=current_id))
    field.widget.choices = [("", field.empty_label)] + [
        (row.pk, field.label_from_instance(row)) for row in rows
    ]


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
        # Which actions, and their justifications, are the write service's rules
        # (labels.services._clean_links); this only refuses a justification without action.
        cleaned = super().clean()
        if cleaned.get("justification") and not cleaned.get("item"):
            self.add_error("item", _("Choose the action this justification is for."))
        return cleaned


class BaseLinkFormSet(forms.BaseFormSet):
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
