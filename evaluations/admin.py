from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from workflows.admin import ServiceAdmin, VersionedAdmin
from workflows.views import form_values
from workflows.writes import writes_for

from .models import EvaluationForm, Invitation, Question


class QuestionFormSet(BaseInlineFormSet):
    """Runs ``QuestionWrites``' checks when the admin form is validated, so that a refusal
    (the form is no longer a draft) is shown on the form, not raised at save time."""

    writer = None

    def clean(self):
        super().clean()
        if self.instance.pk is None:
            return  # a new form is a draft; its questions are checked when saved
        writes = writes_for(Question)
        errors = []
        for row in self.forms:
            try:
                if row in self.deleted_forms:
                    if row.instance.pk is not None:
                        writes.before_delete(row.instance, by=self.writer)
                elif row.has_changed() and not row.errors:
                    writes.check(
                        row.instance,
                        by=self.writer,
                        values={**form_values(row), "form": self.instance},
                        creating=row.instance.pk is None,
                    )
            except ValidationError as error:
                errors.extend(error.messages)
            except PermissionDenied as error:
                errors.append(str(error))
        if errors:
            raise ValidationError(sorted(set(errors)))


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["position", "kind", "text", "required", "choices"]
    formset = QuestionFormSet

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"writer": request.user})


@admin.register(EvaluationForm)
class EvaluationFormAdmin(VersionedAdmin):
    list_display = ["title", "meeting", "state", "closes_at", "language"]
    list_filter = ["state", "language"]
    search_fields = ["title", "meeting__title_en"]
    autocomplete_fields = ["meeting"]
    readonly_fields = ["state", "version", "created_by"]
    inlines = [QuestionInline]

    def save_formset(self, request, form, formset, change):
        """The questions go through their write service too (``QuestionWrites``)."""
        if formset.model is not Question:
            return super().save_formset(request, form, formset, change)
        writes = writes_for(Question)
        questions = formset.save(commit=False)
        for question in formset.deleted_objects:
            writes.delete(record=question, by=request.user)
        for question, row in ((q, f) for f in formset.forms for q in questions if f.instance is q):
            values = form_values(row)
            if question.pk is None:
                writes.create(by=request.user, values={**values, "form": form.instance},
                              record=question)  # fmt: skip
            else:
                writes.update(record=question, by=request.user, values=values)


@admin.register(Question)
class QuestionAdmin(ServiceAdmin, SimpleHistoryAdmin):
    """Saves and deletes through ``QuestionWrites`` (a draft form's questions only)."""

    def has_delete_permission(self, request, obj=None):
        # The service's rule decides; its refusal is a 403 here instead of an error at delete.
        if obj is not None:
            try:
                writes_for(Question).before_delete(obj, by=request.user)
            except ValidationError:
                return False
        return super().has_delete_permission(request, obj)

    list_display = ["text", "form", "position", "kind", "required"]
    list_filter = ["kind"]
    search_fields = ["text", "form__title"]


@admin.register(Invitation)
class InvitationAdmin(ServiceAdmin):
    """Links: only their fingerprint and use are stored; nothing here leads to an answer.

    Adding one here generates a new link (``InvitationWrites``), shown once in the
    confirmation message.
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
        super().save_model(request, obj, form, change)
        if not change:
            link = request.build_absolute_uri(reverse("evaluations:answer", args=[obj.token]))
            messages.warning(request, _("New link (shown only now): %(link)s") % {"link": link})
