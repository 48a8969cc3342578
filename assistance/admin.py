from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from workflows.admin import VersionedAdmin

from .models import AssistanceRequest, SecretariatNote


class SecretariatNoteInline(admin.TabularInline):
    model = SecretariatNote
    extra = 0
    fields = ["text", "author", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(AssistanceRequest)
class AssistanceRequestAdmin(VersionedAdmin):
    """States change through the workflow (the request page or the API), not here."""

    list_display = ["title", "requesting_country", "requesting_organisation", "kind", "state"]
    list_filter = ["state", "kind"]
    search_fields = ["title", "need"]
    autocomplete_fields = ["framework_items"]
    raw_id_fields = ["requesting_country", "requesting_organisation", "presented_at"]
    readonly_fields = ["state", "version", "submitted_by", "created_at", "updated_at"]
    inlines = [SecretariatNoteInline]


@admin.register(SecretariatNote)
class SecretariatNoteAdmin(SimpleHistoryAdmin):
    list_display = ["request", "author", "created_at"]
    search_fields = ["text"]
    raw_id_fields = ["request", "author"]
