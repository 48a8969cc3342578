from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from workflows.admin import ServiceAdmin

from .models import Crosswalk, Framework, FrameworkItem, ReferenceCountry


class FrameworkItemInline(admin.TabularInline):
    model = FrameworkItem
    extra = 0
    fields = ["code", "kind", "number", "parent", "sort_order", "title_en", "title_fr"]
    show_change_link = True
    fk_name = "framework"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:
            formset.form.base_fields["parent"].queryset = obj.items.all()
        return formset


@admin.register(Framework)
class FrameworkAdmin(ServiceAdmin, SimpleHistoryAdmin):
    list_display = ["short_name_en", "slug", "kind", "adopted_date", "period_start", "period_end"]
    list_filter = ["kind"]
    search_fields = ["name_en", "name_fr", "slug"]
    inlines = [FrameworkItemInline]


class CrosswalkInline(admin.TabularInline):
    model = Crosswalk
    fk_name = "source_item"
    extra = 0
    autocomplete_fields = ["target_item"]


@admin.register(FrameworkItem)
class FrameworkItemAdmin(ServiceAdmin, SimpleHistoryAdmin):
    list_display = ["uid", "kind", "title_en", "title_fr", "number_inferred"]
    list_filter = ["framework", "kind", "number_inferred"]
    search_fields = ["uid", "title_en", "title_fr", "text_en"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["uid"]
    inlines = [CrosswalkInline]


@admin.register(Crosswalk)
class CrosswalkAdmin(ServiceAdmin, SimpleHistoryAdmin):
    list_display = ["source_item", "relation", "target_item"]
    list_filter = ["relation"]
    search_fields = ["source_item__uid", "target_item__uid"]
    autocomplete_fields = ["source_item", "target_item"]


@admin.register(ReferenceCountry)
class ReferenceCountryAdmin(ServiceAdmin, SimpleHistoryAdmin):
    list_display = ["country", "item", "start_date", "end_date"]
    list_filter = ["item__framework"]
    search_fields = ["country__name_en", "item__uid"]
    autocomplete_fields = ["country", "item"]
