"""Pages of the monitoring app: initiatives, rounds, completeness, imports and open data."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import CreateView, TemplateView, UpdateView

from core.roles import roles_of
from core.views import FilteredListView, RestrictedDetailView
from workflows.engine import history
from workflows.views import ServiceFormMixin, TransitionView

from . import opendata, services
from .api.serializers import InitiativeSerializer
from .filtersets import InitiativeFilterSet
from .forms import FORMSETS, ImportForm, InitiativeForm, RoundForm
from .io.iati import ExportRefused, export_activities
from .io.rows import COLUMNS, ImportFailed, initiative_to_row
from .io.tabular import write_csv, write_xlsx
from .models import Initiative, Round, RoundSubmission, sees_rounds

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def file_response(body: bytes, name: str, fmt: str) -> HttpResponse:
    content_type = FORMATS.get(fmt, "application/xml")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def rows_file(rows: list[dict], columns, name: str, fmt: str) -> HttpResponse:
    if fmt == "csv":
        body = write_csv(rows, columns)
    elif fmt == "xlsx":
        body = write_xlsx(rows, columns, title=name)
    else:
        body = json.dumps(rows, ensure_ascii=False, indent=1, default=str).encode("utf-8")
    return file_response(body, name, fmt)


class InitiativeListView(FilteredListView):
    model = Initiative
    filterset_class = InitiativeFilterSet
    serializer_class = InitiativeSerializer
    template_name = "monitoring/initiative_list.html"
    export_name = "initiatives"

    def base_queryset(self):
        if self.request.GET.get("export"):
            return Initiative.objects.for_list(self.request.user)  # a file has every column
        # The page shows the reporting country and the framework items of 50 initiatives;
        # prefetching the other relations took about a third of its time.
        return Initiative.objects.select_related("country").prefetch_related("framework_items")

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("export")
        if fmt in ("csv", "json", "xlsx", "iati"):
            self.filterset = self.get_filterset()
            records = self.filtered()
            if fmt == "iati":
                try:
                    body, _unmapped = export_activities(records)
                except ExportRefused as refusal:  # never an invalid file: say which and why
                    return HttpResponse(
                        "\n".join(refusal.messages),
                        status=400,
                        content_type="text/plain; charset=utf-8",
                    )
                return file_response(body, "initiatives-iati", "xml")
            rows = [initiative_to_row(i) for i in records]
            return rows_file(rows, COLUMNS, "initiatives", fmt)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        roles = roles_of(self.request.user)
        context["can_import"] = roles.staff
        context["can_add"] = roles.staff or bool(roles.country_ids)
        return context


class InitiativeDetailView(RestrictedDetailView):
    model = Initiative
    template_name = "monitoring/initiative_detail.html"
    slug_field = "pk"
    slug_url_kwarg = "pk"

    def get_queryset(self):
        user = self.request.user
        return Initiative.objects.for_list(user).restrict(user, "view")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = (
            Initiative.objects.restrict(self.request.user, "change")
            .filter(pk=self.object.pk)
            .exists()
        )
        if roles_of(self.request.user).staff:
            context["versions"] = (
                Initiative.objects.filter(uid=self.object.uid)
                .exclude(pk=self.object.pk)
                .select_related("submission__round")
                .order_by("-id")
            )
        return context


class InitiativeFormMixin(LoginRequiredMixin, ServiceFormMixin):
    """Add and edit pages: the write goes through ``InitiativeWrites`` (as the API's and the
    admin's), the formsets of its rows are saved in the same transaction."""

    model = Initiative
    form_class = InitiativeForm
    template_name = "monitoring/initiative_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def formsets(self):
        if not hasattr(self, "_formsets"):
            data = self.request.POST if self.request.method == "POST" else None
            instance = self.object if getattr(self, "object", None) else Initiative()
            self._formsets = [
                (key, formset_class(data, instance=instance, prefix=key), label)
                for key, formset_class, label in FORMSETS
            ]
        return self._formsets

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["formsets"] = self.formsets()
        return context

    def service_values(self, form):
        values = super().service_values(form)
        values["framework_items"] = form.cleaned_data["framework_item_uids"]
        return values

    def form_valid(self, form):
        if not all(formset.is_valid() for _k, formset, _l in self.formsets()):
            return self.form_invalid(form)
        return super().form_valid(form)

    def save_related(self, form, record):
        for _key, formset, _label in self.formsets():
            formset.instance = record
            formset.save()


class InitiativeCreateView(InitiativeFormMixin, CreateView):
    def dispatch(self, request, *args, **kwargs):
        roles = roles_of(request.user)
        if request.user.is_authenticated and not (roles.staff or roles.country_ids):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except PermissionDenied as refusal:  # e.g. another partner's country: on the form
            form.add_error("country", str(refusal))
            return self.form_invalid(form)


class InitiativeUpdateView(InitiativeFormMixin, UpdateView):
    def get_queryset(self):
        return Initiative.objects.restrict(self.request.user, "change")


class InitiativeDeleteView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        record = get_object_or_404(Initiative.objects.restrict(request.user, "delete"), pk=pk)
        target = (
            record.submission.get_absolute_url()
            if record.submission_id
            else reverse("monitoring:initiatives")
        )
        services.initiative_delete(initiative=record, by=request.user)
        messages.success(request, _("The initiative was deleted."))
        return HttpResponseRedirect(target)


class ImportView(LoginRequiredMixin, TemplateView):
    """Import a file: the Secretariat into the database, a focal point into its submission."""

    template_name = "monitoring/import.html"

    def get_submission(self):
        pk = self.kwargs.get("pk")
        if pk is None:
            if not roles_of(self.request.user).staff:
                raise Http404
            return None
        return get_object_or_404(RoundSubmission.objects.restrict(self.request.user), pk=pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ImportForm())
        context["submission"] = self.submission
        return context

    def get(self, request, *args, **kwargs):
        self.submission = self.get_submission()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.submission = self.get_submission()
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        try:
            records, unmapped = services.initiatives_import(
                name=upload.name,
                data=upload.read(),
                by=request.user,
                submission=self.submission,
            )
        except ImportFailed as failure:
            return self.render_to_response(
                self.get_context_data(form=form, errors=failure.errors), status=400
            )
        return self.render_to_response(
            self.get_context_data(form=ImportForm(), imported=records, unmapped=unmapped)
        )


class RoundListView(LoginRequiredMixin, TemplateView):
    template_name = "monitoring/round_list.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not sees_rounds(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rounds"] = Round.objects.restrict(self.request.user)
        context["can_create"] = roles_of(self.request.user).staff
        context["submissions"] = (
            RoundSubmission.objects.restrict(self.request.user)
            .filter(country_id__in=roles_of(self.request.user).country_ids)
            .select_related("round", "country")
        )
        return context


