from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from workflows.admin import ServiceAdmin, VersionedAdmin

from .models import (
    Initiative,
    InitiativeCountry,
    InitiativeOrganisation,
    Reminder,
    Result,
    Round,
    RoundSubmission,
    Source,
)


class CountryInline(admin.TabularInline):
    model = InitiativeCountry
    extra = 0
    autocomplete_fields = ["country"]


class OrganisationInline(admin.TabularInline):
    model = InitiativeOrganisation
    extra = 0


class ResultInline(admin.TabularInline):
    model = Result
    extra = 0


class SourceInline(admin.TabularInline):
    model = Source
    extra = 0
    raw_id_fields = ["document"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Initiative)
class InitiativeAdmin(VersionedAdmin):
    """Saves and deletes through ``monitoring.services.InitiativeWrites`` (as the pages and
    the API); the record's rows are saved by the inlines in the same transaction."""

    list_display = ["uid", "title_en", "country", "kind", "status", "record_state", "visibility"]
    list_filter = ["record_state", "visibility", "kind", "status"]
    search_fields = ["uid", "title_en", "title_fr"]
    readonly_fields = ["uid", "version"]
    raw_id_fields = ["submission"]
    filter_horizontal = ["framework_items"]
    inlines = [CountryInline, OrganisationInline, ResultInline, SourceInline]
    list_select_related = ["country"]


class SubmissionInline(admin.TabularInline):
    """The round's submissions, read only: opening the round creates them, and each one is
    changed through RoundSubmissionWrites on its own admin page (never beside it)."""

    model = RoundSubmission
    extra = 0
    fields = readonly_fields = ["country", "state", "version"]
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Round)
class RoundAdmin(ServiceAdmin, SimpleHistoryAdmin):
    """Saves and deletes through ``monitoring.services.RoundWrites``; the state moves by the
    round's steps on its page (open, close), not here."""

    list_display = ["title", "opens", "deadline", "state"]
    readonly_fields = ["state"]
    inlines = [SubmissionInline]


@admin.register(RoundSubmission)
class RoundSubmissionAdmin(VersionedAdmin):
    """Through ``monitoring.services.RoundSubmissionWrites``. Opening a round creates its
    submissions and their steps are taken on their page: here nothing is added and no field
    is edited (a delete goes through the service)."""

    list_display = ["round", "country", "state"]
    list_filter = ["state", "round"]
    readonly_fields = ["round", "country", "state", "version"]

    def has_add_permission(self, request):
        return False


@admin.register(Reminder)
class ReminderAdmin(ServiceAdmin):
    """Through the generic write service (the Secretariat)."""

    list_display = ["round", "country", "sent_on"]
    list_filter = ["round"]
