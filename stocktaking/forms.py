from django import forms
from django.utils.translation import gettext_lazy as _

from frameworks.models import Framework

LANGUAGE_CHOICES = [("en", "English"), ("fr", "Français")]


class ReportForm(forms.Form):
    framework = forms.ModelChoiceField(
        label=_("Framework"), queryset=Framework.objects.none(), to_field_name="slug"
    )
    start = forms.IntegerField(label=_("Period from (year)"), min_value=1900, max_value=2200)
    end = forms.IntegerField(label=_("Period until (year)"), min_value=1900, max_value=2200)
    lang = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = Framework.objects.restrict(user).order_by(
            "-adopted_date", "slug"
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise forms.ValidationError(_("The end of the period must not be before its start."))
        return data
