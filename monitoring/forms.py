"""Forms of the monitoring pages: initiatives with their rows, rounds, imports."""

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from core.roles import roles_of
from core.widgets import MultipleChoiceField
from frameworks.models import FrameworkItem
from frameworks.selectors import item_options
from partners.models import Country
from partners.selectors import offer_countries
from workflows.forms import VersionedFormMixin

from .models import (
    Initiative,
    InitiativeCountry,
    InitiativeOrganisation,
    Result,
    Round,
    Source,
)


class InitiativeForm(VersionedFormMixin, forms.ModelForm):
    # The items by their name, grouped by framework; the value posted is each item's
    # identifier (``marrakesh-2018/D3``), as in the API.
    framework_item_uids = MultipleChoiceField(
        label=_("Framework items"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )

    class Meta:
        model = Initiative
        fields = [
            "country", "kind", "status", "visibility", "title_en", "title_fr",
            "description_en", "description_fr", "budget", "currency", "start_date", "end_date",
        ]  # fmt: skip
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        roles = roles_of(user)
        if not roles.staff:
            # The choices a focal point has (its own countries, and the record's); the write
            # service (InitiativeWrites) refuses a move to another country, as in the API.
            own = Q(pk__in=roles.country_ids) | Q(pk=self.instance.country_id)
            self.fields["country"].queryset = Country.objects.filter(own)
        offer_countries(self.fields["country"])
        self.fields["framework_item_uids"].choices = item_options(user)
        if self.instance.pk:
            self.initial["framework_item_uids"] = [
                i.uid for i in self.instance.framework_items.all()
            ]

    def clean_framework_item_uids(self):
        uids = self.cleaned_data["framework_item_uids"]
        return list(FrameworkItem.objects.filter(uid__in=uids))


class ShareFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        total = Decimal(0)
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            total += form.cleaned_data.get("share") or 0
        if total > 100:
            raise forms.ValidationError(_("The shares of the countries add up to more than 100%."))


class InitiativeCountryForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_countries(self.fields["country"])


CountryFormSet = inlineformset_factory(
    Initiative,
    InitiativeCountry,
    form=InitiativeCountryForm,
    fields=["country", "share"],
    formset=ShareFormSet,
    extra=2,
)
OrganisationFormSet = inlineformset_factory(
    Initiative, InitiativeOrganisation, fields=["role", "organisation", "name"], extra=2
)
ResultFormSet = inlineformset_factory(
    Initiative, Result, fields=["indicator", "unit", "baseline", "target", "actual"], extra=1
)
SourceFormSet = inlineformset_factory(
    Initiative,
    Source,
    fields=["url", "text"],
    extra=1,
    formfield_callback=lambda f, **kw: (
        f.formfield(assume_scheme="https", **kw) if f.name == "url" else f.formfield(**kw)
    ),
)
FORMSETS = (
    ("countries", CountryFormSet, _("Countries concerned")),
    ("organisations", OrganisationFormSet, _("Organisations")),
    ("results", ResultFormSet, _("Results and indicators")),
    ("sources", SourceFormSet, _("Sources")),
)


class RoundForm(forms.ModelForm):
    class Meta:
        model = Round
        fields = ["title", "opens", "deadline"]
        widgets = {
            "opens": forms.DateInput(attrs={"type": "date"}),
            "deadline": forms.DateInput(attrs={"type": "date"}),
        }


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("CSV or XLSX in the documented columns, or IATI XML 2.03.")
    )
