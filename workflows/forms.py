"""Forms for versioned records and for workflow steps."""

from django import forms
from django.utils.translation import gettext_lazy as _


class VersionedFormMixin(forms.BaseForm):
    """Adds the hidden ``version`` a ModelForm was rendered with (optimistic locking).

    Use with ``workflows.views.ServiceFormMixin``; the version travels with the form and
    the write is refused if the record moved on meanwhile.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, initial=getattr(instance, "version", 1)
        )


class TransitionForm(forms.Form):
    """A workflow step: an optional (or required, per the definition) reason and the version."""

    reason = forms.CharField(
        label=_("Reason or comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
