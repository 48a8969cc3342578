from django.contrib import admin, messages
from django.urls import reverse
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from workflows.admin import VersionedAdmin

from .models import EvaluationForm, Invitation, Question
from .services import invitations_generate


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["position", "kind", "text", "required", "choices"]


@admin.register(EvaluationForm)
class EvaluationFormAdmin(VersionedAdmin):
    list_display = ["title", "meeting", "state", "closes_at", "language"]
    list_filter = ["state", "language"]
    search_fields = ["title", "meeting__title_en"]
    autocomplete_fields = ["meeting"]
    readonly_fields = ["state", "version", "created_by"]
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(SimpleHistoryAdmin):
    list_display = ["text", "form", "position", "kind", "required"]
    list_filter = ["kind"]
    search_fields = ["text", "form__title"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Links: only their fingerprint and use are stored; nothing here leads to an answer.

    Adding one here generates a new link, shown once in the confirmation message.
    Responses and answers are deliberately not in the admin: they are read on the results
    page and in its CSV, and an add form would let anyone with admin access forge answers.
    """

    list_display = ["form", "label", "created_at", "used_at"]
    list_filter = ["form"]
    fields = ["form", "label", "token_hash", "created_at", "used_at"]
    readonly_fields = ["token_hash", "created_at", "used_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return ["form", "label", *self.readonly_fields]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        created = invitations_generate(
            form=obj.form, count=0 if obj.label else 1, labels=[obj.label] if obj.label else []
        )
        invitation, token = created[0]
        obj.pk = invitation.pk
        link = request.build_absolute_uri(reverse("evaluations:answer", args=[token]))
        messages.warning(request, _("New link (shown only now): %(link)s") % {"link": link})
