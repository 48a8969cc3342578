from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from workflows.admin import ServiceAdmin

from .models import (
    Country,
    FocalPoint,
    GovernanceRole,
    Network,
    NetworkMembership,
    Organisation,
    Person,
)


class FocalPointInline(admin.TabularInline):
    model = FocalPoint
    extra = 0
    autocomplete_fields = ["person", "user"]
    fields = ["person", "user", "start_date", "end_date"]


class GovernanceRoleInline(admin.TabularInline):
    model = GovernanceRole
    extra = 0
    fields = ["kind", "start_date", "start_precision", "end_date", "end_precision", "note"]


@admin.register(Country)
class CountryAdmin(ServiceAdmin, SimpleHistoryAdmin):
    list_display = ["name_en", "name_fr", "iso2", "continent", "region", "status"]
    list_filter = ["continent", "region", "status"]
    search_fields = ["name_en", "name_fr", "iso2", "iso3"]
    inlines = [GovernanceRoleInline, FocalPointInline]


@admin.register(Organisation)
class OrganisationAdmin(ServiceAdmin, SimpleHistoryAdmin):
    list_display = ["name_en", "acronym", "kind", "standing", "country"]
    list_filter = ["kind", "standing"]
    search_fields = ["name_en", "name_fr", "acronym", "slug"]
    prepopulated_fields = {"slug": ["acronym"]}
    autocomplete_fields = ["country"]
    # Django 6 makes https the default scheme; say so now (no RemovedInDjango60Warning).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Person)
class PersonAdmin(ServiceAdmin, SimpleHistoryAdmin):
    list_display = ["name", "title", "organisation", "organisation_name", "country"]
    list_filter = ["organisation", "country"]
    search_fields = ["name", "title", "organisation_name", "email"]
    autocomplete_fields = ["organisation", "country"]


@admin.register(GovernanceRole)
class GovernanceRoleAdmin(ServiceAdmin, SimpleHistoryAdmin):
    list_display = ["kind", "holder", "start_date", "end_date"]
    list_filter = ["kind"]
    search_fields = ["country__name_en", "organisation__name_en", "note"]
    autocomplete_fields = ["country", "organisation"]


@admin.register(FocalPoint)
class FocalPointAdmin(ServiceAdmin, SimpleHistoryAdmin):
    list_display = ["person", "country", "organisation", "user", "start_date", "end_date"]
    list_filter = ["country"]
    search_fields = ["person__name", "country__name_en", "organisation__name_en"]
    autocomplete_fields = ["person", "country", "organisation", "user"]


class NetworkMembershipInline(admin.TabularInline):
    model = NetworkMembership
    extra = 0
    autocomplete_fields = ["person", "country"]


@admin.register(Network)
class NetworkAdmin(ServiceAdmin, SimpleHistoryAdmin):
    list_display = ["name_en", "slug"]
    search_fields = ["name_en", "name_fr"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [NetworkMembershipInline]
