"""Admin of technical assistance: every save and delete goes through the write services
(``AssistanceRequestWrites``, ``SecretariatNoteWrites``), notes added inline included."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from workflows.admin import ServiceAdmin, VersionedAdmin
from workflows.views import form_values
from workflows.writes import writes_for

from .models import AssistanceRequest, SecretariatNote


def note_values(note_form) -> dict:
    """An inline note form's values; its ``id`` field holds the row itself, not a value."""
    return {k: v for k, v in form_values(note_form).items() if k != "id"}


class SecretariatNoteInline(admin.TabularInline):
    model = SecretariatNote
    extra = 0
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]


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

    def save_formset(self, request, form, formset, change):
        """Inline notes are written by their service too (the author is the writer)."""
        if formset.model is not SecretariatNote:
            return super().save_formset(request, form, formset, change)
        service = writes_for(SecretariatNote)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for note_form in formset.initial_forms:
            note = note_form.instance
            if formset.can_delete and formset._should_delete_form(note_form):
                service.delete(record=note, by=request.user)
                formset.deleted_objects.append(note)
            elif note_form.has_changed():
                values = note_values(note_form)
                service.update(record=note, by=request.user, values=values)
                formset.changed_objects.append((note, note_form.changed_data))
        for note_form in formset.extra_forms:
            if not note_form.has_changed() or formset._should_delete_form(note_form):
                continue
            values = {**note_values(note_form), "request": form.instance}
            note = service.create(by=request.user, values=values, record=note_form.instance)
            formset.new_objects.append(note)
        return None


@admin.register(SecretariatNote)
class SecretariatNoteAdmin(ServiceAdmin, SimpleHistoryAdmin):
    list_display = ["request", "author", "created_at"]
    search_fields = ["text"]
    raw_id_fields = ["request"]
    readonly_fields = ["author"]
