from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from workflows.admin import VersionedAdmin

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
    list_display = ["uid", "title_en", "country", "kind", "status", "record_state", "visibility"]
    list_filter = ["record_state", "visibility", "kind", "status"]
    search_fields = ["uid", "title_en", "title_fr"]
    readonly_fields = ["uid", "version"]
    raw_id_fields = ["submission"]
    filter_horizontal = ["framework_items"]
    inlines = [CountryInline, OrganisationInline, ResultInline, SourceInline]
    list_select_related = ["country"]


class SubmissionInline(admin.TabularInline):
    model = RoundSubmission
    extra = 0
    readonly_fields = ["state", "version"]


@admin.register(Round)
class RoundAdmin(SimpleHistoryAdmin):
    list_display = ["title", "opens", "deadline", "state"]
    inlines = [SubmissionInline]


@admin.register(RoundSubmission)
class RoundSubmissionAdmin(VersionedAdmin):
    list_display = ["round", "country", "state"]
    list_filter = ["state", "round"]
    readonly_fields = ["state", "version"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["round", "country", "sent_on"]
    list_filter = ["round"]
