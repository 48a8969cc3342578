from django import forms
from django.utils.translation import gettext_lazy as _

from documents.models import Document
from frameworks.models import ReferenceCountry
from workflows.forms import VersionedFormMixin

from .models import ReferenceCountryReport, Theme, assignments_for


class AssignmentFormMixin:
    """The "reference country" list offers those the user acts for (and the record's own);
    any reference country of the domain is accepted as input, and the write service says
    whether the user may write for it (the same refusal as the API's)."""

    def __init__(self, *args, user, domain, **kwargs):
        super().__init__(*args, **kwargs)
        choices = assignments_for(user, domain)
        field = self.fields["assignment"]
        field.queryset = ReferenceCountry.objects.filter(item=domain).select_related("country")
        offered = list(choices)
        if self.instance.pk and self.instance.assignment not in offered:
            offered.insert(0, self.instance.assignment)
        field.widget.choices = [("", field.empty_label)] + [(a.pk, str(a.country)) for a in offered]
        if len(offered) == 1 and not self.instance.pk:
            field.initial = offered[0].pk


class ReportForm(AssignmentFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ReferenceCountryReport
        fields = ["assignment", "kind", "title", "date", "document", "text"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "text": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "document": _(
                "A document already on the site (partners-only ones stay hidden from visitors)."
            ),
        }

    def __init__(self, *args, user, domain, **kwargs):
        super().__init__(*args, user=user, domain=domain, **kwargs)
        self.fields["document"].queryset = Document.objects.restrict(user).order_by("-date", "slug")


class ThemeForm(AssignmentFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["assignment", "title", "description", "date"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 5}),
        }
