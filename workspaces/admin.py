from django.contrib import admin

from workflows.admin import VersionedAdmin

from .models import ReferenceCountryReport, Theme


@admin.register(ReferenceCountryReport)
class ReferenceCountryReportAdmin(VersionedAdmin):
    list_display = ["title", "kind", "assignment", "date"]
    list_filter = ["kind"]
    search_fields = ["title", "text", "assignment__country__name_en"]
    autocomplete_fields = ["document"]
    readonly_fields = ["version", "created_by"]


@admin.register(Theme)
class ThemeAdmin(VersionedAdmin):
    list_display = ["title", "assignment", "date", "state"]
    list_filter = ["state"]
    search_fields = ["title", "description", "assignment__country__name_en"]
    readonly_fields = ["state", "version", "created_by"]
