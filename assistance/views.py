"""Pages of technical assistance: the list, the request form, the request with its steps."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import CreateView, UpdateView

from core.roles import roles_of
from core.views import FilteredListView, RestrictedDetailView
from workflows.engine import history
from workflows.views import ServiceFormMixin, TransitionView
from workflows.writes import writes_for

from . import services
from .api.serializers import AssistanceRequestSerializer
from .choices import WORKFLOW
from .filtersets import AssistanceRequestFilterSet
from .forms import (
    AssistanceRequestEditForm,
    AssistanceRequestForm,
    PresentationForm,
    SecretariatNoteForm,
)
from .models import AssistanceRequest, SecretariatNote

PRESENTATION = "record_presentation"


def may_request(user) -> bool:
    """Whether ``user`` may request assistance at all: the write service's rule."""
    return writes_for(AssistanceRequest).may_create(user, {})


class AssistanceListView(FilteredListView):
    model = AssistanceRequest
    filterset_class = AssistanceRequestFilterSet
    serializer_class = AssistanceRequestSerializer
    template_name = "assistance/request_list.html"
    export_name = "assistance-requests"

    def base_queryset(self):
        return AssistanceRequest.objects.for_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_request"] = may_request(self.request.user)
        return context


class AssistanceCreateView(LoginRequiredMixin, ServiceFormMixin, CreateView):
    """The request form; the write goes through ``AssistanceRequestWrites``."""

    model = AssistanceRequest
    form_class = AssistanceRequestForm
    template_name = "assistance/request_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_request(request.user):
            raise PermissionDenied(_("Only focal points and the Secretariat request assistance."))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            response = super().form_valid(form)
        except PermissionDenied as refusal:
            # The service's refusal of the partner named, shown where the API gives its 403.
            form.add_error(None, str(refusal))
            return self.form_invalid(form)
        if response.status_code == 302:
            messages.success(self.request, _("Your request was submitted to the Secretariat."))
        return response

    def get_success_url(self):
        return self.object.get_absolute_url()


class AssistanceDetailView(RestrictedDetailView):
    model = AssistanceRequest
    template_name = "assistance/request_detail.html"
    context_object_name = "record"
    slug_field = "pk"
    slug_url_kwarg = "pk"

    def get_queryset(self):
        return AssistanceRequest.objects.for_list().restrict(self.request.user, "view")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record, user = self.object, self.request.user
        roles = roles_of(user)
        steps = WORKFLOW.available(record, user)
        context.update(
            workflow=WORKFLOW,
            transitions=[t for t in steps if t.name != PRESENTATION],
            presentation=next((t for t in steps if t.name == PRESENTATION), None),
            presentation_form=PresentationForm(),
            transition_url_name="assistance:transition",
            may_edit=AssistanceRequest.objects.restrict(user, "change")
            .filter(pk=record.pk)
            .exists(),
            is_staff=roles.staff,
        )
        if roles.staff or record.is_requester(user):
            context["steps"] = history(record)
        if roles.staff:
            context["notes"] = SecretariatNote.objects.restrict(user).filter(request=record)
            context["note_form"] = SecretariatNoteForm()
        return context


class AssistanceUpdateView(LoginRequiredMixin, ServiceFormMixin, UpdateView):
    model = AssistanceRequest
    form_class = AssistanceRequestEditForm
    template_name = "assistance/request_form.html"
    context_object_name = "record"

    def get_object(self, queryset=None):
        user = self.request.user
        record = get_object_or_404(
            AssistanceRequest.objects.restrict(user, "view"), pk=self.kwargs["pk"]
        )
        if not AssistanceRequest.objects.restrict(user, "change").filter(pk=record.pk).exists():
            raise PermissionDenied(_("This request can no longer be changed."))
        return record

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        response = super().form_valid(form)
        if response.status_code == 302:
            messages.success(self.request, _("The request was saved."))
        return response

    def get_success_url(self):
        return self.object.get_absolute_url()


class AssistanceTransitionView(TransitionView):
    """A workflow step from the request page; the presentation step names its meeting."""

    model = AssistanceRequest
    workflow = WORKFLOW
    extra_form_classes = (PresentationForm,)

    def perform_transition(self, record, name, *, user, reason, expected_version):
        return services.assistance_transition(
            record=record,
            name=name,
            by=user,
            reason=reason,
            expected_version=expected_version,
            meeting=self.cleaned.get("meeting"),
        )


class SecretariatNoteCreateView(View):
    """POST a private note (the Secretariat only; for anyone else the notes do not exist)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        record = get_object_or_404(AssistanceRequest.objects.restrict(request.user), pk=pk)
        service = writes_for(SecretariatNote)
        if not service.may_create(request.user, {"request": record}):
            raise Http404
        form = SecretariatNoteForm(request.POST)
        if form.is_valid():
            try:
                service.create(
                    by=request.user, values={"request": record, "text": form.cleaned_data["text"]}
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Note added."))
        else:
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return HttpResponseRedirect(record.get_absolute_url() + "#notes")
