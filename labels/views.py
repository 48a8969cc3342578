"""Pages of the labelling system: the public labelled activities and the applications
workspace (create, edit, steps, outcome report, history)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core.roles import roles_of
from core.views import FilteredListView, RestrictedDetailView
from meetings.selectors import source_links
from workflows.locking import Conflict
from workflows.views import TransitionView, add_validation_error, form_values
from workflows.writes import writes_for

from .api.serializers import ApplicationSerializer, LabelSerializer
from .filtersets import ApplicationFilterSet, LabelFilterSet
from .forms import ApplicationForm, LinkFormSet, ReportForm, link_initial
from .models import LabelApplication
from .services import LINKS, application_transition, label_report_submit
from .workflow import WORKFLOW


class LabelListView(FilteredListView):
    """``/labels/``: the labelled activities, filterable, with CSV/JSON export."""

    model = LabelApplication
    filterset_class = LabelFilterSet
    serializer_class = LabelSerializer
    template_name = "labels/label_list.html"
    export_name = "labelled-activities"

    def get_queryset(self):
        return LabelApplication.objects.for_list().restrict(self.request.user).labelled()


class LabelDetailView(RestrictedDetailView):
    """``/labels/<pk>/``: the public page of a labelled activity."""

    model = LabelApplication
    template_name = "labels/label_detail.html"
    context_object_name = "label"
    slug_field = "pk"
    slug_url_kwarg = "pk"

    def get_queryset(self):
        return (
            LabelApplication.objects.for_list()
            .restrict(self.request.user)
            .labelled()
            .select_related("place_country", "meeting")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sources"] = source_links(self.object.source, self.request.user)
        return context


class ApplicationListView(LoginRequiredMixin, FilteredListView):
    """``/labels/applications/``: the applications the user may see."""

    model = LabelApplication
    filterset_class = ApplicationFilterSet
    serializer_class = ApplicationSerializer
    template_name = "labels/application_list.html"
    export_name = "label-applications"

    def get_queryset(self):
        return LabelApplication.objects.for_list().restrict(self.request.user, "workspace")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        roles = roles_of(self.request.user)
        context["may_apply"] = roles.staff or roles.focal_point
        return context


class ApplicationDetailView(LoginRequiredMixin, TemplateView):
    """``/labels/applications/<pk>/``: the application, its steps and its history."""

    template_name = "labels/application_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = get_object_or_404(
            LabelApplication.objects.restrict(self.request.user, "workspace").select_related(
                "lead_country", "lead_organisation", "place_country", "created_by"
            ),
            pk=self.kwargs["pk"],
        )
        user = self.request.user
        roles = roles_of(user)
        steps = [t for t in WORKFLOW.available(application, user) if t.name != "report_outcome"]
        context.update(
            application=application,
            record=application,
            transitions=steps,
            transition_url_name="labels:transition",
            links=application.links.select_related("item__framework"),
            show_contact=True,
            may_edit=writes_for(LabelApplication).may_change(user, application),
            may_report=application.report_open()
            and "applicant" in application.workflow_actors(user),
            report_form=ReportForm(initial={"version": application.version}),
            steps=WORKFLOW.history(application)
            if roles.staff or _is_applicant(application, user)
            else [],
            show_history=roles.staff or _is_applicant(application, user),
            workflow=WORKFLOW,
        )
        return context


def _is_applicant(application, user) -> bool:
    return "applicant" in application.workflow_actors(user)


class ApplicationFormMixin(LoginRequiredMixin):
    """Create and edit share one page: the application form and its linked actions."""

    template_name = "labels/application_form.html"
    application = None

    def render(self, form, formset, status=200, conflict=None):
        from django.shortcuts import render

        return render(
            self.request,
            self.template_name,
            {"form": form, "formset": formset, "application": self.application,
             "conflict": conflict},
            status=status,
        )  # fmt: skip

    def values(self, form, formset) -> dict:
        """The write service's values: the form's fields and the linked actions."""
        return {**form_values(form), LINKS: formset.links()}


class ApplicationCreateView(ApplicationFormMixin, TemplateView):
    def dispatch(self, request, *args, **kwargs):
        writes = writes_for(LabelApplication)
        if request.user.is_authenticated and not writes.may_create(request.user, {}):
            raise PermissionDenied(_("Only focal points of a partner may apply for a label."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(ApplicationForm(user=request.user), LinkFormSet(prefix="links"))

    def post(self, request):
        form = ApplicationForm(request.POST, user=request.user)
        formset = LinkFormSet(request.POST, prefix="links")
        if not (form.is_valid() and formset.is_valid()):
            return self.render(form, formset, status=400)
        try:
            application = writes_for(LabelApplication).create(
                by=request.user, values=self.values(form, formset), record=form.instance
            )
        except ValidationError as error:
            _attach(form, formset, error)
            return self.render(form, formset, status=400)
        messages.success(request, _("The draft application is saved."))
        return HttpResponseRedirect(application.get_absolute_url())


class ApplicationUpdateView(ApplicationFormMixin, TemplateView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.application = get_object_or_404(
                LabelApplication.objects.restrict(request.user, "workspace"), pk=kwargs["pk"]
            )
            if not self.application.is_editable:
                messages.error(
                    request,
                    _("An application can be edited only while it is a draft or sent back for "
                      "changes."),
                )  # fmt: skip
                return HttpResponseRedirect(self.application.get_absolute_url())
            if not writes_for(LabelApplication).may_change(request.user, self.application):
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        return self.render(
            ApplicationForm(instance=self.application, user=request.user),
            LinkFormSet(prefix="links", initial=link_initial(self.application)),
        )

    def post(self, request, pk):
        form = ApplicationForm(request.POST, instance=self.application, user=request.user)
        formset = LinkFormSet(request.POST, prefix="links")
        if not (form.is_valid() and formset.is_valid()):
            return self.render(form, formset, status=400)
        try:
            writes_for(LabelApplication).update(
                record=form.instance,
                by=request.user,
                values=self.values(form, formset),
                expected_version=form.cleaned_data.get("version"),
            )
        except Conflict as conflict:
            data = request.POST.copy()
            data["version"] = conflict.current.version
            # A fresh copy for the form: the form writes the user's input on its instance,
            # and ``conflict`` must keep showing the current values.
            fresh = LabelApplication.objects.get(pk=conflict.current.pk)
            form = ApplicationForm(data, instance=fresh, user=request.user)
            form.is_valid()
            form.add_error(None, str(conflict.message))
            return self.render(form, formset, status=409, conflict=conflict.current)
        except ValidationError as error:
            _attach(form, formset, error)
            return self.render(form, formset, status=400)
        messages.success(request, _("The application is saved."))
        return HttpResponseRedirect(self.application.get_absolute_url())


def _attach(form, formset, error: ValidationError) -> None:
    """The service's refusal on the form; the linked actions' on the formset."""
    if hasattr(error, "error_dict") and LINKS in error.error_dict:
        formset._non_form_errors = formset.error_class(error.message_dict[LINKS])
        error = ValidationError({k: v for k, v in error.error_dict.items() if k != LINKS})
        if not error.error_dict:
            return
    add_validation_error(form, error)


class ApplicationTransitionView(LoginRequiredMixin, TransitionView):
    model = LabelApplication
    workflow = WORKFLOW

    def get_queryset(self):
        return LabelApplication.objects.restrict(self.request.user, "workspace")

    def perform_transition(self, record, name, *, user, reason, expected_version):
        return application_transition(
            application=record, name=name, by=user, reason=reason, expected_version=expected_version
        )


class ReportView(LoginRequiredMixin, TemplateView):
    """POST the outcome report (the step ``report_outcome``)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        application = get_object_or_404(
            LabelApplication.objects.restrict(request.user, "workspace"), pk=pk
        )
        form = ReportForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
            return HttpResponseRedirect(application.get_absolute_url())
        try:
            label_report_submit(
                application=application,
                by=request.user,
                text=form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"],
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except Conflict as conflict:
            messages.error(request, str(conflict.message))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you: the outcome report is received."))
        return HttpResponseRedirect(application.get_absolute_url())
