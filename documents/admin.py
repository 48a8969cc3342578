from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Document
from .services import document_save


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["title_en", "kind", "language", "date", "meeting", "visibility"]
    list_filter = ["kind", "language", "visibility"]
    search_fields = ["title_en", "title_fr", "slug", "sha256"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["meeting", "framework_items", "countries"]
    readonly_fields = ["sha256", "size"]

    def save_model(self, request, obj, form, change):
        document_save(document=obj)