class RoundCreateView(LoginRequiredMixin, ServiceFormMixin, CreateView):
    """A new (draft) round, through ``RoundWrites``."""

    model = Round
    form_class = RoundForm
    template_name = "monitoring/round_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not roles_of(request.user).staff:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class RoundDetailView(LoginRequiredMixin, RestrictedDetailView):
    model = Round
    template_name = "monitoring/round_detail.html"
    slug_field = "pk"
    slug_url_kwarg = "pk"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["submissions"] = (
            RoundSubmission.objects.restrict(self.request.user)
            .filter(round=self.object)
            .select_related("country")
        )
        context["staff"] = roles_of(self.request.user).staff
        return context


class RoundStepView(LoginRequiredMixin, View):
    """POST: open or close a round (the Secretariat)."""

    http_method_names = ["post"]

    def post(self, request, pk, step):
        round = get_object_or_404(Round.objects.restrict(request.user, "change"), pk=pk)
        action = {"open": services.round_open, "close": services.round_close}.get(step)
        if action is None:
            raise Http404
        try:
            action(round=round, by=request.user)
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, round.get_state_display())
        return redirect(round)


class SubmissionDetailView(LoginRequiredMixin, RestrictedDetailView):
    model = RoundSubmission
    template_name = "monitoring/submission_detail.html"
    slug_field = "pk"
    slug_url_kwarg = "pk"

    def get_queryset(self):
        return super().get_queryset().select_related("round", "country")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submission = self.object
        context.update(
            initiatives=submission.initiatives.select_related("country").order_by("uid"),
            transitions=services.submission_workflow.available(submission, self.request.user),
            transition_url_name="monitoring:submission-step",
            record=submission,
            steps=history(submission),
            can_edit=submission.editable
            and (
                roles_of(self.request.user).staff
                or roles_of(self.request.user).acts_for_country(submission.country_id)
            ),
        )
        return context


