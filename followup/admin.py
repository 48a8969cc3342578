"""Admin of the follow-up: every save and delete goes through the write services of
``followup.services`` (the same rules as the pages and the API); an entry, inline or on its
own page, locks its follow-up first and keeps its last-entry date."""

from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from workflows.admin import ServiceAdmin, ServiceCheckFormMixin, VersionedAdmin
from workflows.writes import writes_for

from .models import FollowUp, FollowUpEntry

URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class FollowUpEntryInline(admin.TabularInline):
    """Entries of a follow-up being changed (a follow-up is created with its recommendation,
    so the add page has none). Each row is checked and saved by ``FollowUpEntryWrites``."""

    model = FollowUpEntry
    formfield_overrides = URL_FIELDS
    extra = 0
    fields = ["date", "text", "evidence_meeting", "evidence_document", "evidence_url", "author"]
    raw_id_fields = ["evidence_meeting", "evidence_document", "author"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        form = type(
            formset.form.__name__, (ServiceCheckFormMixin, formset.form), {"writer": request.user}
        )
        return type(formset.__name__, (formset,), {"form": form})


@admin.register(FollowUp)
class FollowUpAdmin(VersionedAdmin):
    list_display = [
        "recommendation",
        "status",
        "owner_country",
        "owner_organisation",
        "owner_secretariat",
        "due_date",
        "last_entry_on",
    ]
    list_filter = ["status", "owner_secretariat"]
    search_fields = ["recommendation__text_en", "recommendation__meeting__slug"]
    raw_id_fields = ["recommendation", "owner_country", "owner_organisation"]
    readonly_fields = ["version", "last_entry_on", "reminded_at"]
    inlines = [FollowUpEntryInline]

    def get_inline_instances(self, request, obj=None):
        return super().get_inline_instances(request, obj) if obj is not None else []

    def save_formset(self, request, form, formset, change):
        """Inline entries through their service, after the follow-up's own save (its lock
        first: the lock order of ``workflows.writes``)."""
        if formset.model is not FollowUpEntry:
            return super().save_formset(request, form, formset, change)
        service = writes_for(FollowUpEntry)
        formset.save(commit=False)
        for entry in formset.deleted_objects:
            service.delete(record=entry, by=request.user)
        for entry, changed in formset.changed_objects:
            values = {name: getattr(entry, name) for name in changed}
            service.update(record=entry, by=request.user, values=values)
        for entry in formset.new_objects:
            service.create(by=request.user, values={}, record=entry)


@admin.register(FollowUpEntry)
class FollowUpEntryAdmin(ServiceAdmin, SimpleHistoryAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["follow_up", "date", "author"]
    search_fields = ["text"]
    raw_id_fields = ["follow_up", "evidence_meeting", "evidence_document", "author"]
