"""Admin change forms for versioned records: two people editing the same record in the admin
(or one in the admin and one on the site or the API) cannot silently overwrite each other.

The change form carries the version the editor loaded (a hidden ``expected_version`` field).
Saving checks it: a stale version gives the form back with its values and an error naming the
conflict, and nothing is written. The save itself goes through ``save_versioned`` (a
conditional UPDATE), so two saves at the same instant cannot both pass; the loser is sent back
to the record's current values with the same message, and the admin's transaction rolls back
its inlines too.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .locking import Conflict, save_versioned


class VersionedAdminForm(forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        expected = cleaned.get("expected_version")
        if expected is None:
            raise ValidationError(
                _("This form does not say which version of the record it edits; reload the page."),
                code="version_missing",
            )
        current = (
            type(self.instance)
            ._base_manager.filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if current != expected:
            raise ValidationError(Conflict.message, code="conflict")
        return cleaned


class VersionedAdmin(SimpleHistoryAdmin):
    """Admin for a ``workflows.models.VersionedModel``; subclasses keep ``version`` read-only."""

    form = VersionedAdminForm

    def save_model(self, request, obj, form, change):
        if change:
            save_versioned(obj, form.cleaned_data["expected_version"])
        else:
            super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except Conflict:
            # Lost a race between the form's check and the save: the whole save rolled back.
            self.message_user(request, Conflict.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
