from django.contrib import admin

from workflows.admin import VersionedAdmin

from .models import LabelApplication, LinkedAction


class LinkedActionInline(admin.TabularInline):
    """Shown, not edited: linked actions are written with the application (its page or the
    API) through ``LabelApplicationWrites``, which holds their rules."""

    model = LinkedAction
    extra = 0
    fields = readonly_fields = ["item", "justification"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(LabelApplication)
class LabelApplicationAdmin(VersionedAdmin):
    """Read the applications and their history; saves go through ``LabelApplicationWrites``
    (``workflows.admin.VersionedAdmin``). States change only through the workflow's steps
    (the application's page or the API), so ``state`` and the step dates are read-only."""

    list_display = ["title", "kind", "lead_country", "lead_organisation", "state", "start_date"]
    list_filter = ["state", "kind", "format"]
    search_fields = ["title", "description", "funders"]
    date_hierarchy = "start_date"
    list_select_related = ["lead_country", "lead_organisation"]
    autocomplete_fields = [
        "lead_country", "lead_organisation", "co_organising_countries",
        "co_organising_organisations", "place_country",
    ]  # fmt: skip
    readonly_fields = [
        "state", "version", "created_by", "submitted_at", "review_opened_at",
        "silence_deadline", "decided_at", "label_start", "label_end", "report_due",
        "report_submitted_at", "report_reminder_sent_at",
    ]  # fmt: skip
    inlines = [LinkedActionInline]

    def has_add_permission(self, request):
        # An application is made with the actions it serves and their justification, which
        # the admin does not edit: it is added on its page or through the API, where
        # LabelApplicationWrites checks them. The admin reads and corrects applications.
        return False


# LinkedAction has no admin of its own: a link is written with its application (its page or
# the API) through LabelApplicationWrites, which holds the rules; the application's admin
# shows its links.
