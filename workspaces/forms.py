from django import forms
from django.utils.translation import gettext_lazy as _

from documents.models import Document
from workflows.forms import VersionedFormMixin

from .models import ReferenceCountryReport, Theme, assignments_for


class AssignmentFormMixin:
    """The "reference country" choice is limited to those the user acts for."""

    def __init__(self, *args, user, domain, **kwargs):
        super().__init__(*args, **kwargs)
        choices = assignments_for(user, domain)
        field = self.fields["assignment"]
        field.queryset = choices
        field.label_from_instance = lambda a: str(a.country)
        if choices.count() == 1 and not self.instance.pk:
            field.initial = choices.first().pk


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

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("document") and not (cleaned.get("text") or "").strip():
            raise forms.ValidationError(_("Attach a document or write the text (or both)."))
        return cleaned


class ThemeForm(AssignmentFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["assignment", "title", "description", "date"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 5}),
        }