class SubmissionStepView(LoginRequiredMixin, TransitionView):
    model = RoundSubmission
    workflow = services.submission_workflow


class CompletenessView(LoginRequiredMixin, TemplateView):
    """Who has reported in a round, who has not; reminders (the Secretariat)."""

    template_name = "monitoring/completeness.html"

    def get_round(self):
        if not roles_of(self.request.user).staff:
            raise Http404
        return get_object_or_404(Round, pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        self.round = self.get_round()
        self.data = services.completeness(self.round)
        fmt = request.GET.get("export")
        if fmt:
            if fmt not in ("csv", "json"):
                raise Http404
            rows = [
                {
                    "country": row.country.iso2,
                    "name": row.country.name_en,
                    "state": row.state,
                    "reported": row.reported,
                    "initiatives": row.initiative_count,
                }
                for row in self.data["rows"]
            ]
            columns = ["country", "name", "state", "reported", "initiatives"]
            return rows_file(rows, columns, f"completeness-{slugify(self.round.title)}", fmt)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.round = self.get_round()
        try:
            sent = services.send_reminders(round=self.round, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Reminders sent to %(n)s partners.") % {"n": len(sent)})
        return redirect("monitoring:completeness", pk=self.round.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(round=self.round, **self.data)
        return context


class OpenDataView(TemplateView):
    template_name = "monitoring/open_data.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["datasets"] = opendata.datasets()
        context["licence"] = opendata.licence()
        return context

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["Link"] = opendata.link_header(request)
        return response


class OpenDataFileView(View):
    """A dataset's file; every one states its licence (``monitoring.opendata``)."""

    def get(self, request, key, fmt):
        dataset = opendata.dataset(key)
        if dataset is None or fmt not in FORMATS:
            raise Http404
        rows, columns = dataset.rows(), dataset.columns()
        if fmt == "json":
            document = {**opendata.about(dataset, request), "columns": columns, "rows": rows}
            body = json.dumps(document, ensure_ascii=False, indent=1, default=str)
            response = file_response(body.encode("utf-8"), key, fmt)
        elif fmt == "xlsx":
            about = opendata.about_sheet(dataset, request)
            response = file_response(write_xlsx(rows, columns, title=key, about=about), key, fmt)
        else:
            response = rows_file(rows, columns, key, fmt)
        response["Link"] = opendata.link_header(request)
        return response


class OpenDataCatalogueView(View):
    """``/monitoring/data/catalog.jsonld``: the datasets, their files and licence (DCAT)."""

    def get(self, request):
        body = json.dumps(opendata.catalogue(request), ensure_ascii=False, indent=1)
        response = HttpResponse(body, content_type="application/ld+json; charset=utf-8")
        response["Link"] = f'<{opendata.licence()["url"]}>; rel="license"'
        return response


class DictionaryView(TemplateView):
    template_name = "monitoring/dictionary.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["datasets"] = [(d, opendata.dictionary(d)) for d in opendata.datasets()]
        return context
