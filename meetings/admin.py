from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from workflows.admin import ServiceAdmin

from .models import Meeting, MeetingRole, Participation, Recommendation, Session, Speaker


class MeetingRoleInline(admin.TabularInline):
    model = MeetingRole
    extra = 0
    autocomplete_fields = ["country", "organisation"]


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["country", "organisation"]
    fields = ["country", "organisation", "delegation_size", "source"]


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ["order", "kind", "title_en", "title_fr"]


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["order", "person", "role", "session", "title_at_meeting"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields["session"]
        field.queryset = obj.sessions.all() if obj is not None else Session.objects.none()
        return formset


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    extra = 0
    fields = ["number", "order", "parent", "heading_en", "text_en", "text_fr", "addressee"]
    show_change_link = True

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields["parent"]
        field.queryset = (
            obj.recommendations.filter(parent__isnull=True)
            if obj is not None
            else Recommendation.objects.none()
        )
        return formset


class LabelledFilter(admin.SimpleListFilter):
    """A label was granted to the meeting (``MeetingQuerySet.labelled``)."""

    title = _("labelled activity")
    parameter_name = "labelled"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.labelled(self.value() == "yes")
        return queryset


@admin.register(Meeting)
class MeetingAdmin(ServiceAdmin, SimpleHistoryAdmin):
    list_display = ["title_en", "kind", "start_date", "city", "country", "format", "is_labelled"]
    list_filter = ["kind", "format", "status", LabelledFilter, "country"]
    search_fields = ["title_en", "title_fr", "city", "slug"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["country", "participating_countries", "framework_items"]
    inlines = [
        MeetingRoleInline,
        ParticipationInline,
        SessionInline,
        SpeakerInline,
        RecommendationInline,
    ]

    @admin.display(boolean=True, description=_("labelled activity"))
    def is_labelled(self, obj):
        return obj.labelled


@admin.register(Recommendation)
class RecommendationAdmin(ServiceAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "meeting", "number", "addressee"]
    list_filter = ["meeting__kind"]
    search_fields = ["text_en", "text_fr", "heading_en", "meeting__title_en"]
    autocomplete_fields = ["meeting", "parent", "framework_items"]


@admin.register(Speaker)
class SpeakerAdmin(ServiceAdmin, SimpleHistoryAdmin):
    list_display = ["person", "meeting", "role", "session"]
    list_filter = ["role"]
    search_fields = ["person__name", "meeting__title_en"]
    autocomplete_fields = ["person", "meeting", "session"]


@admin.register(Participation)
class ParticipationAdmin(ServiceAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "meeting", "country", "organisation", "delegation_size"]
    search_fields = ["meeting__title_en", "country__name_en", "organisation__name_en", "source"]
    autocomplete_fields = ["meeting", "country", "organisation"]


@admin.register(Session)
class SessionAdmin(ServiceAdmin, SimpleHistoryAdmin):
    list_display = ["title_en", "meeting", "order", "kind"]
    search_fields = ["title_en", "meeting__title_en"]
    autocomplete_fields = ["meeting"]
