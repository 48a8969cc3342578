from django.contrib import admin

from workflows.admin import ServiceAdmin, VersionedAdmin

from .models import ExtractionDraft, IngestBatch, IngestItem, Passage


@admin.register(Passage)
class PassageAdmin(ServiceAdmin):
    list_display = ["document", "position", "kind", "page", "language", "text"]
    list_filter = ["kind", "language"]
    search_fields = ["text", "document__slug"]
    raw_id_fields = ["document"]
    list_select_related = ["document"]


class IngestItemInline(admin.TabularInline):
    model = IngestItem
    extra = 0
    fields = ["filename", "status", "reason", "document", "pages", "passages"]
    readonly_fields = fields
    show_change_link = True


@admin.register(IngestBatch)
class IngestBatchAdmin(ServiceAdmin):
    list_display = ["id", "created_at", "created_by", "source", "visibility"]
    list_filter = ["source"]
    inlines = [IngestItemInline]


@admin.register(IngestItem)
class IngestItemAdmin(ServiceAdmin):
    list_display = ["filename", "batch", "status", "reason", "document", "pages", "total_seconds"]
    list_filter = ["status", "reason"]
    search_fields = ["filename", "sha256"]
    raw_id_fields = ["batch", "document"]
    readonly_fields = ["queued_at", "started_at", "finished_at"]


@admin.register(ExtractionDraft)
class ExtractionDraftAdmin(VersionedAdmin):
    list_display = ["document", "state", "created_at", "reviewed_by", "reviewed_at"]
    list_filter = ["state"]
    search_fields = ["document__slug", "document__title_en"]
    raw_id_fields = ["document", "meeting"]
    readonly_fields = ["version"]
