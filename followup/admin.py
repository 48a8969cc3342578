from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from workflows.admin import VersionedAdmin

from .models import FollowUp, FollowUpEntry

URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class FollowUpEntryInline(admin.TabularInline):
    model = FollowUpEntry
    formfield_overrides = URL_FIELDS
    extra = 0
    fields = ["date", "text", "evidence_meeting", "evidence_document", "evidence_url", "author"]
    raw_id_fields = ["evidence_meeting", "evidence_document", "author"]


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


@admin.register(FollowUpEntry)
class FollowUpEntryAdmin(SimpleHistoryAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["follow_up", "date", "author"]
    search_fields = ["text"]
    raw_id_fields = ["follow_up", "evidence_meeting", "evidence_document", "author"]
