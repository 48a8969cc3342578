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
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .locking import Conflict
from .views import add_validation_error, form_values
from .writes import writes_for


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


class ServiceAdmin(admin.ModelAdmin):
    """Admin whose saves and deletes go through the model's write service
    (``workflows.writes``): the same rules as the pages and the API. A refusal is shown on
    the form (the service's ``check`` runs when the form is validated); inline rows are saved
    by their formsets inside the same transaction."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (ServiceCheckFormMixin, form), {"writer": request.user})

    def save_model(self, request, obj, form, change):
        service = writes_for(obj)
        values = form_values(form)
        if change:
            service.update(
                record=obj,
                by=request.user,
                values=values,
                expected_version=form.cleaned_data.get("expected_version"),
            )
        else:
            service.create(by=request.user, values=values, record=obj)

    def save_related(self, request, form, formsets, change):
        # The service has set the many-to-many values already.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        try:
            writes_for(obj).delete(record=obj, by=request.user)
        except ValidationError as error:
            # A delete the record's rules forbid: a refusal with its reason, never a 500.
            raise PermissionDenied(" ".join(error.messages)) from error

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


class ServiceCheckFormMixin:
    """Runs the write service's checks when an admin form is validated."""

    writer = None

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        instance = self.instance
        try:
            writes_for(instance).check(
                instance,
                by=self.writer,
                values=form_values(self),
                creating=instance.pk is None,
            )
        except ValidationError as error:
            add_validation_error(self, error)
        except PermissionDenied as error:
            self.add_error(None, str(error))


class VersionedAdmin(ServiceAdmin, SimpleHistoryAdmin):
    """Admin for a ``workflows.models.VersionedModel``; subclasses keep ``version`` read-only."""

    form = VersionedAdminForm

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except Conflict:
            # Lost a race between the form's check and the save: the whole save rolled back.
            self.message_user(request, Conflict.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
