"""View mixins shared by every workflow: versioned edits and workflow steps."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views import View

from .forms import TransitionForm
from .locking import Conflict
from .writes import writes_for


def form_values(form) -> dict:
    """The model fields a ModelForm edits, as its cleaned data gives them."""
    # Not the primary key: an inline form's ``id`` is the row itself, not a value to write.
    names = {
        f.name for f in form._meta.model._meta.get_fields() if f.concrete and not f.primary_key
    }
    return {name: value for name, value in form.cleaned_data.items() if name in names}


def add_validation_error(form, error: ValidationError) -> None:
    """Show a write service's refusal on the form: on its field when the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class ServiceFormMixin:
    """For ``CreateView``/``UpdateView`` (or a ``FormView`` with ``get_record()``): the
    write goes through the model's write service (``workflows.writes.writes_for``).

    ``service_values(form)`` gives the values (the form's model fields, many-to-many
    included); ``save_related(form, record)`` saves formsets in the same transaction. A
    refusal comes back on the form. On a conflict nothing is written: the form is shown again
    with the user's input, an error, the current values (``conflict`` in the context) and the
    current version, so that a second save is a deliberate overwrite.
    """

    def service_values(self, form) -> dict:
        return form_values(form)

    def save_related(self, form, record) -> None:
        """Save formsets and other related rows (inside the transaction)."""

    def form_valid(self, form):
        service = writes_for(form._meta.model)
        record = form.instance
        values = self.service_values(form)
        try:
            with transaction.atomic():
                if record.pk is None:
                    record = service.create(by=self.request.user, values=values, record=record)
                else:
                    record = service.update(
                        record=record,
                        by=self.request.user,
                        values=values,
                        expected_version=form.cleaned_data.get("version"),
                    )
                self.save_related(form, record)
        except Conflict as conflict:
            data = form.data.copy()
            data["version"] = conflict.current.version
            form.data = data
            form.add_error(None, str(conflict.message))
            return self.render_to_response(
                self.get_context_data(form=form, conflict=conflict.current)
            )
        except ValidationError as error:
            add_validation_error(form, error)
            return self.form_invalid(form)
        self.object = record
        return HttpResponseRedirect(self.get_success_url())


class TransitionView(View):
    """POST ``reason`` and ``version`` to take a workflow step named in the URL.

    Subclasses set ``model`` and ``workflow`` and may override ``get_queryset()`` (or
    ``get_record()``); the record is looked up through ``restrict(user, "view")``, so a record
    the user may not see is a 404. ``extra_form_classes`` add fields a step needs (read from
    ``self.cleaned`` in ``perform_transition``). Refusals, conflicts and invalid input come
    back as a message on the record's page; nothing is written.
    """

    model = None
    workflow = None
    extra_form_classes: tuple = ()
    http_method_names = ["post"]

    def get_queryset(self):
        return self.model.objects.restrict(self.request.user, "view")

    def get_record(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def perform_transition(self, record, name, *, user, reason, expected_version):
        """The write; override to call the app's service. Raises what ``perform`` raises."""
        return self.workflow.perform(
            record, name, user=user, reason=reason, expected_version=expected_version
        )

    def post(self, request, pk, transition):
        record = self.get_record()
        forms = [
            TransitionForm(request.POST),
            *(cls(request.POST) for cls in self.extra_form_classes),
        ]
        valid = [form.is_valid() for form in forms]  # every form, for every error
        if not all(valid):
            errors = [e for form in forms for errs in form.errors.values() for e in errs]
            messages.error(request, " ".join(errors))
            return HttpResponseRedirect(record.get_absolute_url())
        self.cleaned = {k: v for form in forms for k, v in form.cleaned_data.items()}
        try:
            self.perform_transition(
                record,
                transition,
                user=request.user,
                reason=self.cleaned["reason"],
                expected_version=self.cleaned["version"],
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except Conflict as conflict:
            messages.error(request, str(conflict.message))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, self.workflow.state_label(record.state))
        return HttpResponseRedirect(record.get_absolute_url())
