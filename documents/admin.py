from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from workflows.admin import ServiceAdmin

from .models import Document


@admin.register(Document)
class DocumentAdmin(ServiceAdmin, SimpleHistoryAdmin):
    list_display = ["title_en", "kind", "language", "date", "meeting", "visibility"]
    list_filter = ["kind", "language", "visibility"]
    search_fields = ["title_en", "title_fr", "slug", "sha256"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["meeting", "framework_items", "countries"]
    readonly_fields = ["sha256", "size"]
