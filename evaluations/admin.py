from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Answer, EvaluationForm, Invitation, Question, Response


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["position", "kind", "text", "required", "choices"]


@admin.register(EvaluationForm)
class EvaluationFormAdmin(SimpleHistoryAdmin):
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
    """Links: only their fingerprint and use are stored; nothing here leads to an answer."""

    list_display = ["form", "label", "created_at", "used_at"]
    list_filter = ["form"]
    readonly_fields = ["form", "token_hash", "label", "created_at", "used_at"]

    def has_add_permission(self, request):
        return False  # links are generated on the form's page, where the token is shown once


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    readonly_fields = ["question", "rating", "selected", "text"]
    can_delete = False


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["id", "form"]
    list_filter = ["form"]
    readonly_fields = ["id", "form"]
    inlines = [AnswerInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
