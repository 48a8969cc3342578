from django.contrib import admin

from workflows.admin import ServiceAdmin, VersionedAdmin

from .models import SearchEntry, SearchFacet, SearchVector, TagSuggestion


class SearchFacetInline(admin.TabularInline):
    model = SearchFacet
    extra = 0


@admin.register(SearchEntry)
class SearchEntryAdmin(ServiceAdmin):
    list_display = ("kind", "object_id", "title_en", "language", "year", "page", "visibility")
    list_filter = ("kind", "language", "visibility")
    search_fields = ("title_en", "body")
    raw_id_fields = ("document",)
    inlines = [SearchFacetInline]


@admin.register(SearchFacet)
class SearchFacetAdmin(ServiceAdmin):
    list_display = ("entry", "name", "value")
    list_filter = ("name",)
    search_fields = ("value",)
    raw_id_fields = ("entry",)


@admin.register(TagSuggestion)
class TagSuggestionAdmin(VersionedAdmin):
    list_display = ("__str__", "target_type", "item", "score", "method", "status", "reviewed_by")
    list_filter = ("status", "target_type", "method", "item__framework")
    search_fields = ("evidence", "item__uid")
    raw_id_fields = ("document", "passage", "recommendation", "item", "reviewed_by")
    readonly_fields = ("version", "created_at")


@admin.register(SearchVector)
class SearchVectorAdmin(ServiceAdmin):
    """Derived data, rebuilt by ``rabat search_index --embed`` (the vector bytes are not shown)."""

    list_display = ("entry", "stamp")
    raw_id_fields = ("entry",)
    exclude = ("vector",)
